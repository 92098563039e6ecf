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
// Up to this many ways a probe reads every way of the set without branching
// (a random way costs no mispredicted branch); wider sets stop at the match.
const BRANCHLESS_WAYS: u32 = 8;

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
// Valid 4 KiB and superpage entries per TLB: a lookup probes only the levels
// that may hold a match (a TLB of megapages alone never probes the 4 KiB
// level, one of 4 KiB pages never the larger ones).
const pages: StaticArray<u32> = [0, 0];
const superpages: StaticArray<u32> = [0, 0];
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
  unchecked(pages[t] = 0);
  unchecked(superpages[t] = 0);
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

/** The lowest way of the set at `first` whose entry matches, or -1. */
@inline function probeSet(first: u32, ways: u32, key: u64, asid: u32): i32 {
  let found: i32 = -1;
  if (ways <= BRANCHLESS_WAYS) {
    // Every way, highest first, so the lowest match is the one kept.
    for (let w = <i32>ways - 1; w >= 0; w--) {
      const i = first + <u32>w;
      found = select<i32>(<i32>i, found, entryMatches(entryAddress(i), key, asid));
    }
    return found;
  }
  for (let w: u32 = 0; w < ways; w++) {
    if (entryMatches(entryAddress(first + w), key, asid)) return <i32>(first + w);
  }
  return found;
}

/** The entry of TLB `t` that maps va at `level` for `asid`, or -1. */
@inline function probeLevel(t: u32, level: u32, shift: u32, va: u32, asid: u32): i32 {
  const tag = va >>> shift;
  const key = (<u64>(ENTRY_VALID | (level << ENTRY_LEVEL_SHIFT)) << 32) | <u64>tag;
  return probeSet(setFirst(t, tag), unchecked(tlbWays[t]), key, asid);
}

/** The entry of TLB `t` translating va for `asid`, or -1. Touches no state. */
@inline export function tlbFind(t: u32, mode: u32, va: u32, asid: u32): i32 {
  // The 4 KiB level first (its shift a constant), then each larger page size.
  if (unchecked(pages[t]) != 0) {
    const found = probeLevel(t, 0, PAGE_SHIFT, va, asid);
    if (found >= 0) return found;
  }
  if (unchecked(superpages[t]) == 0) return -1;
  const levels = modeLevels(mode);
  for (let level: u32 = 1; level < levels; level++) {
    const match = probeLevel(t, level, levelShift(mode, level), va, asid);
    if (match >= 0) return match;
  }
  return -1;
}

/** Marks entry i as just used (LRU only). */
@inline export function tlbTouch(t: u32, i: u32): void {
  if (unchecked(tlbPolicy[t]) == POLICY_LRU) store<u64>(entryStampAddress(i), nextStamp());
}

/**
 * Installs a translation. `found` is the entry the lookup matched (its
 * permissions did not allow the access) or -1: a translation
 * at the same level replaces it rather than being duplicated.
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
  const oldValid = (oldFlags & ENTRY_VALID) != 0;
  const oldLevel = (oldFlags & ENTRY_LEVEL_MASK) >> ENTRY_LEVEL_SHIFT;
  // Replacing an entry of the same size leaves the counts as they are: no
  // read-modify-write of a count the next lookup reads (every full walk).
  if (!oldValid || oldLevel != level) {
    if (oldValid) {
      if (oldLevel == 0) unchecked(pages[t]--); else unchecked(superpages[t]--);
    }
    if (level == 0) unchecked(pages[t]++); else unchecked(superpages[t]++);
  }
  forgetReplaced(oldFlags, oldTag, level, tag, found >= 0 && <u32>found != i);
}

/**
 * Keeps the fast caches true to the TLB after a fill: a fast entry exists
 * only while the TLB entry it came from is the one a lookup finds. The fill
 * ends the old entry's (a megapage's pages cannot be found one by one, so
 * then everything goes), and a new 4 KiB entry is found before any superpage
 * entry that covered its page. A new superpage entry can take a page over
 * only from another entry that matched va at a higher level, or at its own
 * level in a later way (`shadows`: the lookup found an entry the fill did
 * not replace); with no match at all, no entry covered any of its pages
 * (levels nest), so none loses one.
 */
@inline function forgetReplaced(oldFlags: u32, oldTag: u32, level: u32, tag: u32, shadows: bool): void {
  if ((oldFlags & ENTRY_FAST) != 0) {
    if ((oldFlags & ENTRY_LEVEL_MASK) != 0) {
      fastFlush();
      return;
    }
    fastForgetPage(oldTag);
  }
  if (level == 0) fastForgetPage(tag);
  else if (shadows) fastFlush();
}

/** Notes that a fast cache now holds a page of entry i. */
@inline export function tlbMarkFast(i: u32): void {
  const e = entryAddress(i);
  store<u32>(e, load<u32>(e, 4) | ENTRY_FAST, 4);
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
  let flushed = fenceTlb(0, hasVa, va, hasAsid, asid);
  if (split) flushed += fenceTlb(1, hasVa, va, hasAsid, asid);
  const counter = statAddress(STAT_TLB_FLUSHED);
  store<u64>(counter, load<u64>(counter) + <u64>flushed);
  fastFlush();
}

/** tlbFence's work on TLB t: returns how many entries went. */
@inline function fenceTlb(t: u32, hasVa: bool, va: u32, hasAsid: bool, asid: u32): u32 {
  // What goes is counted in locals: a store per entry to one counter would
  // chain every iteration to the one before.
  let flushed: u32 = 0;
  let flushedSuperpages: u32 = 0;
  const first = unchecked(tlbFirst[t]);
  const end = first + unchecked(tlbSets[t]) * unchecked(tlbWays[t]);
  for (let i = first; i < end; i++) {
    const e = entryAddress(i);
    const flags = load<u32>(e, 4);
    if ((flags & ENTRY_VALID) == 0) continue;
    if (hasAsid && ((flags & PTE_G) != 0 || load<u32>(e, 8) != asid)) continue;
    if (hasVa && (va >>> load<u32>(e, 12)) != load<u32>(e)) continue;
    flushedSuperpages += <u32>((flags & ENTRY_LEVEL_MASK) != 0);
    flushed++;
    store<u32>(e, 0, 4);
  }
  unchecked(pages[t] -= flushed - flushedSuperpages);
  unchecked(superpages[t] -= flushedSuperpages);
  return flushed;
}
