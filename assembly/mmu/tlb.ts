// The modeled TLB: one unified TLB or split instruction/data TLBs, each
// set-associative (ways = entries means fully associative) with LRU, FIFO or
// seeded-random replacement. Entries are ASID-tagged, may be global, and may
// map any page size the mode has: an entry of level L lives in the set chosen
// by its level-L virtual page number, and a lookup probes each level's set.
//
// Entry layout (TLB_ENTRY_SIZE bytes):
//   0 tag (va >> page shift)   4 flags: PTE bits 7:0, level 11:8, valid 31
//   8 ASID   12 page shift     16 PPN of the leaf (u64)   24 stamp (u64)
import { PTE_G, ACCESS_FETCH, SATP_ASID_MASK, PAGE_SHIFT } from '../encoding';
import { TLB_LOCATION, TLB_ENTRY_SIZE, STAT_TLB_EVICTIONS, STAT_TLB_FLUSHED, STAT_SFENCES } from '../layout';
import { count } from '../stats';
import { levelShift, modeLevels } from './walk';
import { nextStamp, fastFlush, fastForgetPage, fetchPageSync } from './fast';
import { staleFilled } from './stale';

export const POLICY_LRU: u32 = 0;
export const POLICY_FIFO: u32 = 1;
export const POLICY_RANDOM: u32 = 2;

const ENTRY_VALID: u32 = 0x80000000;

// Per TLB (0 = instruction or unified, 1 = data): first entry, sets, ways, policy.
const tlbFirst = new StaticArray<u32>(2);
const tlbSets = new StaticArray<u32>(2);
const tlbWays = new StaticArray<u32>(2);
const tlbPolicy = new StaticArray<u32>(2);
// Valid superpage entries per TLB: while there are none a lookup probes only
// the 4 KiB level.
const superpages = new StaticArray<u32>(2);
let split: bool = false;
let totalEntries: u32 = 0;
let randomState: u32 = 1;

@inline export function entryAddress(i: u32): u32 {
  return TLB_LOCATION + i * TLB_ENTRY_SIZE;
}

@inline export function entryFlags(i: u32): u32 { return load<u32>(entryAddress(i), 4); }
@inline export function entryPpn(i: u32): u64 { return load<u64>(entryAddress(i), 16); }
@inline export function entryStampAddress(i: u32): u32 { return entryAddress(i) + 24; }

/** The physical address entry i maps va to. */
@inline export function entryPa(i: u32, va: u32): u64 {
  const e = entryAddress(i);
  return (load<u64>(e, 16) << PAGE_SHIFT) | <u64>(va & ((1 << load<u32>(e, 12)) - 1));
}

/** Which TLB serves this access type. */
@inline export function tlbFor(access: u32): u32 {
  return split && access != ACCESS_FETCH ? 1 : 0;
}

export function policyOf(t: u32): u32 { return unchecked(tlbPolicy[t]); }

/** Shapes TLB `t` (entries = sets * ways) and empties it. */
export function configureTlb(t: u32, first: u32, sets: u32, ways: u32, policy: u32, isSplit: bool): void {
  unchecked(tlbFirst[t] = first);
  unchecked(tlbSets[t] = sets);
  unchecked(tlbWays[t] = ways);
  unchecked(tlbPolicy[t] = policy);
  split = isSplit;
  totalEntries = first + sets * ways;
  unchecked(superpages[t] = 0);
  memory.fill(entryAddress(first), 0, sets * ways * TLB_ENTRY_SIZE);
}

export function seedRandom(seed: u32): void {
  randomState = seed == 0 ? 0x9e3779b9 : seed;
}

/** The first entry of the set of TLB t that holds `tag`. */
@inline function setFirst(t: u32, tag: u32): u32 {
  const sets = unchecked(tlbSets[t]);
  const set = (sets & (sets - 1)) == 0 ? tag & (sets - 1) : tag % sets;
  return unchecked(tlbFirst[t]) + set * unchecked(tlbWays[t]);
}

/** The entry of TLB `t` translating va for `asid`, or -1. Touches no state. */
@inline export function tlbFind(t: u32, mode: u32, va: u32, asid: u32): i32 {
  const ways = unchecked(tlbWays[t]);
  const levels: u32 = unchecked(superpages[t]) == 0 ? 1 : modeLevels(mode);
  for (let level: u32 = 0; level < levels; level++) {
    const tag = va >>> levelShift(mode, level);
    const first = setFirst(t, tag);
    for (let w: u32 = 0; w < ways; w++) {
      const e = entryAddress(first + w);
      if (load<u32>(e) != tag) continue; // the tag first: it rules out most entries
      const flags = load<u32>(e, 4);
      if ((flags & ENTRY_VALID) != 0 && ((flags >> 8) & 0xf) == level &&
          ((flags & PTE_G) != 0 || load<u32>(e, 8) == asid)) {
        return <i32>(first + w);
      }
    }
  }
  return -1;
}

/** Marks entry i as just used (LRU only). */
@inline export function tlbTouch(t: u32, i: u32): void {
  if (unchecked(tlbPolicy[t]) == POLICY_LRU) store<u64>(entryStampAddress(i), nextStamp());
}

/**
 * Installs a translation. `found` is the entry the
 * lookup matched (its permissions did not allow the access) or -1: a
 * translation at the same level replaces it rather than being duplicated.
 */
@inline export function tlbFill(t: u32, mode: u32, va: u32, asid: u32, level: u32, pte: u64, ppn: u64, found: i32): void {
  const shift = levelShift(mode, level);
  const tag = va >>> shift;
  const i = found >= 0 && ((entryFlags(<u32>found) >> 8) & 0xf) == level
    ? <u32>found
    : chooseVictim(t, setFirst(t, tag), unchecked(tlbWays[t]));
  const e = entryAddress(i);
  const oldFlags = load<u32>(e, 4);
  const oldTag = load<u32>(e);
  store<u32>(e, tag);
  store<u32>(e, (<u32>pte & 0xff) | (level << 8) | ENTRY_VALID, 4);
  store<u32>(e, asid, 8);
  store<u32>(e, shift, 12);
  store<u64>(e, ppn, 16);
  store<u64>(e, nextStamp(), 24);
  if (TRACE) staleFilled(i, level, pte);
  if ((oldFlags & ENTRY_VALID) != 0 && ((oldFlags >> 8) & 0xf) != 0) unchecked(superpages[t]--);
  if (level != 0) unchecked(superpages[t]++);
  // Fast entries backed by the old translation, or mapping this page through
  // another entry, must go.
  if (level != 0 || ((oldFlags & ENTRY_VALID) != 0 && ((oldFlags >> 8) & 0xf) != 0)) {
    fastFlush();
  } else {
    if ((oldFlags & ENTRY_VALID) != 0) fastForgetPage(oldTag);
    fastForgetPage(tag);
  }
}

@inline function chooseVictim(t: u32, first: u32, ways: u32): u32 {
  fetchPageSync(); // the fetch entry's LRU stamp is kept lazily
  for (let w: u32 = 0; w < ways; w++) {
    if ((entryFlags(first + w) & ENTRY_VALID) == 0) return first + w;
  }
  count(STAT_TLB_EVICTIONS);
  if (unchecked(tlbPolicy[t]) == POLICY_RANDOM) {
    // xorshift32: deterministic for a given seed.
    let x = randomState;
    x ^= x << 13; x ^= x >>> 17; x ^= x << 5;
    randomState = x;
    return first + x % ways;
  }
  // LRU and FIFO both evict the smallest stamp (last use, or insertion).
  let best = first;
  for (let w: u32 = 1; w < ways; w++) {
    if (load<u64>(entryStampAddress(first + w)) < load<u64>(entryStampAddress(best))) best = first + w;
  }
  return best;
}

/**
 * SFENCE.VMA: rs1 = x0 (hasVa false) means every address, rs2 = x0 (hasAsid
 * false) means every address space (only ASIDLEN bits of rs2 count). With an
 * ASID, global entries stay.
 */
export function sfenceVma(hasVa: bool, va: u32, hasAsid: bool, asid: u32): void {
  count(STAT_SFENCES);
  tlbFence(hasVa, va, hasAsid, asid & SATP_ASID_MASK);
}

/** Invalidates the matching entries (SFENCE.VMA's effect, also used at reset). */
export function tlbFence(hasVa: bool, va: u32, hasAsid: bool, asid: u32): void {
  for (let i: u32 = 0; i < totalEntries; i++) {
    const e = entryAddress(i);
    const flags = load<u32>(e, 4);
    if ((flags & ENTRY_VALID) == 0) continue;
    if (hasAsid && ((flags & PTE_G) != 0 || load<u32>(e, 8) != asid)) continue;
    if (hasVa && (va >>> load<u32>(e, 12)) != load<u32>(e)) continue;
    if (((flags >> 8) & 0xf) != 0) unchecked(superpages[split && i >= unchecked(tlbFirst[1]) ? 1 : 0]--);
    store<u32>(e, 0, 4);
    count(STAT_TLB_FLUSHED);
  }
  fastFlush();
}
