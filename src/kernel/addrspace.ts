import { KernelInputError, panic } from './errors.js';
import type { Kmem } from './kmem.js';
import { PGSIZE, hex, isPageAligned, pgRoundUp } from './param.js';
import { KernelRecord } from './record.js';
import {
  PA2PTE, PTE_A, PTE_COW, PTE_D, PTE_PROT_NONE, PTE_R, PTE_U, PTE_V, PTE_W, PTE_X, PTE2PA,
  createPageTable, freePageTable, isPresent, makeSatp, megapageEnd, readPte, unmapPages, walk, writePte,
} from './vm.js';
import {
  BACKING_ANON, VM_EXEC, VM_GROWSDOWN, VM_READ, VM_SHARED, VM_WRITE,
  Vma, allocVma, canMerge, freeVma, type VmaFields,
} from './vma.js';

/**
 * A process's address space (Linux's mm_struct): a page table, an ASID, the
 * program break and a list of VMAs.
 *
 * User-space layout, fixed and without randomization so runs are repeatable:
 *
 *   0x0000_0000 .. MMAP_MIN_ADDR    never mapped (NULL pointer traps)
 *   text, data, bss                 from the ELF PT_LOAD segments (0x0001_0000 for GNU ld)
 *   [heap]                          from the page after bss, moved by brk
 *   ... free ...
 *   mmap areas                      placed top-down below mmapBase (0x7800_0000 by default)
 *   ... gap: at least the stack limit plus the guard gap, at least 128 MiB (Linux's MIN_GAP)
 *   [stack]                         grows down from STACK_TOP on demand, to the stack limit
 *   TASK_SIZE = 0x8000_0000         user space ends; nothing above is user-accessible
 *
 * Virtual and physical addresses are independent: RAM happens to sit at
 * physical 0x8000_0000, but that is not why user space stops there. A 2 GiB
 * user space is simply the lower half of Sv32's 4 GiB, like a 2G/2G split.
 *
 * The mm record itself lives in emulated RAM (a 32-byte kmalloc object):
 *   +0 root  +4 asid  +8 pid  +12 first VMA record  +16 start_brk  +20 brk
 *   +24 stack limit  +28 mmap base
 */

export const TASK_SIZE = 0x8000_0000;
export const STACK_TOP = TASK_SIZE;
export const DEFAULT_STACK_LIMIT = 8 * 1024 * 1024;
/** Linux's stack_guard_gap: 256 pages kept free below a grows-down VMA. */
export const STACK_GUARD_GAP = 256 * PGSIZE;
/** Linux's vm.mmap_min_addr default (CONFIG_DEFAULT_MMAP_MIN_ADDR). */
export const MMAP_MIN_ADDR = 0x1000;
/** Where bottom-up mmap placement starts when top-down finds no room (Linux: TASK_SIZE / 3). */
export const TASK_UNMAPPED_BASE = pgRoundUp(TASK_SIZE / 3);
const MIN_GAP = 128 * 1024 * 1024;
const MAX_GAP = (TASK_SIZE / 6) * 5;

const MM_RECORD_BYTES = 32;
const MM_ROOT = 0;
const MM_ASID = 4;
const MM_PID = 8;
const MM_VMA_HEAD = 12;
const MM_START_BRK = 16;
const MM_BRK = 20;
const MM_STACK_LIMIT = 24;
const MM_MMAP_BASE = 28;

/** The page-fault classes, each with a counter per address space. */
export const FAULT_CLASSES = [
  'demand-zero', 'file-backed', 'stack-growth', 'copy-on-write', 'ad-update', 'spurious',
  'protection', 'outside-vma', 'out-of-memory',
] as const;
export type FaultClass = (typeof FAULT_CLASSES)[number];

export interface AddressSpaceOptions {
  /** RLIMIT_STACK: how far the stack may grow, in bytes. Default 8 MiB. */
  stackLimit?: number;
}

export class AddressSpace extends KernelRecord {
  /** Page faults by class (kernel statistics, not user-visible memory). */
  readonly faults: Record<FaultClass, number>;

  private constructor(kmem: Kmem, pa: number) {
    super(kmem, pa);
    this.faults = Object.fromEntries(FAULT_CLASSES.map((c) => [c, 0])) as Record<FaultClass, number>;
  }

  /**
   * A new address space for process `pid`: an empty page table, an ASID and
   * a one-page [stack] VMA below STACK_TOP. Null when RAM or ASIDs run out
   * (nothing is left allocated then).
   */
  static create(kmem: Kmem, pid: number, options: AddressSpaceOptions = {}): AddressSpace | null {
    const as = AddressSpace.createEmpty(kmem, pid, options);
    if (as === null) return null;
    const stack = as.addVma({
      start: STACK_TOP - PGSIZE, end: STACK_TOP, flags: VM_READ | VM_WRITE | VM_GROWSDOWN,
      backing: BACKING_ANON, backingId: 0, offset: 0, nameId: kmem.nameId('[stack]'),
    });
    if (stack === null) {
      as.destroy();
      return null;
    }
    return as;
  }

  /** Like create, but without any VMA (fork fills in the parent's). */
  static createEmpty(kmem: Kmem, pid: number, options: AddressSpaceOptions = {}): AddressSpace | null {
    const stackLimit = options.stackLimit ?? DEFAULT_STACK_LIMIT;
    if (!isPageAligned(stackLimit) || stackLimit < PGSIZE || stackLimit > STACK_TOP / 2) {
      throw new KernelInputError(`stack limit ${stackLimit} must be whole pages, at least one, at most 1 GiB`);
    }
    if (!Number.isInteger(pid) || pid < 1) throw new KernelInputError(`bad pid ${pid}`);
    const pa = kmem.slab.kmalloc(MM_RECORD_BYTES);
    if (pa === null) return null;
    const root = createPageTable(kmem);
    const asid = kmem.allocAsid();
    if (root === null || asid === null) {
      if (root !== null) kmem.frames.freeFrame(root);
      if (asid !== null) kmem.freeAsid(asid);
      kmem.slab.kfree(pa);
      return null;
    }
    const mem = kmem.mem;
    mem.write32(pa + MM_ROOT, root);
    mem.write32(pa + MM_ASID, asid);
    mem.write32(pa + MM_PID, pid);
    mem.write32(pa + MM_STACK_LIMIT, stackLimit);
    const gap = Math.min(Math.max(stackLimit + STACK_GUARD_GAP, MIN_GAP), MAX_GAP);
    mem.write32(pa + MM_MMAP_BASE, STACK_TOP - gap);
    return new AddressSpace(kmem, pa);
  }

  /** Set where the heap starts (the page after bss); the break starts there too. */
  initBrk(va: number): void {
    if (!isPageAligned(va) || va >= TASK_SIZE) throw new KernelInputError(`heap start ${hex(va)} must be a page in user space`);
    this.startBrk = va;
    this.brk = va;
  }

  get root(): number {
    return this.word(MM_ROOT);
  }
  get asid(): number {
    return this.word(MM_ASID);
  }
  get pid(): number {
    return this.word(MM_PID);
  }
  /** Where the heap starts (page-aligned, the page after bss); brk never goes below it. */
  get startBrk(): number {
    return this.word(MM_START_BRK);
  }
  set startBrk(va: number) {
    this.setWord(MM_START_BRK, va);
  }
  /** The program break as the program last set it (not rounded). */
  get brk(): number {
    return this.word(MM_BRK);
  }
  set brk(va: number) {
    this.setWord(MM_BRK, va);
  }
  get stackLimit(): number {
    return this.word(MM_STACK_LIMIT);
  }
  get mmapBase(): number {
    return this.word(MM_MMAP_BASE);
  }

  /** The satp value that runs this address space. */
  satp(): number {
    return makeSatp(this.kmem.mode, this.root, this.asid);
  }

  /** The VMAs in ascending address order, read from the records in RAM. */
  vmas(): Vma[] {
    const list: Vma[] = [];
    for (let pa = this.word(MM_VMA_HEAD); pa !== 0; pa = list[list.length - 1]!.nextPa) {
      list.push(new Vma(this.kmem, pa));
    }
    return list;
  }

  /** The VMA containing va, or null. */
  findVma(va: number): Vma | null {
    return this.vmas().find((v) => v.contains(va)) ?? null;
  }

  /** The VMAs that overlap [start, end), in order. */
  vmasIn(start: number, end: number): Vma[] {
    return this.vmas().filter((v) => v.start < end && v.end > start);
  }

  /**
   * Allocate a VMA with `fields`, link it in and merge it with equal
   * neighbours; returns the VMA that now covers it, or null when RAM is
   * exhausted. The range must be free.
   */
  addVma(fields: VmaFields): Vma | null {
    const vma = allocVma(this.kmem, fields);
    if (vma === null) return null;
    this.link(vma);
    return this.mergeAround(vma);
  }

  /**
   * Split vma at `at` (page-aligned, inside it): vma keeps [start, at), the
   * returned new VMA gets [at, end). Null when RAM is exhausted.
   */
  splitVma(vma: Vma, at: number): Vma | null {
    if (!isPageAligned(at) || at <= vma.start || at >= vma.end) panic('splitVma', `${hex(at)} not inside ${vma}`);
    const upper = allocVma(this.kmem, {
      ...vma.fields(),
      start: at,
      offset: vma.backing === BACKING_ANON ? 0 : vma.offset + (at - vma.start),
    });
    if (upper === null) return null;
    this.kmem.holdBacking(vma.backing, vma.backingId);
    vma.end = at;
    upper.nextPa = vma.nextPa;
    vma.nextPa = upper.pa;
    return upper;
  }

  /** Merge vma with its neighbours where canMerge allows; returns the surviving VMA. */
  mergeAround(vma: Vma): Vma {
    const list = this.vmas();
    const at = list.findIndex((v) => v.pa === vma.pa);
    let survivor = vma;
    const next = list[at + 1];
    if (next !== undefined && canMerge(survivor, next)) this.absorbNext(survivor, next);
    const prev = list[at - 1];
    if (prev !== undefined && canMerge(prev, survivor)) {
      this.absorbNext(prev, survivor);
      survivor = prev;
    }
    return survivor;
  }

  /**
   * Remove every mapping in [start, end) (page-aligned): split VMAs that
   * straddle the edges, free the pages and the records. False when a split
   * ran out of RAM; the range is then left mapped.
   */
  unmapRange(start: number, end: number): boolean {
    const overlapping = this.vmasIn(start, end);
    if (overlapping.length === 0) return true;
    const first = overlapping[0]!;
    let last = overlapping.at(-1)!;
    if (first.start < start) {
      const upper = this.splitVma(first, start);
      if (upper === null) return false;
      if (last === first) last = upper;
    }
    if (last.end > end && this.splitVma(last, end) === null) {
      if (first.start < start) this.mergeAround(first); // undo the first cut
      return false;
    }
    for (const vma of this.vmasIn(start, end)) this.removeVma(vma);
    return true;
  }

  /** Unlink a VMA, free its pages, its reference to its backing object, and its record. */
  removeVma(vma: Vma): void {
    unmapPages(this.kmem, this.root, vma.start, vma.pages, true);
    this.kmem.releaseBacking(vma.backing, vma.backingId);
    this.unlink(vma);
    freeVma(vma);
  }

  /**
   * Give a VMA new flags and rewrite the PTEs of its present pages to match
   * (see pagePerm). The caller flushes the TLB for this ASID afterwards.
   */
  setFlags(vma: Vma, flags: number): void {
    vma.flags = flags;
    for (let va = vma.start; va < vma.end; va += PGSIZE) {
      const ptePa = walk(this.kmem, this.root, va, false);
      if (ptePa === null) {
        va = megapageEnd(this.kmem.mode, va) - PGSIZE;
        continue;
      }
      const pte = readPte(this.kmem, ptePa);
      if (!isPresent(pte)) continue;
      const pa = PTE2PA(pte);
      writePte(this.kmem, ptePa, (PA2PTE(pa) | (pte & (PTE_A | PTE_D)) | this.pagePerm(vma, pa)) >>> 0);
    }
  }

  /**
   * The permission bits (and V) of the PTE for frame pa in vma: U plus R, W,
   * X from the flags, where Sv32 has no write-only pages so W implies R (as
   * Linux's RISC-V protection_map). A private writable page whose frame is
   * shared gets the COW marker instead of W. A page with no access at all is
   * PTE_PROT_NONE with V clear.
   */
  pagePerm(vma: Vma, pa: number): number {
    const flags = vma.flags;
    if ((flags & (VM_READ | VM_WRITE | VM_EXEC)) === 0) return PTE_PROT_NONE;
    let perm = PTE_V | PTE_U;
    if (flags & (VM_READ | VM_WRITE)) perm |= PTE_R;
    if (flags & VM_EXEC) perm |= PTE_X;
    if (flags & VM_WRITE) {
      const copyOnWrite = (flags & VM_SHARED) === 0 && this.kmem.frames.refCount(pa) > 1;
      perm |= copyOnWrite ? PTE_COW : PTE_W;
    }
    return perm;
  }

  /** Free everything: pages, VMA records, page-table pages, the ASID and the mm record. */
  destroy(): void {
    for (const vma of this.vmas()) this.removeVma(vma);
    freePageTable(this.kmem, this.root);
    this.kmem.freeAsid(this.asid);
    this.kmem.slab.kfree(this.pa);
  }

  // Insert a VMA record into the list at its place; overlap is a kernel bug.
  private link(vma: Vma): void {
    const list = this.vmas();
    const overlap = list.find((v) => v.start < vma.end && v.end > vma.start);
    if (overlap !== undefined) panic('link', `${vma} overlaps ${overlap}`);
    const prev = list.filter((v) => v.end <= vma.start).at(-1);
    if (prev === undefined) {
      vma.nextPa = this.word(MM_VMA_HEAD);
      this.setWord(MM_VMA_HEAD, vma.pa);
    } else {
      vma.nextPa = prev.nextPa;
      prev.nextPa = vma.pa;
    }
  }

  private unlink(vma: Vma): void {
    if (this.word(MM_VMA_HEAD) === vma.pa) {
      this.setWord(MM_VMA_HEAD, vma.nextPa);
      return;
    }
    const prev = this.vmas().find((v) => v.nextPa === vma.pa);
    if (prev === undefined) panic('unlink', `${vma} not in the list`);
    prev.nextPa = vma.nextPa;
  }

  // Fold `next` (adjacent, compatible) into `vma` and free its record.
  private absorbNext(vma: Vma, next: Vma): void {
    vma.end = next.end;
    vma.nextPa = next.nextPa;
    this.kmem.releaseBacking(next.backing, next.backingId);
    freeVma(next);
  }
}
