// Loads, stores, AMO addresses and instruction fetch through the MMU: the
// slow paths behind the fast caches. translate() is the one place an access
// is counted, looked up in the modeled TLB, walked on a miss, checked by PMP,
// and faulted.
import {
  PRV_M, ACCESS_FETCH, ACCESS_LOAD, ACCESS_STORE, MSTATUS_MPRV, MSTATUS_MPP,
  MSTATUS_MPP_SHIFT, PAGE_SIZE, PAGE_SHIFT, PAGE_OFFSET_MASK, SATP_ASID_SHIFT, SATP_ASID_MASK,
  CAUSE_LOAD_ACCESS, CAUSE_STORE_ACCESS, CAUSE_LOAD_PAGE_FAULT, CAUSE_STORE_PAGE_FAULT,
  CAUSE_FETCH_PAGE_FAULT, SATP_MODE_SV32, RAM_BASE,
} from '../encoding';
import {
  SCRATCH_LOCATION, TRACE_LOCATION, STAT_TRANSLATIONS, STAT_UNTRANSLATED, STAT_TLB_MISSES,
  STAT_PAGE_FAULTS,
} from '../layout';
import { priv, raise, trapCause } from '../cpu/state';
import { mstatus, satp } from '../cpu/csr';
import { count, statAddress } from '../stats';
import { ramBytes, ramHost, physRead, physWrite, physWritable, accessFaultCause } from '../mem/phys';
import { pageHoldsTohost, noteStore } from '../dev/htif';
import { walk, walkProbe, walkPa } from './walk';
import { verdictTable, verdict, PTE_LEAF, VERDICT_TABLE_SIZE } from './leaf';
import {
  tlbFor, tlbFind, pageSet, tlbTouch, tlbMarkFast, entryFlags, entryPa, entryStampAddress, policyOf, POLICY_LRU,
} from './tlb';
import { fastFill, fetchPageSet, contextStale } from './fast';
import { pmpCheck, pmpAllowsPage, pmpAllowedLo, pmpAllowedHi } from './pmp';
import { traceMem, traceTlb, hostToPa, TLB_HIT, TLB_MISS, TLB_FILL } from '../trace';
import { staleUsed } from './stale';

// The physical address found by the last successful translate().
export let translatedPa: u64 = 0;

// When false nothing is put in the fast caches, so every access takes the
// modeled path: tests compare the two to show the fast paths are invisible.
export let fastPathsOn: bool = true;

export function setFastPaths(on: bool): void {
  fastPathsOn = on;
}

/** The privilege loads and stores are checked at (MPRV: as if in MPP). */
@inline function dataPriv(): u32 {
  return (mstatus & MSTATUS_MPRV) != 0 ? (mstatus & MSTATUS_MPP) >> MSTATUS_MPP_SHIFT : priv;
}

// The translation context, recomputed when fast.ts says it is stale: for
// fetches and for loads/stores, the verdict table (leaf.ts) of the effective
// privilege, or 0 when that access type is not translated (satp Bare, or
// M-mode); the effective privilege of loads and stores; and the current ASID.
let fetchVerdicts: u32 = 0;
let dataVerdicts: u32 = 0;
let dataEffPriv: u32 = PRV_M;
let currentAsid: u32 = 0;
// Per access type, the physical range of RAM pages rememberFast() takes after
// two compares: RAM that PMP allows whole to the access's effective privilege
// (pmpAllowedLo/Hi). A page outside it may still be allowed: it is checked
// on its own.
const fastRangeLo: StaticArray<u64> = [0, 0, 0];
const fastRangeHi: StaticArray<u64> = [0, 0, 0];

function refreshContext(): void {
  const paging = (satp >>> 31) != 0;
  fetchVerdicts = paging && priv != PRV_M ? verdictTable(ACCESS_FETCH, priv) : 0;
  dataEffPriv = dataPriv();
  dataVerdicts = paging && dataEffPriv != PRV_M ? verdictTable(ACCESS_LOAD, dataEffPriv) : 0;
  currentAsid = (satp >>> SATP_ASID_SHIFT) & SATP_ASID_MASK;
  const ramEnd = <u64>RAM_BASE + <u64>ramBytes;
  for (let access = ACCESS_FETCH; access <= ACCESS_STORE; access++) {
    const lo = pmpAllowedLo(access, pmpPriv(access));
    const hi = pmpAllowedHi(access, pmpPriv(access));
    unchecked(fastRangeLo[access] = lo > <u64>RAM_BASE ? lo : <u64>RAM_BASE);
    unchecked(fastRangeHi[access] = hi < ramEnd ? hi : ramEnd);
  }
  contextStale = false;
}

/**
 * Translates va for one access: sets translatedPa and returns true, or
 * raises the page/access fault (tval = va) and returns false. Counts the
 * access, consults and fills the modeled TLB, and fills the fast cache when
 * the TLB hits and PMP allows the whole page (a page walked but evicted
 * before its next use never costs a fast-cache fill). The access's own bytes
 * are checked by pmpAllows() after it: a misaligned access translates both
 * of its pages first, as page faults rank above access faults.
 */
export function translate(va: u32, access: u32): bool {
  // One copy per access type, as the single-page paths get: with `access` a
  // constant the verdict choice, the fast-cache fill and the TLB choice fold
  // away (a full walk ~10 % faster than one generic copy, measured).
  if (access == ACCESS_LOAD) return translateInline(va, ACCESS_LOAD);
  if (access == ACCESS_STORE) return translateInline(va, ACCESS_STORE);
  return translateInline(va, ACCESS_FETCH);
}

/**
 * translate() compiled into its caller: the common single-page load, store
 * and fetch paths use it so that the whole miss path (lookup, walk, TLB fill)
 * runs without a call and specialised for the access type.
 */
@inline function translateInline(va: u32, access: u32): bool {
  if (contextStale) refreshContext();
  let verdicts = access == ACCESS_FETCH ? fetchVerdicts : dataVerdicts;
  if (verdicts == 0) {
    count(STAT_UNTRANSLATED + access);
    translatedPa = <u64>va;
    rememberFast(va, translatedPa, access, statAddress(STAT_UNTRANSLATED + access), SCRATCH_LOCATION);
    return true;
  }
  if (access == ACCESS_STORE) verdicts += VERDICT_TABLE_SIZE; // the load table's neighbour
  count(STAT_TRANSLATIONS + access);
  // Compiled once per TLB, so that t is a constant too and every per-TLB
  // parameter sits at a fixed address (a full walk ~12 % faster, measured).
  if (tlbFor(access) == 1) return translateIn(va, access, verdicts, 1);
  return translateIn(va, access, verdicts, 0);
}

/**
 * translateInline's lookup in TLB t, and its hit or its walk. Paging is on,
 * in RV32's one paging mode: the lookup, walk and fill are compiled for Sv32,
 * its shape as constants.
 */
@inline function translateIn(va: u32, access: u32, verdicts: u32, t: u32): bool {
  const mode = SATP_MODE_SV32;
  const set0 = pageSet(t, va);
  const i = tlbFind(t, mode, va, currentAsid, set0);
  if (i >= 0) {
    // A TLB entry always has A set, so PTE_LEAF means it allows the access
    // (and has D for a store).
    const e = <u32>i;
    if (verdict(verdicts, entryFlags(e)) == PTE_LEAF) {
      tlbTouch(t, e);
      translatedPa = entryPa(e, va);
      if (TRACE) traceTlb(va, access, TLB_HIT, translatedPa);
      if (TRACE) staleUsed(e, va, translatedPa, access);
      const stamp = policyOf(t) == POLICY_LRU ? entryStampAddress(e) : SCRATCH_LOCATION;
      if (rememberFast(va, translatedPa, access, statAddress(STAT_TRANSLATIONS + access), stamp)) tlbMarkFast(e);
      return true;
    }
    // A cached entry that does not allow this access: the walk decides (the
    // PTE may have changed, or D may need setting). Rare, so out of line.
    return walkDenied(va, access, verdicts, t, i, set0);
  }
  return walkMiss(va, access, verdicts, t, -1, set0);
}

/** translateIn's walk after the lookup found an entry that denied the access (`found`). */
function walkDenied(va: u32, access: u32, verdicts: u32, t: u32, found: i32, set0: u32): bool {
  return walkMiss(va, access, verdicts, t, found, set0);
}

/**
 * A TLB miss (found = -1, a constant on the common path) or a found entry
 * that denied the access: walks, and fills the TLB or raises the fault.
 */
@inline function walkMiss(va: u32, access: u32, verdicts: u32, t: u32, found: i32, set0: u32): bool {
  count(STAT_TLB_MISSES + access);
  if (TRACE) traceTlb(va, access, TLB_MISS, 0);
  const cause = walk(va, access, verdicts, SATP_MODE_SV32, t, currentAsid, found, set0);
  if (cause != 0) {
    if (cause == CAUSE_FETCH_PAGE_FAULT || cause == CAUSE_LOAD_PAGE_FAULT || cause == CAUSE_STORE_PAGE_FAULT) {
      count(STAT_PAGE_FAULTS + access);
    }
    raise(cause, va);
    return false;
  }
  translatedPa = walkPa;
  if (TRACE) traceTlb(va, access, TLB_FILL, translatedPa);
  return true;
}

/** The privilege PMP checks `access` at: MPRV applies to loads and stores, not fetches. */
@inline function pmpPriv(access: u32): u32 {
  return access == ACCESS_FETCH ? priv : dataEffPriv;
}

/**
 * PMP's check of the `size` bytes at pa, which translate() has just given
 * for va (the translation stays in the TLB, which never holds PMP results);
 * raises the access fault for `access` (tval = va) when they are denied.
 */
@inline function pmpAllows(va: u32, pa: u64, size: u32, access: u32): bool {
  if (pmpCheck(pa, size, access, pmpPriv(access))) return true;
  raise(accessFaultCause(access), va);
  return false;
}

/**
 * Lets later accesses to this RAM page skip translate(): only when PMP allows
 * every byte of the page (a fast hit is not checked again), and never for
 * tohost's page on stores. Returns whether a fast cache now holds the page.
 */
@inline function rememberFast(va: u32, pa: u64, access: u32, counter: u32, stamp: u32): bool {
  const pagePa = pa & ~(<u64>PAGE_OFFSET_MASK);
  if (!fastPathsOn) return false;
  if (pagePa < unchecked(fastRangeLo[access]) || pagePa + PAGE_SIZE > unchecked(fastRangeHi[access])) {
    if (ramHost(pagePa, PAGE_SIZE) == 0 || !pmpAllowsPage(pagePa, access, pmpPriv(access))) return false;
  }
  if (access == ACCESS_FETCH) {
    fetchPageSet(va, pagePa, counter, stamp);
  } else {
    if (access == ACCESS_STORE && pageHoldsTohost(pagePa)) return false;
    fastFill(access, va, pagePa, counter, stamp);
  }
  return true;
}

/** A load of 1, 2 or 4 bytes, misaligned allowed (also across pages). */
export function loadSlow(va: u32, size: u32): u32 {
  const first = PAGE_SIZE - (va & PAGE_OFFSET_MASK);
  if (size <= first) {
    if (!translateInline(va, ACCESS_LOAD) || !pmpAllows(va, translatedPa, size, ACCESS_LOAD)) return 0;
    if (TRACE) traceMem(va, translatedPa, size, ACCESS_LOAD);
    const host = ramHost(translatedPa, size);
    if (host != 0) return size == 4 ? load<u32>(host) : size == 2 ? <u32>load<u16>(host) : <u32>load<u8>(host);
    return physRead(translatedPa, size, va, ACCESS_LOAD);
  }
  // Crosses a page: translate both parts first, then PMP checks each; a
  // fault reports the address of the part that faulted.
  const va2 = va + first;
  if (!translate(va, ACCESS_LOAD)) return 0;
  const pa1 = translatedPa;
  if (!translate(va2, ACCESS_LOAD)) return 0;
  const pa2 = translatedPa;
  if (!pmpAllows(va, pa1, first, ACCESS_LOAD) || !pmpAllows(va2, pa2, size - first, ACCESS_LOAD)) return 0;
  if (TRACE) traceMem(va, pa1, size, ACCESS_LOAD);
  let v: u32 = 0;
  for (let k: u32 = 0; k < size; k++) {
    const b = k < first
      ? physRead(pa1 + k, 1, va, ACCESS_LOAD)
      : physRead(pa2 + (k - first), 1, va2, ACCESS_LOAD);
    if (trapCause >= 0) return 0;
    v |= b << (k << 3);
  }
  return v;
}

/** A store of 1, 2 or 4 bytes, misaligned allowed (also across pages). */
export function storeSlow(va: u32, size: u32, value: u32): void {
  const first = PAGE_SIZE - (va & PAGE_OFFSET_MASK);
  if (size <= first) {
    if (!translateInline(va, ACCESS_STORE) || !pmpAllows(va, translatedPa, size, ACCESS_STORE)) return;
    if (TRACE) traceMem(va, translatedPa, size, ACCESS_STORE);
    physWrite(translatedPa, size, value, va);
    return;
  }
  // Crosses a page: nothing is written unless both parts can be (both
  // translated, then PMP checks each, then each must reach memory).
  const va2 = va + first;
  if (!translate(va, ACCESS_STORE)) return;
  const pa1 = translatedPa;
  if (!translate(va2, ACCESS_STORE)) return;
  const pa2 = translatedPa;
  if (!pmpAllows(va, pa1, first, ACCESS_STORE) || !pmpAllows(va2, pa2, size - first, ACCESS_STORE)) return;
  if (!physWritable(pa1, first)) { raise(CAUSE_STORE_ACCESS, va); return; }
  if (!physWritable(pa2, size - first)) { raise(CAUSE_STORE_ACCESS, va2); return; }
  if (TRACE) traceMem(va, pa1, size, ACCESS_STORE);
  for (let k: u32 = 0; k < size; k++) {
    const b = (value >>> (k << 3)) & 0xff;
    if (k < first) physWrite(pa1 + k, 1, b, va); else physWrite(pa2 + (k - first), 1, b, va2);
  }
}

/**
 * The host address of the aligned word an LR (access = load) or SC/AMO
 * (access = store) touches, or 0 after raising the fault. Atomics work on
 * RAM only: elsewhere they raise an access fault.
 */
export function atomicHost(va: u32, access: u32): u32 {
  if (!translate(va, access) || !pmpAllows(va, translatedPa, 4, access)) return 0;
  const host = ramHost(translatedPa, 4);
  if (host == 0) {
    raise(access == ACCESS_LOAD ? CAUSE_LOAD_ACCESS : CAUSE_STORE_ACCESS, va);
    return 0;
  }
  if (access == ACCESS_STORE) noteStore(translatedPa, 4);
  if (TRACE) traceMem(va, hostToPa(host), 4, access);
  return host;
}

/**
 * Fetches the instruction at pc (16 or 32 bits), or raises the fault. The
 * fetch is made of 16-bit parcels, each checked by PMP: a fault in the
 * second parcel reports tval = pc + 2 (epc stays pc).
 */
export function fetchSlow(pc: u32): u32 {
  if (!translateInline(pc, ACCESS_FETCH) || !pmpAllows(pc, translatedPa, 2, ACCESS_FETCH)) return 0;
  const lo = physRead(translatedPa, 2, pc, ACCESS_FETCH);
  if (TRACE && trapCause < 0) traceMem(pc, translatedPa, (lo & 3) == 3 ? 4 : 2, ACCESS_FETCH);
  if (trapCause >= 0 || (lo & 3) != 3) return lo;
  let hi: u32;
  if ((pc & PAGE_OFFSET_MASK) == PAGE_SIZE - 2) {
    // The second half is on the next page: epc stays pc, tval is pc + 2.
    if (!translate(pc + 2, ACCESS_FETCH)) return 0;
  } else {
    translatedPa += 2;
  }
  if (!pmpAllows(pc + 2, translatedPa, 2, ACCESS_FETCH)) return 0;
  hi = physRead(translatedPa, 2, pc + 2, ACCESS_FETCH);
  return lo | (hi << 16);
}

/**
 * The host's side-effect-free translation: fills the trace with
 * [status (0 or cause), pa, steps...] using the current privilege and mstatus.
 */
export function probe(va: u32, access: u32): void {
  const effPriv = access == ACCESS_FETCH ? priv : dataPriv();
  store<u32>(TRACE_LOCATION + 12, 0);
  let status: u32 = 0;
  let pa: u64 = <u64>va;
  if ((satp >>> 31) != 0 && effPriv != PRV_M) {
    status = walkProbe(va, access, effPriv);
    pa = status == 0 ? walkPa : 0;
  }
  if (status == 0 && !pmpCheck(pa, 1, access, effPriv)) { // the byte at va
    status = accessFaultCause(access);
    pa = 0;
  }
  store<u32>(TRACE_LOCATION, status);
  store<u64>(TRACE_LOCATION + 4, pa);
}
