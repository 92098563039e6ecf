// The page-table walker: one walker for any number of levels and PTE sizes,
// driven by a description of each satp.MODE. Adding Sv39/48/57 means adding
// each mode's row to the description below (levels, PTE bytes, VPN bits per
// level, PPN bits, reserved PTE bits), not a second walker. The walk is
// written as one step per level, unrolled: translate() compiles it for a
// constant mode, so every shift and mask of every level folds to a constant
// and the walk runs with no loop and no table look-ups. Like a hardware
// walker it ends by refilling the TLB, from the step that found the leaf, so
// the fill too is compiled for a constant page size.
// The steps follow the privileged spec's "Virtual Address Translation
// Process" (Sv32 section), in its order: validity and reserved encodings,
// leaf or pointer, permissions, misaligned superpage, then A/D; all but the
// superpage check are one lookup in the verdict table (leaf.ts). PMP checks
// every PTE read, and the A/D store, as S-mode accesses (the spec's
// "Physical Memory Protection and Paging"); a denied one is an access fault
// of the original access type.
import {
  PTE_A, PTE_D, PTE_PPN_SHIFT, PAGE_SHIFT, ACCESS_FETCH, ACCESS_LOAD, ACCESS_STORE, PRV_S,
  CAUSE_FETCH_PAGE_FAULT, CAUSE_LOAD_PAGE_FAULT, CAUSE_STORE_PAGE_FAULT, SATP_PPN_MASK, SATP_MODE_SV32, RAM_BASE,
} from '../encoding';
import {
  RAM_LOCATION, TRACE_LOCATION, TRACE_HEADER_SIZE, TRACE_STEP_SIZE,
  STAT_PTE_READS, STAT_A_UPDATES, STAT_D_UPDATES,
} from '../layout';
import { satp } from '../cpu/csr';
import { accessFaultCause } from '../mem/phys';
import { verdictTable, verdict, isPointer, PTE_FAULT, PTE_LEAF_SET_AD } from './leaf';
import { pmpCheck, pteInReadableRam, pteHostChecked } from './pmp';
import { count } from '../stats';
import { tracePte } from '../trace';
import { tlbFill } from './tlb';

// The mode description, one function per column, each a constant for a
// constant mode (RV32: Bare, or Sv32 = 2 levels of 4-byte PTEs, 10 VPN bits
// per level, a 22-bit PPN, no reserved PTE bits).
@inline export function modeLevels(mode: u32): u32 { return mode == SATP_MODE_SV32 ? 2 : 0; }
@inline function modePteBytes(mode: u32): u32 { return mode == SATP_MODE_SV32 ? 4 : 0; }
@inline function modeVpnBits(mode: u32): u32 { return mode == SATP_MODE_SV32 ? 10 : 0; }
@inline function modePpnBits(mode: u32): u32 { return mode == SATP_MODE_SV32 ? 22 : 0; }
@inline function modePteReserved(mode: u32): u64 { return 0; } // none in Sv32 (Sv39-57: bits 63:54)

// The result of a successful walk: the physical address of va.
export let walkPa: u64 = 0;

/** log2 of the size of a page mapped at `level`. */
@inline export function levelShift(mode: u32, level: u32): u32 {
  return PAGE_SHIFT + level * modeVpnBits(mode);
}

export function pageFaultCause(access: u32): u32 {
  if (access == ACCESS_FETCH) return CAUSE_FETCH_PAGE_FAULT;
  if (access == ACCESS_LOAD) return CAUSE_LOAD_PAGE_FAULT;
  return CAUSE_STORE_PAGE_FAULT;
}

/**
 * Walks the page table of the current satp (in `mode`, a constant) for `va`,
 * as an access does: counts its PTE reads, updates A/D (Svadu) and fills TLB
 * `t` for `asid` (tlbFill: `found` and `set0` are the lookup's). Returns 0
 * and sets walkPa, or returns the exception cause. `verdicts` is
 * verdictTable(access, effPriv).
 */
@inline export function walk(va: u32, access: u32, verdicts: u32, mode: u32, t: u32, asid: u32, found: i32, set0: u32): u32 {
  return walkWith(va, access, verdicts, false, mode, t, asid, found, set0);
}

/** The same walk for the host: no side effects at all, every step recorded in the trace. */
export function walkProbe(va: u32, access: u32, effPriv: u32): u32 {
  store<u32>(TRACE_LOCATION + 12, 0);
  const verdicts = verdictTable(access, effPriv);
  // RV32's one translated mode (the caller checked satp.MODE is not Bare).
  return walkWith(va, access, verdicts, true, SATP_MODE_SV32, 0, 0, -1, 0);
}

// What a step returns: the next level's table (a physical address, far below
// WALK_END) when the PTE it read is a pointer, else the walk's end,
// WALK_END | cause (cause 0: a leaf found).
const WALK_END: u64 = 0x8000000000000000;

@inline function walkEnd(cause: u32): u64 {
  return WALK_END | <u64>cause;
}

@inline function walkWith(va: u32, access: u32, verdicts: u32, probe: bool, mode: u32, t: u32, asid: u32, found: i32, set0: u32): u32 {
  const levels = modeLevels(mode);
  // The root level first; each `if` folds away for a mode with fewer levels.
  let next: u64 = (<u64>(satp & SATP_PPN_MASK)) << PAGE_SHIFT;
  if (levels > 4) { next = walkStep(va, access, verdicts, probe, mode, 4, next, t, asid, found, set0); if (next >= WALK_END) return <u32>next; }
  if (levels > 3) { next = walkStep(va, access, verdicts, probe, mode, 3, next, t, asid, found, set0); if (next >= WALK_END) return <u32>next; }
  if (levels > 2) { next = walkStep(va, access, verdicts, probe, mode, 2, next, t, asid, found, set0); if (next >= WALK_END) return <u32>next; }
  if (levels > 1) { next = walkStep(va, access, verdicts, probe, mode, 1, next, t, asid, found, set0); if (next >= WALK_END) return <u32>next; }
  next = walkStep(va, access, verdicts, probe, mode, 0, next, t, asid, found, set0);
  if (next >= WALK_END) return <u32>next;
  return pageFaultCause(access); // a pointer at level 0: no leaf
}

/**
 * One level of the walk: reads the PTE for va in `table` and decides.
 * Returns the next level's table, or ends the walk: WALK_END | cause, or
 * WALK_END alone with walkPa set and (unless probing) the TLB filled.
 */
@inline function walkStep(va: u32, access: u32, verdicts: u32, probe: bool, mode: u32, level: u32, table: u64, t: u32, asid: u32, found: i32, set0: u32): u64 {
  const pteBytes = modePteBytes(mode);
  const vpnBits = modeVpnBits(mode);
  const vpn = (va >>> levelShift(mode, level)) & ((1 << vpnBits) - 1);
  const pteAddr = table + <u64>(vpn * pteBytes);
  let host = RAM_LOCATION + <u32>(pteAddr - <u64>RAM_BASE);
  if (!pteInReadableRam(pteAddr)) {
    host = pteHostChecked(pteAddr, pteBytes);
    if (host == 0) return walkEnd(accessFaultCause(access));
  }
  let pte: u64 = pteBytes == 4 ? <u64>load<u32>(host) : load<u64>(host);
  if (probe) {
    recordStep(level, pteAddr, pte);
  } else {
    count(STAT_PTE_READS + level);
    if (TRACE) tracePte(va, level, pteAddr, pte);
  }
  if ((pte & modePteReserved(mode)) != 0) return walkEnd(pageFaultCause(access));
  const ppn = (pte >> PTE_PPN_SHIFT) & (((<u64>1) << modePpnBits(mode)) - 1);
  if (isPointer(<u32>pte)) return ppn << PAGE_SHIFT;
  const decision = verdict(verdicts, <u32>pte);
  if (decision == PTE_FAULT) return walkEnd(pageFaultCause(access));
  const lowPpn: u64 = ((<u64>1) << (<u64>(level * vpnBits))) - 1;
  if ((ppn & lowPpn) != 0) return walkEnd(pageFaultCause(access)); // misaligned superpage
  if (decision == PTE_LEAF_SET_AD) {
    // Svadu: the update is an S-mode store to the PTE, checked by PMP.
    if (!pmpCheck(pteAddr, pteBytes, ACCESS_STORE, PRV_S)) return walkEnd(accessFaultCause(access));
    if (!probe) {
      // Set the bits in the same PTE we just read, as one atomic update
      // (a single hart, so nothing can intervene).
      const flags = <u32>pte;
      pte |= PTE_A;
      if (access == ACCESS_STORE) pte |= PTE_D;
      if (pteBytes == 4) store<u32>(host, <u32>pte); else store<u64>(host, pte);
      if ((flags & PTE_A) == 0) count(STAT_A_UPDATES);
      if (access == ACCESS_STORE && (flags & PTE_D) == 0) count(STAT_D_UPDATES);
    }
  }
  const vaPage = (<u64>(va >>> PAGE_SHIFT)) & lowPpn;
  walkPa = ((ppn | vaPage) << PAGE_SHIFT) | <u64>(va & ((1 << PAGE_SHIFT) - 1));
  if (!probe) tlbFill(t, mode, va, asid, level, pte, ppn, found, set0);
  return walkEnd(0);
}

/** Appends a step to the walk trace the host reads (walkProbe). */
function recordStep(level: u32, pteAddr: u64, pte: u64): void {
  const i = load<u32>(TRACE_LOCATION + 12);
  const s = TRACE_LOCATION + TRACE_HEADER_SIZE + i * TRACE_STEP_SIZE;
  store<u32>(s, level);
  store<u64>(s + 4, pteAddr);
  store<u64>(s + 12, pte);
  store<u32>(TRACE_LOCATION + 12, i + 1);
}
