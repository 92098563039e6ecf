// The modeled TLB: one unified TLB or split instruction/data TLBs, each
// set-associative (ways = entries means fully associative) with LRU, FIFO or
// seeded-random replacement. Entries are ASID-tagged, may be global, and may
// map any page size the mode has: an entry of level L lives in the set chosen
// by its level-L virtual page number, and a lookup probes each level's set.
//
// Entry layout (TLB_ENTRY_SIZE bytes):
//   0 tag (va >> page shift)   4 flags: PTE bits 7:0, level 11:8, fast 30, valid 31
//   8 ASID   12 page shift     16 PPN of the leaf (u64)   24 stamp (u64)
// The tag and the flags read as one u64 let a probe compare tag, level and
// valid in one go. "Fast" means a fast cache (fast.ts) may hold a page of the
// entry: only then must replacing it reach the fast caches.
import { PTE_G, ACCESS_FETCH, SATP_ASID_MASK, PAGE_SHIFT } from '../encoding';
import { TLB_LOCATION, TLB_ENTRY_SIZE, STAT_TLB_EVICTIONS, STAT_TLB_FLUSHED, STAT_SFENCES } from '../layout';
import { count, statAddress } from '../stats';
import { levelShift, modeLevels } from './walk';
import { nextStamp, fastFlush, fastForgetPage, fetchPageSync } from './fast';
import { staleFilled } from './stale';

export const POLICY_LRU: u32 = 0;
export const POLICY_FIFO: u32 = 1;
export const POLICY_RANDOM: u32 = 2;

const ENTRY_VALID: u32 = 0x80000000;
export const ENTRY_FAST: u32 = 0x40000000;
const ENTRY_LEVEL_SHIFT: u32 = 8;
const ENTRY_LEVEL_MASK: u32 = 0xf00;
// The bits of [tag | flags << 32] a probe compares: the tag, valid and level.
const PROBE_MASK: u64 = (<u64>(ENTRY_VALID | ENTRY_LEVEL_MASK) << 32) | 0xffffffff;

// Per TLB (0 = instruction or unified, 1 = data): first entry, sets, ways,
// policy. (Array literals: static data at a fixed address, so a lookup reads
// them with one load each.)
const tlbFirst: StaticArray<u32> = [0, 0];
const tlbSets: StaticArray<u32> = [0, 0];
const tlbWays: StaticArray<u32> = [0, 0];
const tlbPolicy: StaticArray<u32> = [0, 0];
// sets - 1 when sets is a power of two (the set is tag & mask), else:
const tlbSetMask: StaticArray<u32> = [0, 0];
const SETS_NOT_POWER_OF_2: u32 = 0xffffffff;
// Per TLB, whether it may hold superpage entries: a lookup probes the larger
// page sizes only then. A superpage fill sets it; SFENCE.VMA, which reads
// every entry, makes it exact again. (Exact per-size counts would make every
// fill look at the size of the entry it replaces: measured slower.)
const mayHoldSuperpages: StaticArray<bool> = [false, false];
// Per TLB, how many entries are invalid: while some are, a fill takes an
// invalid way of its set if it has one.
const invalidEntries: StaticArray<u32> = [0, 0];
let split: bool = false;
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

@inline export function policyOf(t: u32): u32 { return unchecked(tlbPolicy[t]); }

/** Shapes TLB `t` (entries = sets * ways) and empties it. */
export function configureTlb(t: u32, first: u32, sets: u32, ways: u32, policy: u32, isSplit: bool): void {
  unchecked(tlbFirst[t] = first);
  unchecked(tlbSets[t] = sets);
  unchecked(tlbWays[t] = ways);
  unchecked(tlbSetMask[t] = (sets & (sets - 1)) == 0 ? sets - 1 : SETS_NOT_POWER_OF_2);
  unchecked(tlbPolicy[t] = policy);
  split = isSplit;
  unchecked(mayHoldSuperpages[t] = false);
  unchecked(invalidEntries[t] = sets * ways);
  memory.fill(entryAddress(first), 0, sets * ways * TLB_ENTRY_SIZE);
}

export function seedRandom(seed: u32): void {
  randomState = seed == 0 ? 0x9e3779b9 : seed;
}

/** The first entry of the set of TLB t that holds `tag`. */
@inline function setFirst(t: u32, tag: u32): u32 {
  const mask = unchecked(tlbSetMask[t]);
  const set = mask != SETS_NOT_POWER_OF_2 ? tag & mask : tag % unchecked(tlbSets[t]);
  return unchecked(tlbFirst[t]) + set * unchecked(tlbWays[t]);
}

/** Whether entry e is valid, maps `key`'s tag at its level (key = tag | (valid, level) << 32), and serves `asid`. */
@inline function entryMatches(e: u32, key: u64, asid: u32): bool {
  const word = load<u64>(e);
  const global = <u32>(word >> 32) & PTE_G;
  // Bitwise, not short-circuit: no branch per way.
  return (word & PROBE_MASK) == key & (global != 0 | load<u32>(e, 8) == asid);
}

/** `found`, or entry i if it matches (the lowest match wins: probe the ways highest first). */
@inline function probeWay(i: u32, found: i32, key: u64, asid: u32): i32 {
  return select<i32>(<i32>i, found, entryMatches(entryAddress(i), key, asid));
}

/** The lowest way of the set at `first` whose entry matches, or -1. */
@inline function probeSet(first: u32, ways: u32, key: u64, asid: u32): i32 {
  let found: i32 = -1;
  // Up to 8 ways, every way is read, highest first, by a switch that falls
  // through: no loop, and no branch per way (a match in a random way costs
  // no mispredicted branch). Wider sets stop at the match.
  switch (ways) {
    case 8: found = probeWay(first + 7, found, key, asid);
    case 7: found = probeWay(first + 6, found, key, asid);
    case 6: found = probeWay(first + 5, found, key, asid);
    case 5: found = probeWay(first + 4, found, key, asid);
    case 4: found = probeWay(first + 3, found, key, asid);
    case 3: found = probeWay(first + 2, found, key, asid);
    case 2: found = probeWay(first + 1, found, key, asid);
    case 1: return probeWay(first, found, key, asid);
  }
  for (let w: u32 = 0; w < ways; w++) {
    if (entryMatches(entryAddress(first + w), key, asid)) return <i32>(first + w);
  }
  return found;
}

/** The entry of the set at `first` that maps va at `level` for `asid`, or -1. */
@inline function probeLevel(t: u32, first: u32, level: u32, shift: u32, va: u32, asid: u32): i32 {
  const key = (<u64>(ENTRY_VALID | (level << ENTRY_LEVEL_SHIFT)) << 32) | <u64>(va >>> shift);
  return probeSet(first, unchecked(tlbWays[t]), key, asid);
}

/** The set of TLB t a 4 KiB page's entry for va lives in (its first entry): the lookup's and the fill's. */
@inline export function pageSet(t: u32, va: u32): u32 {
  return setFirst(t, va >>> PAGE_SHIFT);
}

/** The entry of TLB `t` translating va for `asid`, or -1. Touches no state. `set0` is pageSet(t, va). */
@inline export function tlbFind(t: u32, mode: u32, va: u32, asid: u32, set0: u32): i32 {
  // The 4 KiB level first, then each larger page size.
  const found = probeLevel(t, set0, 0, PAGE_SHIFT, va, asid);
  if (found >= 0) return found;
  if (!unchecked(mayHoldSuperpages[t])) return -1;
  const levels = modeLevels(mode);
  for (let level: u32 = 1; level < levels; level++) {
    const shift = levelShift(mode, level);
    const match = probeLevel(t, setFirst(t, va >>> shift), level, shift, va, asid);
    if (match >= 0) return match;
  }
  return -1;
}

/** Marks entry i as just used (LRU only). */
@inline export function tlbTouch(t: u32, i: u32): void {
  if (unchecked(tlbPolicy[t]) == POLICY_LRU) store<u64>(entryStampAddress(i), nextStamp());
}

/**
 * Installs a translation of a page at `level` (a constant: walk.ts fills from
 * the step that found the leaf, so shift, tag and set fold). `found` is the
 * entry the lookup matched (its permissions did not allow the access) or -1:
 * a translation at the same level replaces it rather than being duplicated.
 * `set0` is pageSet(t, va), where a 4 KiB entry goes.
 */
@inline export function tlbFill(t: u32, mode: u32, va: u32, asid: u32, level: u32, pte: u64, ppn: u64, found: i32, set0: u32): void {
  const shift = levelShift(mode, level);
  const tag = va >>> shift;
  const i = found >= 0 && ((entryFlags(<u32>found) & ENTRY_LEVEL_MASK) >> ENTRY_LEVEL_SHIFT) == level
    ? <u32>found
    : chooseVictim(t, level == 0 ? set0 : setFirst(t, tag), unchecked(tlbWays[t]));
  const e = entryAddress(i);
  const oldFlags = load<u32>(e, 4);
  const oldTag = load<u32>(e);
  const flags = (<u32>pte & 0xff) | (level << ENTRY_LEVEL_SHIFT) | ENTRY_VALID;
  store<u64>(e, <u64>tag | (<u64>flags << 32)); // as the lookup reads it
  store<u32>(e, asid, 8);
  store<u32>(e, shift, 12);
  store<u64>(e, ppn, 16);
  store<u64>(e, nextStamp(), 24);
  if (TRACE) staleFilled(i, level, pte);
  if (level != 0) unchecked(mayHoldSuperpages[t] = true);
  forgetReplaced(oldFlags, oldTag, level, tag, found >= 0 && <u32>found != i);
}

/**
 * Keeps the fast caches true to the TLB after a fill: a fast entry exists
 * only while the TLB entry it came from is the one a lookup finds. The fill
 * ends the old entry's (a megapage's pages cannot be found one by one, so
 * then everything goes). The new entry can take pages over only from an
 * entry the lookup found and the fill did not replace (`shadows`): a 4 KiB
 * entry is found before the superpage that covered its page, and a
 * superpage before another entry at a higher level or in a later way. With
 * no match at all, no entry covered va's page (and levels nest, so none of
 * a new superpage's pages either): no fast entry can hold one.
 */
@inline function forgetReplaced(oldFlags: u32, oldTag: u32, level: u32, tag: u32, shadows: bool): void {
  if ((oldFlags & ENTRY_FAST) != 0) {
    if ((oldFlags & ENTRY_LEVEL_MASK) != 0) {
      fastFlush();
      return;
    }
    fastForgetPage(oldTag);
  }
  if (shadows) {
    if (level == 0) fastForgetPage(tag); else fastFlush();
  }
}

/** Notes that a fast cache now holds a page of entry i. */
@inline export function tlbMarkFast(i: u32): void {
  const e = entryAddress(i);
  store<u32>(e, load<u32>(e, 4) | ENTRY_FAST, 4);
}

@inline function chooseVictim(t: u32, first: u32, ways: u32): u32 {
  fetchPageSync(); // the fetch entry's LRU stamp is kept lazily
  if (unchecked(invalidEntries[t]) != 0) {
    const invalid = invalidWay(first, ways);
    if (invalid >= 0) {
      unchecked(invalidEntries[t]--);
      return <u32>invalid;
    }
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
  return oldestWay(first, ways);
}

/** Entry i if its stamp is not larger than entry best's, else best. */
@inline function olderOf(i: u32, best: u32): u32 {
  return select<u32>(i, best, load<u64>(entryStampAddress(i)) <= load<u64>(entryStampAddress(best)));
}

/** The way of the set at `first` with the smallest stamp (of equals, the lowest). */
@inline function oldestWay(first: u32, ways: u32): u32 {
  // Up to 8 ways, highest first by a switch that falls through, as probeSet
  // reads them.
  let best = first + ways - 1;
  switch (ways) {
    case 8: best = olderOf(first + 6, best);
    case 7: best = olderOf(first + 5, best);
    case 6: best = olderOf(first + 4, best);
    case 5: best = olderOf(first + 3, best);
    case 4: best = olderOf(first + 2, best);
    case 3: best = olderOf(first + 1, best);
    case 2: best = olderOf(first, best);
    case 1: return best;
  }
  best = first;
  for (let w: u32 = 1; w < ways; w++) {
    if (load<u64>(entryStampAddress(first + w)) < load<u64>(entryStampAddress(best))) best = first + w;
  }
  return best;
}

/** The lowest invalid way of the set at `first`, or -1. */
function invalidWay(first: u32, ways: u32): i32 {
  for (let w: u32 = 0; w < ways; w++) {
    if ((entryFlags(first + w) & ENTRY_VALID) == 0) return <i32>(first + w);
  }
  return -1;
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
  let flushed = fenceTlb(0, hasVa, va, hasAsid, asid);
  if (split) flushed += fenceTlb(1, hasVa, va, hasAsid, asid);
  const counter = statAddress(STAT_TLB_FLUSHED);
  store<u64>(counter, load<u64>(counter) + <u64>flushed);
  fastFlush();
}

/** tlbFence's work on TLB t: returns how many entries went. */
@inline function fenceTlb(t: u32, hasVa: bool, va: u32, hasAsid: bool, asid: u32): u32 {
  // What goes, and whether a superpage stays, are kept in locals: a store per
  // entry to one variable would chain every iteration to the one before.
  let flushed: u32 = 0;
  let superpageStays = false;
  const first = unchecked(tlbFirst[t]);
  const end = first + unchecked(tlbSets[t]) * unchecked(tlbWays[t]);
  for (let i = first; i < end; i++) {
    const e = entryAddress(i);
    const flags = load<u32>(e, 4);
    if ((flags & ENTRY_VALID) == 0) continue;
    if ((hasAsid && ((flags & PTE_G) != 0 || load<u32>(e, 8) != asid)) ||
        (hasVa && (va >>> load<u32>(e, 12)) != load<u32>(e))) {
      superpageStays |= (flags & ENTRY_LEVEL_MASK) != 0;
      continue;
    }
    flushed++;
    store<u32>(e, 0, 4);
  }
  unchecked(invalidEntries[t] += flushed);
  unchecked(mayHoldSuperpages[t] = superpageStays);
  return flushed;
}
