import {
  MMAP_MIN_ADDR, STACK_GUARD_GAP, TASK_SIZE, TASK_UNMAPPED_BASE, type AddressSpace,
} from './addrspace.js';
import { EBADF, EEXIST, EINVAL, ENOMEM, EOVERFLOW, EPERM } from './errno.js';
import { KernelInputError } from './errors.js';
import { PGSIZE, isPageAligned, pgRoundUp } from './param.js';
import { mapNewPage } from './fault.js';
import { unmapPages } from './vm.js';
import {
  BACKING_ANON, BACKING_SHARED, VM_ACCESS, VM_EXEC, VM_GROWSDOWN, VM_READ, VM_SHARED, VM_WRITE, type Vma,
} from './vma.js';

/**
 * The memory system calls, as pure functions of (address space, register
 * arguments) returning what the syscall returns in a0: a value, or a negated
 * errno. Semantics, argument checks and their order follow Linux (mm/mmap.c
 * do_mmap and brk, mm/vma.c do_vmi_munmap, mm/mprotect.c, mm/madvise.c) for
 * rv32, where mmap is mmap2 and its last argument counts 4 KiB pages.
 *
 * Arguments are the unsigned 32-bit register values; sums wrap at 2^32 as the
 * kernel's unsigned long does. Callers flush the TLB for the ASID after a
 * call that may have removed or downgraded PTEs (munmap, mprotect, madvise,
 * brk shrinking, MAP_FIXED).
 *
 * Flags other than MAP_SHARED, MAP_PRIVATE, MAP_FIXED, MAP_FIXED_NOREPLACE,
 * MAP_ANONYMOUS, MAP_GROWSDOWN and MAP_POPULATE are accepted and ignored, as
 * Linux ignores most of them for anonymous memory.
 *
 * Differences from Linux, on purpose: there is no file system, so mmap of a
 * file descriptor fails with EBADF; madvise accepts only MADV_NORMAL, RANDOM,
 * SEQUENTIAL, WILLNEED (no-ops) and DONTNEED.
 */

// include/uapi/asm-generic/mman-common.h and mman.h values (RISC-V uses these).
export const PROT_NONE = 0x0;
export const PROT_READ = 0x1;
export const PROT_WRITE = 0x2;
export const PROT_EXEC = 0x4;
export const PROT_SEM = 0x8;
export const PROT_GROWSDOWN = 0x0100_0000;
export const PROT_GROWSUP = 0x0200_0000;
export const MAP_SHARED = 0x01;
export const MAP_PRIVATE = 0x02;
export const MAP_SHARED_VALIDATE = 0x03;
export const MAP_TYPE = 0x0f;
export const MAP_FIXED = 0x10;
export const MAP_ANONYMOUS = 0x20;
export const MAP_GROWSDOWN = 0x0100;
export const MAP_POPULATE = 0x8000;
export const MAP_FIXED_NOREPLACE = 0x10_0000;
export const MADV_NORMAL = 0;
export const MADV_RANDOM = 1;
export const MADV_SEQUENTIAL = 2;
export const MADV_WILLNEED = 3;
export const MADV_DONTNEED = 4;

const U32 = 2 ** 32;
const SHARED_ANON_NAME = '/dev/zero (deleted)';

/** brk(2): move the program break; returns the new break, or the old one if it cannot move. */
export function sysBrk(as: AddressSpace, brk: number): number {
  checkU32(brk);
  const old = as.brk;
  if (brk < as.startBrk) return old;
  const newEnd = pgRoundUp(brk);
  const oldEnd = pgRoundUp(old);
  if (newEnd === oldEnd) {
    as.brk = brk;
    return brk;
  }
  if (brk <= old) {
    // Shrinking is always allowed.
    if (!as.unmapRange(newEnd, oldEnd)) return old;
    as.brk = brk;
    return brk;
  }
  if (newEnd > TASK_SIZE) return old;
  // Keep a page (and a stack's guard gap) free between the heap and the next mapping.
  const next = as.vmas().find((v) => v.end > oldEnd);
  if (next !== undefined && newEnd + PGSIZE > startGap(next)) return old;
  const heap = as.addVma({
    start: oldEnd, end: newEnd, flags: VM_READ | VM_WRITE,
    backing: BACKING_ANON, backingId: 0, offset: 0, nameId: as.kmem.nameId('[heap]'),
  });
  if (heap === null) return old;
  as.brk = brk;
  return brk;
}

/** mmap2(2): map anonymous memory; returns the address or a negated errno. `pgoff` counts pages. */
export function sysMmap(as: AddressSpace, addr: number, length: number, prot: number, flags: number, fd: number, pgoff: number): number {
  [addr, length, prot, flags, fd, pgoff].forEach(checkU32);
  if ((flags & MAP_ANONYMOUS) === 0) return -EBADF;
  if (length === 0) return -EINVAL;
  if (flags & MAP_FIXED_NOREPLACE) flags |= MAP_FIXED;
  const fixed = (flags & MAP_FIXED) !== 0;
  if (!fixed) addr = roundHintToMin(addr);
  const len = pageAlign32(length);
  if (len === 0) return -ENOMEM;
  if (pgoff + len / PGSIZE >= U32) return -EOVERFLOW;
  const start = unmappedArea(as, addr, len, fixed);
  if (start < 0) return start;
  if (flags & MAP_FIXED_NOREPLACE && as.vmasIn(start, start + len).length > 0) return -EEXIST;

  let vmFlags = protFlags(prot) | (flags & MAP_GROWSDOWN ? VM_GROWSDOWN : 0);
  const type = flags & MAP_TYPE;
  if (type === MAP_SHARED) {
    if (vmFlags & VM_GROWSDOWN) return -EINVAL;
    vmFlags |= VM_SHARED;
  } else if (type !== MAP_PRIVATE) {
    return -EINVAL;
  }
  if (fixed && !as.unmapRange(start, start + len)) return -ENOMEM;
  const shared = type === MAP_SHARED ? as.kmem.newSharedObject() : null;
  const vma = as.addVma({
    start, end: start + len, flags: vmFlags,
    backing: shared === null ? BACKING_ANON : BACKING_SHARED,
    backingId: shared === null ? 0 : shared.id,
    offset: 0,
    nameId: shared === null ? 0 : as.kmem.nameId(SHARED_ANON_NAME),
  });
  if (vma === null) {
    if (shared !== null) as.kmem.releaseBacking(BACKING_SHARED, shared.id);
    return -ENOMEM;
  }
  if (flags & MAP_POPULATE) populate(as, vma, start, start + len);
  return start;
}

// MAP_POPULATE: map every page of [start, end) now, as a write would if the
// mapping is writable. Like Linux, running out of memory here is not an
// error: the remaining pages are left to demand paging.
function populate(as: AddressSpace, vma: Vma, start: number, end: number): void {
  if ((vma.flags & VM_ACCESS) === 0) return;
  const access = vma.flags & VM_WRITE ? 'store' : 'load';
  for (let page = start; page < end; page += PGSIZE) {
    if (!mapNewPage(as, vma, page, access)) return;
  }
}

/** munmap(2): unmapping nothing is fine; a partial unmap splits VMAs. */
export function sysMunmap(as: AddressSpace, addr: number, length: number): number {
  checkU32(addr);
  checkU32(length);
  if (!isPageAligned(addr) || addr > TASK_SIZE || length > TASK_SIZE - addr) return -EINVAL;
  const end = addr + pgRoundUp(length);
  if (end === addr) return -EINVAL;
  return as.unmapRange(addr, end) ? 0 : -ENOMEM;
}

/**
 * mprotect(2). Like Linux, VMAs before a hole in the range are changed
 * before the hole is found and ENOMEM returned.
 */
export function sysMprotect(as: AddressSpace, addr: number, length: number, prot: number): number {
  [addr, length, prot].forEach(checkU32);
  const grows = prot & (PROT_GROWSDOWN | PROT_GROWSUP);
  prot &= ~(PROT_GROWSDOWN | PROT_GROWSUP);
  if (grows === (PROT_GROWSDOWN | PROT_GROWSUP)) return -EINVAL;
  if (!isPageAligned(addr)) return -EINVAL;
  if (length === 0) return 0;
  let start = addr;
  const end = addr + pgRoundUp(length);
  if (end >= U32) return -ENOMEM;
  if (prot & ~(PROT_READ | PROT_WRITE | PROT_EXEC | PROT_SEM)) return -EINVAL;
  const first = as.vmas().find((v) => v.end > start && v.start < end);
  if (first === undefined) return -ENOMEM;
  if (grows & PROT_GROWSDOWN) {
    start = first.start;
    if ((first.flags & VM_GROWSDOWN) === 0) return -EINVAL;
  } else if (grows & PROT_GROWSUP) {
    return -EINVAL; // no VMA grows up on RISC-V
  } else if (first.start > start) {
    return -ENOMEM;
  }
  // `from` is where the next VMA must start for the range to have no hole;
  // a VMA just changed may have merged with the next one, so that one can
  // start before `from`.
  let from = start;
  while (from < end) {
    const vma = as.vmas().find((v) => v.end > from && v.start < end);
    if (vma === undefined || vma.start > from) return -ENOMEM;
    const to = Math.min(vma.end, end);
    if (!protectPart(as, vma, from, to, (vma.flags & ~VM_ACCESS) | protFlags(prot))) return -ENOMEM;
    from = to;
  }
  return 0;
}

/**
 * madvise(2). MADV_DONTNEED drops the pages: private anonymous memory reads
 * back as zeros, file-backed memory as the file, shared memory keeps its data.
 * Holes in the range give ENOMEM after the VMAs around them were handled.
 */
export function sysMadvise(as: AddressSpace, addr: number, length: number, advice: number): number {
  [addr, length, advice].forEach(checkU32);
  if (advice > MADV_DONTNEED) return -EINVAL;
  if (!isPageAligned(addr)) return -EINVAL;
  const len = pageAlign32(length);
  if (length !== 0 && len === 0) return -EINVAL;
  const end = addr + len;
  if (end >= U32) return -EINVAL;
  if (end === addr) return 0;
  let result = 0;
  let from = addr;
  for (const vma of as.vmasIn(addr, end)) {
    if (vma.start > from) result = -ENOMEM;
    const s = Math.max(vma.start, addr);
    const e = Math.min(vma.end, end);
    if (advice === MADV_DONTNEED) unmapPages(as.kmem, as.root, s, (e - s) / PGSIZE, true);
    from = e;
  }
  return from < end ? -ENOMEM : result;
}

// Give [from, to) of vma the flags `flags`, splitting it off first and
// merging afterwards. False when a split ran out of RAM.
function protectPart(as: AddressSpace, vma: Vma, from: number, to: number, flags: number): boolean {
  if (vma.flags === flags) return true;
  let part = vma;
  if (part.start < from) {
    const upper = as.splitVma(part, from);
    if (upper === null) return false;
    part = upper;
  }
  if (part.end > to && as.splitVma(part, to) === null) {
    as.mergeAround(part); // undo the first cut
    return false;
  }
  as.setFlags(part, flags);
  as.mergeAround(part);
  return true;
}

// Where a mapping of len bytes goes (Linux's __get_unmapped_area with the
// top-down allocator), or a negated errno.
function unmappedArea(as: AddressSpace, addr: number, len: number, fixed: boolean): number {
  if (len > TASK_SIZE - MMAP_MIN_ADDR) return -ENOMEM;
  let start: number;
  if (fixed) {
    start = addr;
  } else if (addr !== 0 && addr <= TASK_SIZE - len && addr >= MMAP_MIN_ADDR && fitsAt(as, addr, len)) {
    start = addr;
  } else {
    const found = highestGap(as, len, Math.max(PGSIZE, MMAP_MIN_ADDR), as.mmapBase) ?? lowestGap(as, len, TASK_UNMAPPED_BASE, TASK_SIZE);
    if (found === null) return -ENOMEM;
    start = found;
  }
  if (start > TASK_SIZE - len) return -ENOMEM;
  if (!isPageAligned(start)) return -EINVAL;
  if (start < MMAP_MIN_ADDR) return -EPERM;
  return start;
}

// The free gaps of the address space as [start, end) pairs, ascending; a
// grows-down VMA's guard gap counts as taken.
function gaps(as: AddressSpace): Array<[number, number]> {
  const list: Array<[number, number]> = [];
  let from = 0;
  for (const vma of as.vmas()) {
    const to = startGap(vma);
    if (to > from) list.push([from, to]);
    from = Math.max(from, vma.end);
  }
  if (from < TASK_SIZE) list.push([from, TASK_SIZE]);
  return list;
}

function fitsAt(as: AddressSpace, addr: number, len: number): boolean {
  return gaps(as).some(([s, e]) => s <= addr && addr + len <= e);
}

// The top of the highest gap within [low, high) that holds len bytes.
function highestGap(as: AddressSpace, len: number, low: number, high: number): number | null {
  for (const [s, e] of gaps(as).reverse()) {
    const top = Math.min(e, high);
    if (top - Math.max(s, low) >= len) return top - len;
  }
  return null;
}

// The bottom of the lowest gap within [low, high) that holds len bytes.
function lowestGap(as: AddressSpace, len: number, low: number, high: number): number | null {
  for (const [s, e] of gaps(as)) {
    const bottom = Math.max(s, low);
    if (Math.min(e, high) - bottom >= len) return bottom;
  }
  return null;
}

// Where a VMA's claim on the address space starts: its guard gap if it grows down.
function startGap(vma: Vma): number {
  return vma.flags & VM_GROWSDOWN ? Math.max(0, vma.start - STACK_GUARD_GAP) : vma.start;
}

// Linux's round_hint_to_min: hints are page-aligned down, and a hint below
// mmap_min_addr becomes mmap_min_addr.
function roundHintToMin(hint: number): number {
  const down = hint - (hint % PGSIZE);
  return down !== 0 && down < MMAP_MIN_ADDR ? MMAP_MIN_ADDR : down;
}

// PAGE_ALIGN on a 32-bit unsigned long: wraps to 0 for the last page's worth.
function pageAlign32(n: number): number {
  return pgRoundUp(n) % U32;
}

function protFlags(prot: number): number {
  return (prot & PROT_READ ? VM_READ : 0) | (prot & PROT_WRITE ? VM_WRITE : 0) | (prot & PROT_EXEC ? VM_EXEC : 0);
}

function checkU32(n: number): void {
  if (!Number.isInteger(n) || n < 0 || n >= U32) throw new KernelInputError(`system call argument ${n} is not a 32-bit register value`);
}
