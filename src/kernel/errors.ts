import { MmulabError } from '../errors.js';

/**
 * A broken kernel invariant: the kernel's own bookkeeping is wrong, so
 * continuing would corrupt memory. Like xv6's panic(), the message starts with
 * the name of the function that noticed.
 */
export class KernelPanic extends MmulabError {
  override name = 'KernelPanic';
}

/** Stop with a KernelPanic: `panic('walk', 'megapage')` reads "walk: megapage". */
export function panic(fn: string, why: string): never {
  throw new KernelPanic(`${fn}: ${why}`);
}

/** Bad input handed to the kernel by its caller (a malformed ELF, a bad option). */
export class KernelInputError extends MmulabError {
  override name = 'KernelInputError';
}
