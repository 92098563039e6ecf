import { MAP_FIXED, sysBrk, sysMadvise, sysMmap, sysMprotect, sysMunmap } from '../mm-syscalls.js';
import type { SyscallContext } from './context.js';

/**
 * The memory system calls: mm-syscalls.ts does the work on the address
 * space; here they get their register arguments, and the TLB is flushed for
 * the process's ASID whenever PTEs may have been removed or downgraded (as
 * Linux's flush_tlb_range after zap_page_range and change_protection).
 */

/** brk(addr): flushes when the break moved down (pages were unmapped). */
export function sysBrkCall({ kernel, proc, args }: SyscallContext): number {
  const as = proc.mm();
  const before = as.brk;
  const result = sysBrk(as, args[0]!);
  if (result < before) kernel.flushTlb(proc);
  return result;
}

/** mmap2(addr, length, prot, flags, fd, pgoff): MAP_FIXED may replace mappings, so it flushes. */
export function sysMmapCall({ kernel, proc, args }: SyscallContext): number {
  const [addr, length, prot, flags, fd, pgoff] = args as [number, number, number, number, number, number];
  const result = sysMmap(proc.mm(), addr, length, prot, flags, fd, pgoff);
  if ((flags & MAP_FIXED) !== 0) kernel.flushTlb(proc);
  return result;
}

export function sysMunmapCall({ kernel, proc, args }: SyscallContext): number {
  const result = sysMunmap(proc.mm(), args[0]!, args[1]!);
  kernel.flushTlb(proc);
  return result;
}

export function sysMprotectCall({ kernel, proc, args }: SyscallContext): number {
  const result = sysMprotect(proc.mm(), args[0]!, args[1]!, args[2]!);
  kernel.flushTlb(proc);
  return result;
}

export function sysMadviseCall({ kernel, proc, args }: SyscallContext): number {
  const result = sysMadvise(proc.mm(), args[0]!, args[1]!, args[2]!);
  kernel.flushTlb(proc);
  return result;
}
