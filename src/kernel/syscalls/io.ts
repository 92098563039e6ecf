import { EBADF, EFAULT, EINVAL } from '../errno.js';
import { copyFromUser, copyToUser } from '../uaccess.js';
import type { SyscallContext } from './context.js';

/**
 * read, write and writev: mmulab has no file system, so the only files are
 * the three standard ones. fd 0 reads from the input the kernel was given
 * (shared by all processes, 0 at its end); fd 1 and 2 collect what each
 * process writes. Any other fd is EBADF, checked before the buffer, as
 * Linux's fdget comes first.
 *
 * A buffer the process may not access fails the whole call with EFAULT
 * (Linux would write the bytes before the bad page and return that count).
 */

const STDIN = 0;
/** Linux's MAX_RW_COUNT (INT_MAX rounded down to a page): the most one call transfers. */
export const MAX_RW_COUNT = 0x7fff_f000;
/** UIO_MAXIOV: the most iovecs one writev takes. */
export const UIO_MAXIOV = 1024;
const IOVEC_BYTES = 8;

/** read(fd, buf, count). */
export function sysRead({ kernel, proc, args }: SyscallContext): number {
  const [fd, buf, count] = args as [number, number, number];
  if (fd !== STDIN) return -EBADF;
  if (count === 0) return 0;
  const bytes = kernel.readStdin(Math.min(count, MAX_RW_COUNT));
  if (bytes.length === 0) return 0;
  return copyToUser(proc.mm(), buf, bytes) < 0 ? -EFAULT : bytes.length;
}

/** write(fd, buf, count). */
export function sysWrite({ kernel, proc, args }: SyscallContext): number {
  const [fd, buf, count] = args as [number, number, number];
  const out = outputFd(fd);
  if (out === null) return -EBADF;
  const bytes = copyFromUser(proc.mm(), buf, Math.min(count, MAX_RW_COUNT));
  if (!bytes.ok) return -EFAULT;
  kernel.output(proc, out, bytes.value);
  return bytes.value.length;
}

/** writev(fd, iov, iovcnt): the buffers gathered into one write. */
export function sysWritev({ kernel, proc, args }: SyscallContext): number {
  const [fd, iov, iovcnt] = args as [number, number, number];
  const out = outputFd(fd);
  if (out === null) return -EBADF;
  if (iovcnt > UIO_MAXIOV) return -EINVAL;
  const vec = copyFromUser(proc.mm(), iov, iovcnt * IOVEC_BYTES);
  if (!vec.ok) return -EFAULT;
  const view = new DataView(vec.value.buffer, vec.value.byteOffset, vec.value.byteLength);
  const parts: Uint8Array[] = [];
  let total = 0;
  for (let i = 0; i < iovcnt; i++) {
    const base = view.getUint32(i * IOVEC_BYTES, true);
    const len = view.getUint32(i * IOVEC_BYTES + 4, true);
    // A length that is negative as ssize_t is EINVAL; the total is capped at MAX_RW_COUNT.
    if (len > 0x7fff_ffff) return -EINVAL;
    const take = Math.min(len, MAX_RW_COUNT - total);
    const part = copyFromUser(proc.mm(), base, take);
    if (!part.ok) return -EFAULT;
    parts.push(part.value);
    total += take;
  }
  const bytes = new Uint8Array(total);
  let at = 0;
  for (const part of parts) {
    bytes.set(part, at);
    at += part.length;
  }
  if (total > 0) kernel.output(proc, out, bytes);
  return total;
}

function outputFd(fd: number): 1 | 2 | null {
  return fd === 1 || fd === 2 ? fd : null;
}
