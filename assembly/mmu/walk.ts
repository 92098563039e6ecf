// The page-table walker: one loop for any number of levels and PTE sizes,
// driven by a mode table indexed by satp.MODE. Adding Sv39/48/57 means adding
// a row (levels, PTE bytes, VPN bits per level, PPN bits, reserved PTE bits).
// The steps follow the privileged spec's "Virtual Address Translation
// Process" (Sv32 section), in its order: validity and reserved encodings,
// leaf or pointer, permissions, misaligned superpage, then A/D; all but the
// superpage check are one lookup in the verdict table (leaf.ts). PMP checks
// every PTE read, and the A/D store, as S-mode accesses (the spec's
// "Physical Memory Protection and Paging"); a denied one is an access fault
// of the original access type.
import {
  PTE_A, PTE_D, PTE_PPN_SHIFT, PAGE_SHIFT, ACCESS_FETCH, ACCESS_LOAD, ACCESS_STORE, PRV_S,
  CAUSE_FETCH_PAGE_FAULT, CAUSE_LOAD_PAGE_FAULT, CAUSE_STORE_PAGE_FAULT, SATP_PPN_MASK,
} from '../encoding';
import {
  TRACE_LOCATION, TRACE_HEADER_SIZE, TRACE_STEP_SIZE,
  STAT_WALKS, STAT_PTE_READS, STAT_A_UPDATES, STAT_D_UPDATES,
} from '../layout';
import { satp } from '../cpu/csr';
import { accessFaultCause } from '../mem/phys';
import { verdictTable, verdict, isPointer, PTE_FAULT, PTE_LEAF_SET_AD } from './leaf';
import { pmpCheck, pteHost } from './pmp';
import { count } from '../stats';
import { tracePte } from '../trace';

// The mode table, indexed by satp.MODE (RV32: 0 = Bare, 1 = Sv32).
const MODE_LEVELS: StaticArray<u32> = [0, 2];
const MODE_PTE_BYTES: StaticArray<u32> = [0, 4];
const MODE_VPN_BITS: StaticArray<u32> = [0, 10];
const MODE_PPN_BITS: StaticArray<u32> = [0, 22];
const MODE_PTE_RESERVED: StaticArray<u64> = [0, 0];

// The result of a successful walk.
export let walkPa: u64 = 0;      // the physical address of va
export let walkLevel: u32 = 0;   // the leaf's level (0 = 4 KiB page)
export let walkPte: u64 = 0;     // the leaf PTE (after any A/D update)
export let walkPpn: u64 = 0;     // the leaf PTE's PPN (its low bits are zero for a superpage)

@inline export function modeLevels(mode: u32): u32 { return unchecked(MODE_LEVELS[mode]); }

/** log2 of the size of a page mapped at `level`. */
@inline export function levelShift(mode: u32, level: u32): u32 {
  return PAGE_SHIFT + level * unchecked(MODE_VPN_BITS[mode]);
}

export function pageFaultCause(access: u32): u32 {
  if (access == ACCESS_FETCH) return CAUSE_FETCH_PAGE_FAULT;
  if (access == ACCESS_LOAD) return CAUSE_LOAD_PAGE_FAULT;
  return CAUSE_STORE_PAGE_FAULT;
}

/**
 * Walks the page table of the current satp for `va`, as an access does:
 * counts the walk and its PTE reads and updates A/D (Svadu). Returns 0 and
 * sets walkPa/walkLevel/walkPte/walkPpn, or returns the exception cause.
 * `verdicts` is verdictTable(access, effPriv).
 */
@inline export function walk(va: u32, access: u32, verdicts: u32): u32 {
  return walkWith(va, access, verdicts, false);
}

/** The same walk for the host: no side effects at all, every step recorded in the trace. */
export function walkProbe(va: u32, access: u32, effPriv: u32): u32 {
  return walkWith(va, access, verdictTable(access, effPriv), true);
}

@inline function walkWith(va: u32, access: u32, verdicts: u32, probe: bool): u32 {
  const mode = satp >>> 31;
  const pteBytes = unchecked(MODE_PTE_BYTES[mode]);
  const vpnBits = unchecked(MODE_VPN_BITS[mode]);
  const ppnMask: u64 = ((<u64>1) << unchecked(MODE_PPN_BITS[mode])) - 1;
  const reserved = unchecked(MODE_PTE_RESERVED[mode]);
  let table: u64 = (<u64>(satp & SATP_PPN_MASK)) << PAGE_SHIFT;
  if (probe) store<u32>(TRACE_LOCATION + 12, 0); else count(STAT_WALKS);
  let steps: u32 = 0;
  for (let level = <i32>unchecked(MODE_LEVELS[mode]) - 1; level >= 0; level--) {
    const vpn = (va >>> levelShift(mode, level)) & ((1 << vpnBits) - 1);
    const pteAddr = table + <u64>(vpn * pteBytes);
    const host = pteHost(pteAddr, pteBytes);
    if (host == 0) return accessFaultCause(access);
    let pte: u64 = pteBytes == 4 ? <u64>load<u32>(host) : load<u64>(host);
    if (probe) {
      recordStep(steps++, level, pteAddr, pte);
    } else {
      count(STAT_PTE_READS + level);
      if (TRACE) tracePte(va, <u32>level, pteAddr, pte);
    }
    if ((pte & reserved) != 0) return pageFaultCause(access);
    const ppn = (pte >> PTE_PPN_SHIFT) & ppnMask;
    if (isPointer(<u32>pte)) {
      table = ppn << PAGE_SHIFT;
      continue;
    }
    const decision = verdict(verdicts, <u32>pte);
    if (decision == PTE_FAULT) return pageFaultCause(access);
    const lowPpn: u64 = ((<u64>1) << (<u64>(level * vpnBits))) - 1;
    if ((ppn & lowPpn) != 0) return pageFaultCause(access); // misaligned superpage
    if (decision == PTE_LEAF_SET_AD) {
      // Svadu: the update is an S-mode store to the PTE, checked by PMP.
      if (!pmpCheck(pteAddr, pteBytes, ACCESS_STORE, PRV_S)) return accessFaultCause(access);
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
    walkLevel = <u32>level;
    walkPte = pte;
    walkPpn = ppn;
    return 0;
  }
  return pageFaultCause(access); // ran out of levels without finding a leaf
}

function recordStep(i: u32, level: i32, pteAddr: u64, pte: u64): void {
  const s = TRACE_LOCATION + TRACE_HEADER_SIZE + i * TRACE_STEP_SIZE;
  store<u32>(s, <u32>level);
  store<u64>(s + 4, pteAddr);
  store<u64>(s + 12, pte);
  store<u32>(TRACE_LOCATION + 12, i + 1);
}
