// MMU microbenchmarks (`mmulab bench --suite mmu`, src/bench/mmu-micro.ts):
// loops that drive the hardware's own translation path with no instruction
// executed around it, so the host can time translations and SFENCE.VMA alone.
// Every translation counts in the statistics exactly as a load's would, on
// the modeled path (TLB lookup, walk, fill) or, when asked, first through the
// fast cache a load instruction tries before it. The host sets up the page
// tables, satp and the privilege first.
//
// Only translate() (mmu/access.ts), fastHost() (mmu/fast.ts), sfenceVma()
// (mmu/tlb.ts) and ramHost() (mem/phys.ts) are called: if those are renamed,
// the fix is here.
import { ACCESS_LOAD, RAM_BASE } from './encoding';
import { TLB_LOCATION, TLB_ENTRY_SIZE, RAM_LOCATION } from './layout';
import { translate, translatedPa } from './mmu/access';
import { fastHost } from './mmu/fast';
import { sfenceVma } from './mmu/tlb';
import { ramHost } from './mem/phys';

/** What a translation loop returns when a translation faults (the fault is raised as for a load). */
const BENCH_FAULT: i64 = -1;

/**
 * One load's translation of va: with `fast`, the way a load instruction
 * does it (the fast cache first, translate() when it misses); without, the
 * modeled path alone. Returns the physical address, or -1 at a fault.
 */
@inline function translateLoad(va: u32, fast: bool): i64 {
  if (fast) {
    const host = fastHost(ACCESS_LOAD, va, 4);
    if (host != 0) return <i64>(host - RAM_LOCATION) + <i64>RAM_BASE;
  }
  return translate(va, ACCESS_LOAD) ? <i64>translatedPa : BENCH_FAULT;
}

/**
 * n load translations of base + page * stride, page = 0, 1, ... pages - 1,
 * 0, 1, ... (through the fast cache if `fast`). Returns the sum of the
 * physical addresses (so nothing can be optimised away, and the host can
 * check the mapping), or -1 at a fault.
 */
export function benchTranslateSequential(base: u32, stride: u32, pages: u32, n: u32, fast: bool): i64 {
  let sum: i64 = 0;
  let page: u32 = 0;
  for (let i: u32 = 0; i < n; i++) {
    const pa = translateLoad(base + page * stride, fast);
    if (pa < 0) return BENCH_FAULT;
    sum += pa;
    page++;
    if (page == pages) page = 0;
  }
  return sum;
}

/**
 * n load translations of base + page * stride with page drawn by xorshift32
 * from `seed` (not 0) and masked to 0 .. pages - 1 (pages a power of two),
 * through the fast cache if `fast`. Returns the sum of the physical
 * addresses, or -1 at a fault.
 */
export function benchTranslateRandom(base: u32, stride: u32, pages: u32, n: u32, seed: u32, fast: bool): i64 {
  let sum: i64 = 0;
  let x = seed;
  for (let i: u32 = 0; i < n; i++) {
    x ^= x << 13; x ^= x >>> 17; x ^= x << 5;
    const pa = translateLoad(base + (x & (pages - 1)) * stride, fast);
    if (pa < 0) return BENCH_FAULT;
    sum += pa;
  }
  return sum;
}

/**
 * Copies the first `entries` TLB entries to RAM at physical address `pa`
 * (RAM the benchmark does not otherwise use), so benchFence can flush the
 * same full TLB again and again. False if that RAM does not exist. A
 * restore does not restore the TLB's count of invalid entries or its
 * superpage flag (mmu/tlb.ts), so after benchFence the machine is fit only
 * for more flushes.
 */
export function benchSaveTlb(entries: u32, pa: u32): bool {
  const bytes = entries * TLB_ENTRY_SIZE;
  const saved = ramHost(<u64>pa, bytes);
  if (saved == 0) return false;
  memory.copy(saved, TLB_LOCATION, bytes);
  return true;
}

/**
 * n times: restore the TLB saved by benchSaveTlb, then SFENCE.VMA (the same
 * call as the instruction's, with its statistics). With `fence` false only
 * the restores run: the baseline the host subtracts.
 */
export function benchFence(fence: bool, hasVa: bool, va: u32, hasAsid: bool, asid: u32, entries: u32, pa: u32, n: u32): void {
  const bytes = entries * TLB_ENTRY_SIZE;
  const saved = ramHost(<u64>pa, bytes);
  if (saved == 0) return;
  for (let i: u32 = 0; i < n; i++) {
    memory.copy(TLB_LOCATION, saved, bytes);
    if (fence) sfenceVma(hasVa, va, hasAsid, asid);
  }
}
