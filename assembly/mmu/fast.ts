// Fast translation caches: one direct-mapped cache per access type mapping a
// virtual page to a host address in RAM. They are a speed device only: an
// entry exists only while the modeled TLB entry it came from (or the identity
// mapping, with paging off) is present and the privilege/mstatus/satp context
// it was checked in is unchanged. A hit counts exactly as the modeled lookup
// would: it bumps the access type's translation counter and, for an LRU TLB,
// the entry's recency stamp.
import { FAST_LOCATION, FAST_SLOTS, FAST_SLOT_SIZE, FAST_SIZE } from '../layout';
import { RAM_BASE, PAGE_SHIFT, PAGE_SIZE, PAGE_OFFSET_MASK } from '../encoding';
import { RAM_LOCATION } from '../layout';

// The recency clock shared by every LRU stamp.
export let lruClock: u64 = 0;

@inline export function fastCache(access: u32): u32 {
  return FAST_LOCATION + access * (FAST_SLOTS * FAST_SLOT_SIZE);
}

/** The host address for [va, va+size) if the access type's cache maps it (0 if not). */
@inline export function fastHost(cache: u32, va: u32, size: u32): u32 {
  const vpn = va >>> PAGE_SHIFT;
  const e = cache + ((vpn & (FAST_SLOTS - 1)) * FAST_SLOT_SIZE);
  if (load<u32>(e) == vpn && (va & PAGE_OFFSET_MASK) <= PAGE_SIZE - size) {
    const counter = load<u32>(e, 8);
    store<u64>(counter, load<u64>(counter) + 1);
    store<u64>(load<u32>(e, 12), ++lruClock);
    return va + load<u32>(e, 4);
  }
  return 0;
}

/** Remembers that virtual page `va` maps to RAM physical page `pagePa`. */
export function fastFill(cache: u32, va: u32, pagePa: u64, counterAddr: u32, stampAddr: u32): void {
  const vpn = va >>> PAGE_SHIFT;
  const e = cache + ((vpn & (FAST_SLOTS - 1)) * FAST_SLOT_SIZE);
  const hostPage = RAM_LOCATION + <u32>(pagePa - <u64>RAM_BASE);
  store<u32>(e, vpn);
  store<u32>(e, hostPage - (vpn << PAGE_SHIFT), 4);
  store<u32>(e, counterAddr, 8);
  store<u32>(e, stampAddr, 12);
}

/** Forgets virtual page number `vpn` in every cache. */
export function fastForgetPage(vpn: u32): void {
  for (let c: u32 = 0; c < 3; c++) {
    const e = fastCache(c) + ((vpn & (FAST_SLOTS - 1)) * FAST_SLOT_SIZE);
    if (load<u32>(e) == vpn) store<u32>(e, 0xffffffff);
  }
}

/** Forgets everything (privilege, mstatus, satp, SFENCE.VMA or a superpage eviction). */
export function fastFlush(): void {
  // Tag 0xffffffff can never equal a 20-bit virtual page number.
  memory.fill(FAST_LOCATION, 0xff, FAST_SIZE);
}
