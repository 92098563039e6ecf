import { EFAULT, ENAMETOOLONG } from './errno.js';
import { panic } from './errors.js';
import type { FrameAllocator } from './frames.js';
import { PGSIZE, hex, isPageAligned, pgRoundDown } from './param.js';
import { inRam } from './phys.js';

/**
 * Page tables, written into emulated RAM exactly as the privileged spec lays
 * them out (section "Sv32: Page-Based 32-bit Virtual-Memory Systems"), so the
 * hart's walker reads what this file writes. The xv6 vm.c of mmulab.
 *
 * A paging mode is data: levels, VPN bits per level, PTE size, and the satp
 * layout. Only Sv32 exists today; Sv39 is another PagingMode value plus 8-byte
 * PTE access. The kernel maps only 4 KiB pages: a leaf above level 0 (a
 * megapage) in a user page table is a broken invariant. PTEs are handled as
 * 32-bit numbers (Sv32); Sv39's 8-byte PTEs would need 64-bit PTE access in
 * readPte/writePte/PTE2PA.
 */
export interface PagingMode {
  readonly name: string;
  /** satp.MODE value. */
  readonly satpMode: number;
  readonly satpModeShift: number;
  readonly asidBits: number;
  readonly asidShift: number;
  /** Width of satp.PPN, and of a PTE's PPN field. */
  readonly ppnBits: number;
  readonly levels: number;
  readonly vpnBits: number;
  readonly pteBytes: number;
  /** Virtual addresses are [0, 2^vaBits). */
  readonly vaBits: number;
}

export const SV32: PagingMode = {
  name: 'sv32',
  satpMode: 1,
  satpModeShift: 31,
  asidBits: 9,
  asidShift: 22,
  ppnBits: 22,
  levels: 2,
  vpnBits: 10,
  pteBytes: 4,
  vaBits: 32,
};

/** Bytes one leaf PTE at `level` maps: 4 KiB at level 0, a 4 MiB megapage at level 1 in Sv32. */
export function levelPageSize(mode: PagingMode, level: number): number {
  return PGSIZE * 2 ** (mode.vpnBits * level);
}

/**
 * The end of the megapage-sized region holding va: when a walk finds no
 * page-table page for va, nothing before this is mapped either, so a loop
 * over pages can resume here.
 */
export function megapageEnd(mode: PagingMode, va: number): number {
  const size = levelPageSize(mode, 1);
  return Math.floor(va / size) * size + size;
}

// PTE bits (privileged spec, Sv32 PTE format).
export const PTE_V = 1 << 0;
export const PTE_R = 1 << 1;
export const PTE_W = 1 << 2;
export const PTE_X = 1 << 3;
export const PTE_U = 1 << 4;
export const PTE_G = 1 << 5;
export const PTE_A = 1 << 6;
export const PTE_D = 1 << 7;
/** The two RSW bits 9:8 are the supervisor's; mmulab marks copy-on-write pages with bit 8. */
export const PTE_COW = 1 << 8;
/**
 * A PROT_NONE page keeps its frame but must fault on every access, so its PTE
 * has V clear (the hart ignores all other bits then) and this marker set, as
 * Linux does on RISC-V (_PAGE_PROT_NONE is the G bit).
 */
export const PTE_PROT_NONE = PTE_G;
/** The PPN field starts at bit 10 of a PTE. */
export const PTE_PPN_SHIFT = 10;
const PTE_FLAG_BITS = 0x3ff;

/** What the vm functions need: the frames (and through them RAM) and the paging mode. */
export interface VmContext {
  readonly frames: FrameAllocator;
  readonly mode: PagingMode;
}

/** The VPN field of va for `level` (xv6's PX). */
export function PX(mode: PagingMode, level: number, va: number): number {
  return Math.floor(va / levelPageSize(mode, level)) % 2 ** mode.vpnBits;
}

/** The physical address a PTE points at (xv6's PTE2PA). */
export function PTE2PA(pte: number): number {
  return (pte >>> PTE_PPN_SHIFT) * PGSIZE;
}

/** The PPN field for a page-aligned physical address (xv6's PA2PTE). */
export function PA2PTE(pa: number): number {
  return (pa / PGSIZE) * 2 ** PTE_PPN_SHIFT;
}

/** The low ten bits: V R W X U G A D and RSW. */
export function PTE_FLAGS(pte: number): number {
  return pte & PTE_FLAG_BITS;
}

/** A valid PTE with any of R/W/X is a leaf; with none it points to the next level. */
export function isLeaf(pte: number): boolean {
  return (pte & PTE_V) !== 0 && (pte & (PTE_R | PTE_W | PTE_X)) !== 0;
}

/** Does the PTE hold a frame: valid, or a PROT_NONE page? */
export function isPresent(pte: number): boolean {
  return (pte & (PTE_V | PTE_PROT_NONE)) !== 0;
}

/** The satp value that selects page table `root` with address-space id `asid`. */
export function makeSatp(mode: PagingMode, root: number, asid: number): number {
  const ppn = root / PGSIZE;
  if (!isPageAligned(root) || ppn >= 2 ** mode.ppnBits) panic('makeSatp', `bad root ${hex(root)}`);
  if (!Number.isInteger(asid) || asid < 0 || asid >= 2 ** mode.asidBits) panic('makeSatp', `bad asid ${asid}`);
  return mode.satpMode * 2 ** mode.satpModeShift + asid * 2 ** mode.asidShift + ppn;
}

export function readPte(vm: VmContext, ptePa: number): number {
  return vm.frames.mem.read32(ptePa);
}

export function writePte(vm: VmContext, ptePa: number, pte: number): void {
  vm.frames.mem.write32(ptePa, pte);
}

/** An empty (zeroed) root page table, or null when RAM is exhausted. */
export function createPageTable(vm: VmContext): number | null {
  return vm.frames.allocFrame('page-table');
}

/**
 * The physical address of the level-0 PTE for va in the table at `root`. With
 * `alloc`, missing page-table pages are allocated (owner 'page-table');
 * without it, or when RAM is exhausted, a missing level returns null.
 */
export function walk(vm: VmContext, root: number, va: number, alloc: boolean): number | null {
  const { mode } = vm;
  if (!Number.isInteger(va) || va < 0 || va >= 2 ** mode.vaBits) panic('walk', `va ${va} out of range`);
  let table = root;
  for (let level = mode.levels - 1; level > 0; level--) {
    const ptePa = table + PX(mode, level, va) * mode.pteBytes;
    const pte = readPte(vm, ptePa);
    if (pte & PTE_V) {
      if (isLeaf(pte)) panic('walk', `superpage at level ${level} for va ${hex(va)}`);
      table = PTE2PA(pte);
    } else {
      if (!alloc) return null;
      const page = vm.frames.allocFrame('page-table');
      if (page === null) return null;
      writePte(vm, ptePa, PA2PTE(page) | PTE_V);
      table = page;
    }
  }
  return table + PX(mode, 0, va) * mode.pteBytes;
}

/**
 * Map the `size` bytes at va to the physical pages at pa with leaf
 * permissions `perm` (V is added). All three must be page-aligned and the
 * pages unmapped. Returns false if a page-table page could not be allocated,
 * after removing the mappings this call made (page-table pages it allocated
 * stay, empty, until freePageTable).
 */
export function mapPages(vm: VmContext, root: number, va: number, size: number, pa: number, perm: number): boolean {
  if (size <= 0 || !isPageAligned(va) || !isPageAligned(size) || !isPageAligned(pa)) {
    panic('mapPages', `unaligned va ${hex(va)} size ${size} pa ${hex(pa)}`);
  }
  if ((perm & (PTE_R | PTE_W | PTE_X)) === 0) panic('mapPages', 'perm is not a leaf');
  for (let off = 0; off < size; off += PGSIZE) {
    const ptePa = walk(vm, root, va + off, true);
    if (ptePa === null) {
      unmapPages(vm, root, va, off / PGSIZE, false);
      return false;
    }
    if (isPresent(readPte(vm, ptePa))) panic('mapPages', `remap of ${hex(va + off)}`);
    writePte(vm, ptePa, PA2PTE(pa + off) | perm | PTE_V);
  }
  return true;
}

/**
 * Remove the mappings of npages pages from va (page-aligned), PROT_NONE pages
 * included; pages that are not mapped are skipped. With `free`, drop a reference to each frame (which
 * frees it when unshared). Returns how many pages were mapped.
 */
export function unmapPages(vm: VmContext, root: number, va: number, npages: number, free: boolean): number {
  if (!isPageAligned(va)) panic('unmapPages', `unaligned va ${hex(va)}`);
  let unmapped = 0;
  for (let n = 0; n < npages; n++) {
    const ptePa = walk(vm, root, va + n * PGSIZE, false);
    if (ptePa === null) {
      n = (megapageEnd(vm.mode, va + n * PGSIZE) - va) / PGSIZE - 1;
      continue;
    }
    const pte = readPte(vm, ptePa);
    if (!isPresent(pte)) continue;
    if ((pte & PTE_V) !== 0 && !isLeaf(pte)) panic('unmapPages', `not a leaf at ${hex(va + n * PGSIZE)}`);
    if (free) vm.frames.decRef(PTE2PA(pte));
    writePte(vm, ptePa, 0);
    unmapped++;
  }
  return unmapped;
}

/** The level-0 PTE for va, or 0 when there is no page-table page for it. */
export function lookupPte(vm: VmContext, root: number, va: number): number {
  const ptePa = walk(vm, root, va, false);
  return ptePa === null ? 0 : readPte(vm, ptePa);
}

/** The physical address va maps to, or null when it is not mapped. Ignores permissions. */
export function translate(vm: VmContext, root: number, va: number): number | null {
  const pte = lookupPte(vm, root, pgRoundDown(va));
  return isLeaf(pte) ? PTE2PA(pte) + (va - pgRoundDown(va)) : null;
}

/**
 * Free the page-table pages of the table at `root` (and root itself),
 * level by level. All leaf mappings must already be gone.
 */
export function freePageTable(vm: VmContext, root: number, level = vm.mode.levels - 1): void {
  const entries = 2 ** vm.mode.vpnBits;
  for (let i = 0; i < entries; i++) {
    const ptePa = root + i * vm.mode.pteBytes;
    const pte = readPte(vm, ptePa);
    if ((pte & PTE_V) === 0) continue;
    if (isLeaf(pte) || level === 0) panic('freePageTable', `leaf still mapped at index ${i}`);
    freePageTable(vm, PTE2PA(pte), level - 1);
    writePte(vm, ptePa, 0);
  }
  vm.frames.freeFrame(root);
}

/** A system-call style result: a value, or the errno to return negated. */
export type UserResult<T> = { ok: true; value: T } | { ok: false; errno: number };

// The PTE address of a user page that allows `need` (PTE_R or PTE_W) and
// whose frame is RAM, or null: the user pointer is bad.
function userPte(vm: VmContext, root: number, va: number, need: number): number | null {
  if (va < 0 || va >= 2 ** vm.mode.vaBits) return null;
  const ptePa = walk(vm, root, pgRoundDown(va), false);
  if (ptePa === null) return null;
  const pte = readPte(vm, ptePa);
  if (!isLeaf(pte) || (pte & PTE_U) === 0 || (pte & need) === 0) return null;
  if (!inRam(vm.frames.mem, PTE2PA(pte), PGSIZE)) return null;
  return ptePa;
}

// Record the access in the PTE as the hart would (A, and D for a write).
function markAccessed(vm: VmContext, ptePa: number, write: boolean): number {
  const pte = (readPte(vm, ptePa) | PTE_A | (write ? PTE_D : 0)) >>> 0;
  writePte(vm, ptePa, pte);
  return PTE2PA(pte);
}

// The PTE addresses of the pages of [va, va + len), each a user page that
// allows `need`; null if any is not. Checking every page before copying
// means a bad pointer copies nothing and no buffer is sized by a bad length.
function userRange(vm: VmContext, root: number, va: number, len: number, need: number): number[] | null {
  if (!Number.isInteger(len) || len < 0) panic('userRange', `bad length ${len}`);
  if (!Number.isInteger(va) || va < 0 || va + len > 2 ** vm.mode.vaBits) return null;
  const ptes: number[] = [];
  for (let page = pgRoundDown(va); page < va + len; page += PGSIZE) {
    const ptePa = userPte(vm, root, page, need);
    if (ptePa === null) return null;
    ptes.push(ptePa);
  }
  return ptes;
}

/**
 * Copy bytes from the kernel to user virtual address dstVa through the page
 * table at root. Every page must be mapped U and W. Returns 0, or -EFAULT
 * (having copied nothing) for a bad user pointer.
 */
export function copyOut(vm: VmContext, root: number, dstVa: number, bytes: Uint8Array): number {
  const ptes = userRange(vm, root, dstVa, bytes.length, PTE_W);
  if (ptes === null) return -EFAULT;
  let done = 0;
  for (const ptePa of ptes) {
    const va = dstVa + done;
    const n = Math.min(PGSIZE - (va - pgRoundDown(va)), bytes.length - done);
    vm.frames.mem.write(markAccessed(vm, ptePa, true) + (va - pgRoundDown(va)), bytes.subarray(done, done + n));
    done += n;
  }
  return 0;
}

/** Copy len bytes from user virtual address srcVa; every page must be mapped U and R. */
export function copyIn(vm: VmContext, root: number, srcVa: number, len: number): UserResult<Uint8Array> {
  const ptes = userRange(vm, root, srcVa, len, PTE_R);
  if (ptes === null) return { ok: false, errno: EFAULT };
  const out = new Uint8Array(len);
  let done = 0;
  for (const ptePa of ptes) {
    const va = srcVa + done;
    const n = Math.min(PGSIZE - (va - pgRoundDown(va)), len - done);
    out.set(vm.frames.mem.read(markAccessed(vm, ptePa, false) + (va - pgRoundDown(va)), n), done);
    done += n;
  }
  return { ok: true, value: out };
}

/**
 * Copy a NUL-terminated string of at most `max` bytes (NUL included) from user
 * address srcVa, decoded as UTF-8. EFAULT for a bad pointer, ENAMETOOLONG
 * when no NUL comes within max bytes.
 */
export function copyInString(vm: VmContext, root: number, srcVa: number, max: number): UserResult<string> {
  if (!Number.isInteger(max) || max < 0) panic('copyInString', `bad max ${max}`);
  const bytes: number[] = [];
  let va = srcVa;
  while (bytes.length < max) {
    const ptePa = userPte(vm, root, va, PTE_R);
    if (ptePa === null) return { ok: false, errno: EFAULT };
    const page = markAccessed(vm, ptePa, false);
    const n = Math.min(PGSIZE - (va - pgRoundDown(va)), max - bytes.length);
    const chunk = vm.frames.mem.read(page + (va - pgRoundDown(va)), n);
    const nul = chunk.indexOf(0);
    if (nul >= 0) {
      bytes.push(...chunk.subarray(0, nul));
      return { ok: true, value: new TextDecoder().decode(Uint8Array.from(bytes)) };
    }
    bytes.push(...chunk);
    va += n;
  }
  return { ok: false, errno: ENAMETOOLONG };
}
