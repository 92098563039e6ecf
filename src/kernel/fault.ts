import { STACK_GUARD_GAP, TASK_SIZE, type AddressSpace, type FaultClass } from './addrspace.js';
import { KernelInputError, panic } from './errors.js';
import { formatMaps } from './maps.js';
import { PGSIZE, hex, pgRoundDown } from './param.js';
import {
  PA2PTE, PTE_A, PTE_COW, PTE_D, PTE_R, PTE_U, PTE_W, PTE_X, PTE2PA, PTE_FLAGS,
  isLeaf, isPresent, mapPages, readPte, walk, writePte,
} from './vm.js';
import {
  BACKING_FILE, BACKING_SHARED, VM_ACCESS, VM_EXEC, VM_GROWSDOWN, VM_READ, VM_WRITE, type Vma,
} from './vma.js';

/**
 * Page-fault handling (the memory half of xv6's usertrap plus Linux's
 * handle_mm_fault): decide whether a user page fault is legal, and if so fix
 * the page table so the instruction can be retried.
 *
 * Legal faults: the first touch of a page in a VMA (demand-zero, or filled
 * from the file image), a touch just below a grows-down stack VMA (stack
 * growth), a store to a copy-on-write page, and under Svade an access to a
 * present page whose A (or, for a store, D) bit is clear. Illegal ones: an
 * address in no VMA, an access the VMA forbids, and running out of RAM; they
 * return a kill decision with a report for the caller to print.
 */

// scause values for page faults (privileged spec, "Supervisor Cause Register").
export const CAUSE_FETCH_PAGE_FAULT = 12;
export const CAUSE_LOAD_PAGE_FAULT = 13;
export const CAUSE_STORE_PAGE_FAULT = 15;

// Signals and SIGSEGV si_codes (Linux asm-generic/signal.h, siginfo.h).
export const SIGKILL = 9;
export const SIGSEGV = 11;
export const SEGV_MAPERR = 1;
export const SEGV_ACCERR = 2;

export type Access = 'load' | 'store' | 'fetch';

export interface PageFault {
  /** The faulting virtual address (stval). */
  va: number;
  access: Access;
  pc: number;
}

export interface FaultReport {
  address: number;
  access: Access;
  pc: number;
  faultClass: FaultClass;
  signal: number;
  /** si_code: SEGV_MAPERR or SEGV_ACCERR for SIGSEGV, 0 for SIGKILL. */
  code: number;
  /** The process's /proc/PID/maps at the time of the fault. */
  maps: string;
}

export type FaultOutcome =
  | { action: 'resume'; faultClass: FaultClass }
  | { action: 'kill'; faultClass: FaultClass; report: FaultReport };

/** The access type of a page-fault scause, or null for other causes. */
export function accessForCause(cause: number): Access | null {
  switch (cause) {
    case CAUSE_FETCH_PAGE_FAULT:
      return 'fetch';
    case CAUSE_LOAD_PAGE_FAULT:
      return 'load';
    case CAUSE_STORE_PAGE_FAULT:
      return 'store';
    default:
      return null;
  }
}

/** Handle one user page fault in `as`; counts it under its class. */
export function handlePageFault(as: AddressSpace, fault: PageFault): FaultOutcome {
  if (!isRegister(fault.va) || !isRegister(fault.pc)) {
    throw new KernelInputError(`page fault at ${fault.va} (pc ${fault.pc}): not 32-bit register values`);
  }
  const outcome = classifyAndFix(as, fault);
  as.faults[outcome.faultClass]++;
  return outcome;
}

function classifyAndFix(as: AddressSpace, fault: PageFault): FaultOutcome {
  const { va, access } = fault;
  if (va >= TASK_SIZE) return kill(as, fault, 'outside-vma');
  let vma = as.findVma(va);
  let grew = false;
  if (vma === null) {
    vma = stackToGrow(as, va);
    if (vma === null) return kill(as, fault, 'outside-vma');
    grew = true;
  }
  if (!vmaAllows(vma.flags, access)) return kill(as, fault, 'protection');
  if (grew) vma.start = pgRoundDown(va);

  const pageVa = pgRoundDown(va);
  const ptePa = walk(as.kmem, as.root, pageVa, false);
  const pte = ptePa === null ? 0 : readPte(as.kmem, ptePa);
  if (ptePa === null || !isPresent(pte)) {
    if (!mapNewPage(as, vma, pageVa, access)) return kill(as, fault, 'out-of-memory');
    if (grew) return resume('stack-growth');
    return resume(vma.backing === BACKING_FILE ? 'file-backed' : 'demand-zero');
  }
  if (access === 'store' && pte & PTE_COW) {
    return breakCow(as, ptePa, pte, access) ? resume('copy-on-write') : kill(as, fault, 'out-of-memory');
  }
  if (!isLeaf(pte) || !pteAllows(pte, access)) panic('handlePageFault', `pte ${hex(pte)} at ${hex(pageVa)} disagrees with ${vma}`);
  const ad = adBits(access);
  if (as.kmem.ad === 'fault' && (pte & ad) !== ad) {
    writePte(as.kmem, ptePa, (pte | ad) >>> 0);
    return resume('ad-update');
  }
  // The PTE already allows the access: the hart used a stale TLB entry (for
  // example after mprotect widened a page). Retrying after sfence.vma works.
  return resume('spurious');
}

/**
 * Map a new page at pageVa (not present) in vma: a fresh zeroed frame,
 * filled from the file image for file-backed VMAs, or the shared object's
 * page. A/D are preset under Svade for the access that caused it (as Linux
 * does with pte_mkyoung/pte_mkdirty), left to the hart under Svadu. False
 * when RAM is exhausted (nothing is left allocated).
 */
export function mapNewPage(as: AddressSpace, vma: Vma, pageVa: number, access: Access): boolean {
  const pa = pageFor(as, vma, pageVa);
  if (pa === null) return false;
  let perm = as.pagePerm(vma, pa);
  if (as.kmem.ad === 'fault') perm |= adBits(access);
  if (!mapPages(as.kmem, as.root, pageVa, PGSIZE, pa, perm)) {
    as.kmem.frames.decRef(pa);
    return false;
  }
  return true;
}

// The frame for pageVa holding one reference for the new mapping, or null.
function pageFor(as: AddressSpace, vma: Vma, pageVa: number): number | null {
  const frames = as.kmem.frames;
  const offset = vma.offset + (pageVa - vma.start);
  if (vma.backing === BACKING_SHARED) {
    const obj = as.kmem.sharedObject(vma.backingId);
    let pa = obj.pages.get(offset / PGSIZE);
    if (pa === undefined) {
      const fresh = frames.allocFrame({ pid: as.pid });
      if (fresh === null) return null;
      obj.pages.set(offset / PGSIZE, fresh);
      pa = fresh;
    }
    frames.incRef(pa);
    return pa;
  }
  const pa = frames.allocFrame({ pid: as.pid });
  if (pa === null) return null;
  if (vma.backing === BACKING_FILE) copyFileBytes(as, vma.backingId, offset, pa);
  return pa;
}

// Copy the file bytes at [offset, offset + PGSIZE) that the image has into
// the zeroed frame at pa; the rest of the page stays zero (bss in the last
// page of a segment, and bytes of the file outside the segment).
function copyFileBytes(as: AddressSpace, fileId: number, offset: number, pa: number): void {
  const file = as.kmem.file(fileId);
  const from = Math.max(offset, file.offset);
  const to = Math.min(offset + PGSIZE, file.offset + file.data.length);
  if (from >= to) return;
  as.kmem.mem.write(pa + (from - offset), file.data.subarray(from - file.offset, to - file.offset));
}

// A store to a COW page: if the frame is no longer shared, take it back
// writable; otherwise copy it into a new frame and drop the shared one.
function breakCow(as: AddressSpace, ptePa: number, pte: number, access: Access): boolean {
  const frames = as.kmem.frames;
  const old = PTE2PA(pte);
  let pa = old;
  if (frames.refCount(old) > 1) {
    const copy = frames.allocFrame({ pid: as.pid });
    if (copy === null) return false;
    as.kmem.mem.write(copy, as.kmem.mem.read(old, PGSIZE));
    frames.decRef(old);
    pa = copy;
  }
  const flags = (PTE_FLAGS(pte) & ~PTE_COW) | PTE_W | (as.kmem.ad === 'fault' ? adBits(access) : 0);
  writePte(as.kmem, ptePa, (PA2PTE(pa) | flags) >>> 0);
  return true;
}

/**
 * The grows-down VMA that a fault at va (in no VMA) may extend, or null:
 * va must be just below it, within the stack limit, and not within the guard
 * gap of the accessible VMA below (Linux's expand_downwards).
 */
function stackToGrow(as: AddressSpace, va: number): Vma | null {
  const vmas = as.vmas();
  const at = vmas.findIndex((v) => v.start > va);
  const stack = vmas[at];
  if (stack === undefined || (stack.flags & VM_GROWSDOWN) === 0) return null;
  const newStart = pgRoundDown(va);
  if (stack.end - newStart > as.stackLimit) return null;
  const below = vmas[at - 1];
  const guarded = below !== undefined && (below.flags & VM_GROWSDOWN) === 0 && (below.flags & VM_ACCESS) !== 0;
  if (guarded && newStart - below.end < STACK_GUARD_GAP) return null;
  return stack;
}

function isRegister(n: number): boolean {
  return Number.isInteger(n) && n >= 0 && n < 2 ** 32;
}

function vmaAllows(flags: number, access: Access): boolean {
  switch (access) {
    case 'load':
      // Sv32 has no write-only pages: a writable VMA is readable.
      return (flags & (VM_READ | VM_WRITE)) !== 0;
    case 'store':
      return (flags & VM_WRITE) !== 0;
    case 'fetch':
      return (flags & VM_EXEC) !== 0;
  }
}

function pteAllows(pte: number, access: Access): boolean {
  const need = access === 'load' ? PTE_R : access === 'store' ? PTE_W : PTE_X;
  return (pte & PTE_U) !== 0 && (pte & need) !== 0;
}

function adBits(access: Access): number {
  return access === 'store' ? PTE_A | PTE_D : PTE_A;
}

function resume(faultClass: FaultClass): FaultOutcome {
  return { action: 'resume', faultClass };
}

function kill(as: AddressSpace, fault: PageFault, faultClass: FaultClass): FaultOutcome {
  const oom = faultClass === 'out-of-memory';
  const report: FaultReport = {
    address: fault.va,
    access: fault.access,
    pc: fault.pc,
    faultClass,
    signal: oom ? SIGKILL : SIGSEGV,
    code: oom ? 0 : faultClass === 'protection' ? SEGV_ACCERR : SEGV_MAPERR,
    maps: formatMaps(as),
  };
  return { action: 'kill', faultClass, report };
}

/** The report as text: one summary line, then the memory map. */
export function formatFaultReport(report: FaultReport): string {
  const signal = report.signal === SIGKILL ? 'SIGKILL' : report.code === SEGV_ACCERR ? 'SIGSEGV (SEGV_ACCERR)' : 'SIGSEGV (SEGV_MAPERR)';
  return (
    `page fault: ${report.access} at ${hex(report.address)}, pc ${hex(report.pc)}: ${report.faultClass}; ${signal}\n` +
    report.maps
  );
}
