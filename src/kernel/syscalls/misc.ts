import { EFAULT, EINVAL } from '../errno.js';
import { PGSIZE } from '../param.js';
import { copyToUser } from '../uaccess.js';
import { MAX_RW_COUNT } from './io.js';
import type { SyscallContext } from './context.js';

/** getrandom and uname. */

// include/uapi/linux/random.h
export const GRND_NONBLOCK = 0x1;
export const GRND_RANDOM = 0x2;
export const GRND_INSECURE = 0x4;

/** struct utsname: six 65-byte NUL-padded fields (__NEW_UTS_LEN + 1). */
const UTS_FIELD_BYTES = 65;
export const UTSNAME = {
  sysname: 'Linux',
  nodename: 'mmulab',
  release: '6.1.0-mmulab',
  version: '#1 mmulab',
  machine: 'riscv32',
  domainname: '(none)',
} as const;

/**
 * getrandom(buf, count, flags): `count` bytes from the kernel's seeded,
 * deterministic stream (random.ts); the entropy pool is always ready, so no
 * flag ever blocks. GRND_INSECURE with GRND_RANDOM, or unknown flags, is EINVAL.
 * It fills the buffer a page at a time (never holding a huge count in
 * memory) and, like Linux, returns the bytes written before a bad page, or
 * EFAULT if that is none.
 */
export function sysGetrandom({ kernel, proc, args }: SyscallContext): number {
  const [buf, count, flags] = args as [number, number, number];
  if ((flags & ~(GRND_NONBLOCK | GRND_RANDOM | GRND_INSECURE)) !== 0) return -EINVAL;
  if ((flags & (GRND_INSECURE | GRND_RANDOM)) === (GRND_INSECURE | GRND_RANDOM)) return -EINVAL;
  const n = Math.min(count, MAX_RW_COUNT);
  let done = 0;
  while (done < n) {
    const len = Math.min(PGSIZE - ((buf + done) % PGSIZE), n - done); // to the end of the page
    if (copyToUser(proc.mm(), buf + done, kernel.randomBytes(len)) < 0) return done > 0 ? done : -EFAULT;
    done += len;
  }
  return done;
}

/** uname(buf): fills struct new_utsname. */
export function sysUname({ proc, args }: SyscallContext): number {
  const fields = Object.values(UTSNAME);
  const bytes = new Uint8Array(fields.length * UTS_FIELD_BYTES);
  fields.forEach((text, i) => bytes.set(new TextEncoder().encode(text), i * UTS_FIELD_BYTES));
  return copyToUser(proc.mm(), args[0]!, bytes) < 0 ? -EFAULT : 0;
}
