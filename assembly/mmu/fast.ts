// Fast translation paths: a speed device only, never visible in behaviour or
// statistics.
//
// Loads and stores: one direct-mapped cache per access type mapping a virtual
// page to a host address in RAM. Fetches: the current fetch page, checked with
// one compare per instruction. An entry exists only while the modeled TLB
// entry it came from (or the identity mapping, with paging off) is present
// and the privilege/mstatus/satp context it was checked in is unchanged.
//
// A hit counts exactly as the modeled lookup would: a data hit bumps the
// access type's translation counter and, for an LRU TLB, stamps the entry
// with the recency clock. Fetch hits are counted lazily (fetchHits) and the
// fetch entry's stamp is written when it matters (before a TLB victim is
// chosen, and when the fetch page changes) with the value it would have had:
// the clock as of the last fetch, plus one. Data stamps advance the clock by
// two, so that value sorts exactly between the data uses before and after it.
import { FAST_LOCATION, FAST_SLOTS, FAST_SLOT_SIZE, FAST_SIZE, RAM_LOCATION } from '../layout';
import { RAM_BASE, PAGE_SHIFT, PAGE_SIZE, PAGE_OFFSET_MASK, ACCESS_LOAD, ACCESS_STORE } from '../encoding';

// The recency clock shared by every LRU stamp (data uses add 2).
export let lruClock: u64 = 0;

// The current fetch page: pc - fetchBase < fetchLimit means pc's 32 bits lie in it.
export let fetchBase: u32 = 0;
export let fetchHost: u32 = 0;
export let fetchLimit: u32 = 0; // 0 = no fetch page
export let fetchHits: u64 = 0; // fetches served since the last sync
export let lastFetchClock: u64 = 0; // lruClock at the last served fetch
let fetchCounter: u32 = 0;
let fetchStamp: u32 = 0;

@inline export function nextStamp(): u64 {
  const stamp = lruClock + 2;
  lruClock = stamp;
  return stamp;
}

// The statistic a load or store hit counts in (translated or untranslated):
// the same for every entry, as a context change flushes the caches.
let loadCounter: u32 = 0;
let storeCounter: u32 = 0;

@inline export function fastCache(access: u32): u32 {
  return FAST_LOCATION + (access - ACCESS_LOAD) * (FAST_SLOTS * FAST_SLOT_SIZE);
}

/** The load or store cache's entry that maps [va, va+size), or 0. */
@inline export function fastEntry(access: u32, va: u32, size: u32): u32 {
  const vpn = va >>> PAGE_SHIFT;
  const e = fastCache(access) + ((vpn & (FAST_SLOTS - 1)) * FAST_SLOT_SIZE);
  return load<u32>(e) == vpn && (va & PAGE_OFFSET_MASK) <= PAGE_SIZE - size ? e : 0;
}

/**
 * Counts a hit on entry e as the modeled lookup would, stamping its TLB entry
 * with `stamp` (nextStamp(), or the next value of a caller's copy of the clock).
 */
@inline export function fastHit(access: u32, e: u32, stamp: u64): void {
  const counter = access == ACCESS_LOAD ? loadCounter : storeCounter;
  store<u64>(counter, load<u64>(counter) + 1);
  store<u64>(load<u32>(e, 8), stamp);
}

/** The host address of va in entry e. */
@inline export function fastAddress(e: u32, va: u32): u32 {
  return va + load<u32>(e, 4);
}

/** The host address for [va, va+size) if the load or store cache maps it (0 if not). */
@inline export function fastHost(access: u32, va: u32, size: u32): u32 {
  const e = fastEntry(access, va, size);
  if (e == 0) return 0;
  fastHit(access, e, nextStamp());
  return fastAddress(e, va);
}

@inline function hostPageOf(pagePa: u64): u32 {
  return RAM_LOCATION + <u32>(pagePa - <u64>RAM_BASE);
}

/** Remembers that virtual page `va` maps to RAM physical page `pagePa` for loads or stores. */
@inline export function fastFill(access: u32, va: u32, pagePa: u64, counterAddr: u32, stampAddr: u32): void {
  const vpn = va >>> PAGE_SHIFT;
  const e = fastCache(access) + ((vpn & (FAST_SLOTS - 1)) * FAST_SLOT_SIZE);
  store<u32>(e, vpn);
  store<u32>(e, hostPageOf(pagePa) - (vpn << PAGE_SHIFT), 4);
  store<u32>(e, stampAddr, 8);
  if (access == ACCESS_LOAD) loadCounter = counterAddr; else storeCounter = counterAddr;
}

/** Makes virtual page `va` (RAM physical page `pagePa`) the fetch page. */
export function fetchPageSet(va: u32, pagePa: u64, counterAddr: u32, stampAddr: u32): void {
  fetchPageSync();
  fetchBase = va & ~PAGE_OFFSET_MASK;
  fetchHost = hostPageOf(pagePa);
  fetchLimit = PAGE_SIZE - 3; // a 32-bit fetch must end inside the page
  fetchCounter = counterAddr;
  fetchStamp = stampAddr;
}

/** Writes the lazily kept fetch count and LRU stamp to where the model keeps them. */
@inline export function fetchPageSync(): void {
  if (fetchHits == 0) return;
  store<u64>(fetchCounter, load<u64>(fetchCounter) + fetchHits);
  store<u64>(fetchStamp, lastFetchClock + 1);
  fetchHits = 0;
}

function fetchPageDrop(): void {
  fetchPageSync();
  fetchLimit = 0;
}

/** Forgets virtual page number `vpn` everywhere. */
@inline export function fastForgetPage(vpn: u32): void {
  const slot = (vpn & (FAST_SLOTS - 1)) * FAST_SLOT_SIZE;
  const loads = fastCache(ACCESS_LOAD) + slot;
  if (load<u32>(loads) == vpn) store<u32>(loads, 0xffffffff);
  const stores = fastCache(ACCESS_STORE) + slot;
  if (load<u32>(stores) == vpn) store<u32>(stores, 0xffffffff);
  if (fetchLimit != 0 && (fetchBase >>> PAGE_SHIFT) == vpn) fetchPageDrop();
}

// Set by fastFlush, which everything that changes how addresses translate
// calls (privilege, mstatus, satp, menvcfg): access.ts then recomputes its
// cached translation context before the next translation.
export let contextStale: bool = true;

/** Forgets everything (privilege, mstatus, satp, SFENCE.VMA or a superpage eviction). */
export function fastFlush(): void {
  contextStale = true;
  // Tag 0xffffffff can never equal a 20-bit virtual page number.
  memory.fill(FAST_LOCATION, 0xff, FAST_SIZE);
  fetchPageDrop();
}
