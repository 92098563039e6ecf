// The MMU microbenchmarks (`mmulab bench --suite mmu`): translations per
// second through the hardware's own translation path (assembly/bench.ts),
// with no instruction executed around them: TLB hits (sequential pages, and
// random pages within the TLB's reach) as a load takes them (the fast cache
// first) and through the modeled TLB lookup alone, forced full walks (a one-entry data
// TLB, so every translation walks) of 4 KiB pages and of megapages, and what
// one SFENCE.VMA costs on a full TLB. The page tables are written here from
// the host, as a kernel would, and each figure is the median of RUNS timed
// calls after a warm-up. Every translation counts in the statistics exactly
// as a load's would; each case records the statistics of its last timed call.
//
// Rows are per paging mode (Sv32 is the only one on RV32); the layout below
// is Sv32's, and a mode with more levels adds its own cases.
import { MmulabError } from '../errors.js';
import { CSR_SATP } from '../kernel/index.js';
import { PA2PTE, PTE_A, PTE_D, PTE_R, PTE_V, PTE_W, PX, SV32, makeSatp, type PagingMode } from '../kernel/vm.js';
import { DEFAULT_TLB, Machine, RAM_BASE, openPmpForSupervisor, type MachineOptions, type MachineStats, type TlbShape } from '../machine/index.js';
import { FULL_WALK_RATE, TLB_HIT_RATE, judge, type Target, type Verdict } from './targets.js';
import { RUNS, medianCpu } from './timing.js';

/** Machine's Wasm exports are not its API; the benchmark is the hardware's own test bench, so it reaches them here only. */
export interface BenchExports {
  benchTranslateSequential(base: number, stride: number, pages: number, n: number, fast: number): bigint;
  benchTranslateRandom(base: number, stride: number, pages: number, n: number, seed: number, fast: number): bigint;
  benchSaveTlb(entries: number, pa: number): number;
  benchFence(fence: number, hasVa: number, va: number, hasAsid: number, asid: number, entries: number, pa: number, n: number): void;
}

export function benchExports(m: Machine): BenchExports {
  return m['hw'] as unknown as BenchExports;
}

// The physical layout (16 MiB of RAM): the root table, one level-0 table,
// where the TLB is saved for the flush cases, and the data pages.
const RAM_BYTES = 16 << 20;
const ROOT_PA = RAM_BASE;
const L0_PA = RAM_BASE + 0x1000;
const SAVE_PA = RAM_BASE + 0x10_0000;
const DATA_PA = RAM_BASE + 0x40_0000;
const PAGE = 4096;
const MEGAPAGE = 4 << 20;
/** 4 KiB pages at 0x4000_0000 (one level-0 table: up to 1,024) and megapages at 0xC000_0000 (4 of them: all of RAM). */
const PAGES_VA = 0x4000_0000;
const PAGES = 1024;
const MEGAPAGES_VA = 0xc000_0000;
const MEGAPAGES = 4;
const ASID = 1;
const PRIV_S = 1;
/** V R W A D: a kernel data page (A and D set, so no walk writes a PTE). */
const DATA_PERM = PTE_V | PTE_R | PTE_W | PTE_A | PTE_D;
const XORSHIFT_SEED = 1;

/** A one-entry data TLB: every translation misses and walks. */
export const WALK_TLB: MachineOptions['tlb'] = {
  itlb: { entries: 16, ways: 16, policy: 'lru' }, dtlb: { entries: 1, ways: 1, policy: 'lru' },
};

export type MicroLoop =
  | {
    kind: 'translate'; order: 'sequential' | 'random'; region: 'pages' | 'megapages'; pages: number;
    /** Through the fast cache first, as a load instruction translates (else the modeled TLB lookup alone). */
    fast?: boolean;
  }
  | { kind: 'fence'; flush: 'all' | 'asid' | 'address' };

export interface MicroCase {
  name: string;
  measures: string;
  tlb: TlbShape | { itlb: TlbShape; dtlb: TlbShape };
  loop: MicroLoop;
  target?: Target;
}

/** The cases, in table order (the default TLB: unified, 64 entries, 4-way, LRU; 64 pages fill it exactly). */
export const MICRO_CASES: readonly MicroCase[] = [
  {
    name: 'load-hit-sequential', measures: 'hits as a load takes them (fast cache), 64 pages in order', tlb: DEFAULT_TLB,
    loop: { kind: 'translate', order: 'sequential', region: 'pages', pages: 64, fast: true }, target: TLB_HIT_RATE,
  },
  {
    name: 'load-hit-random', measures: 'hits as a load takes them (fast cache), random of 64 pages', tlb: DEFAULT_TLB,
    loop: { kind: 'translate', order: 'random', region: 'pages', pages: 64, fast: true }, target: TLB_HIT_RATE,
  },
  {
    name: 'tlb-hit-sequential', measures: 'modeled TLB hits, 64 pages in order', tlb: DEFAULT_TLB,
    loop: { kind: 'translate', order: 'sequential', region: 'pages', pages: 64 }, target: TLB_HIT_RATE,
  },
  {
    name: 'tlb-hit-random', measures: 'modeled TLB hits, random of 64 pages', tlb: DEFAULT_TLB,
    loop: { kind: 'translate', order: 'random', region: 'pages', pages: 64 }, target: TLB_HIT_RATE,
  },
  {
    name: 'walk-4k', measures: 'full walks, 4 KiB pages (2 levels)', tlb: WALK_TLB,
    loop: { kind: 'translate', order: 'sequential', region: 'pages', pages: 64 }, target: FULL_WALK_RATE,
  },
  {
    name: 'walk-megapage', measures: 'walks, 4 MiB megapages (1 level)', tlb: WALK_TLB,
    loop: { kind: 'translate', order: 'sequential', region: 'megapages', pages: MEGAPAGES },
  },
  { name: 'sfence-all', measures: 'SFENCE.VMA x0, x0 on a full TLB', tlb: DEFAULT_TLB, loop: { kind: 'fence', flush: 'all' } },
  { name: 'sfence-asid', measures: 'SFENCE.VMA by ASID on a full TLB', tlb: DEFAULT_TLB, loop: { kind: 'fence', flush: 'asid' } },
  { name: 'sfence-address', measures: 'SFENCE.VMA by address on a full TLB', tlb: DEFAULT_TLB, loop: { kind: 'fence', flush: 'address' } },
];

/** Operations per timed call: translations, or flushes. */
export interface MicroCounts { translations: number; flushes: number }
export const FULL_MICRO_COUNTS: MicroCounts = { translations: 10_000_000, flushes: 200_000 };
export const QUICK_MICRO_COUNTS: MicroCounts = { translations: 1_000_000, flushes: 20_000 };

export interface MicroFigure {
  name: string;
  mode: string;
  measures: string;
  tlb: MicroCase['tlb'];
  /** Translations or flushes per timed call. */
  operations: number;
  /** Median CPU seconds of a call (for a flush, less the TLB restores it needs: see assembly/bench.ts). */
  seconds: number;
  /** Millions of operations per second, and nanoseconds per operation. */
  rate: number;
  nsPerOperation: number;
  verdict?: Verdict;
  /** The statistics of the last timed call. */
  stats: MicroStats;
}

/** The statistics a microbenchmark moves. */
export interface MicroStats {
  translations: number;
  tlbHits: number;
  tlbMisses: number;
  walks: number;
  pteReads: number[];
  tlbEvictions: number;
  sfences: number;
  tlbEntriesFlushed: number;
}

export class MicroBenchError extends MmulabError {
  override name = 'MicroBenchError';
}

/** A machine in S-mode with Sv32 on: PAGES 4 KiB pages and MEGAPAGES megapages mapped. */
export async function microMachine(mode: PagingMode, tlb: MicroCase['tlb']): Promise<Machine> {
  const m = await Machine.create({ ramBytes: RAM_BYTES, tlb });
  openPmpForSupervisor(m); // S-mode reads its page tables: PMP must grant it, as firmware would
  m.writePhys32(ROOT_PA + PX(mode, 1, PAGES_VA) * mode.pteBytes, PA2PTE(L0_PA) | PTE_V);
  for (let i = 0; i < PAGES; i++) {
    m.writePhys32(L0_PA + PX(mode, 0, PAGES_VA + i * PAGE) * mode.pteBytes, PA2PTE(DATA_PA + i * PAGE) | DATA_PERM);
  }
  for (let k = 0; k < MEGAPAGES; k++) {
    m.writePhys32(ROOT_PA + PX(mode, 1, MEGAPAGES_VA + k * MEGAPAGE) * mode.pteBytes, PA2PTE(RAM_BASE + k * MEGAPAGE) | DATA_PERM);
  }
  m.writeCsr(CSR_SATP, makeSatp(mode, ROOT_PA, ASID));
  m.priv = PRIV_S;
  return m;
}

/** The physical address a translation loop finds for page `page` of a region. */
function physicalOf(region: 'pages' | 'megapages', page: number): number {
  return region === 'pages' ? DATA_PA + page * PAGE : RAM_BASE + page * MEGAPAGE;
}

/** Runs a translation loop of n translations; checks that none faulted and, in order, the physical addresses. */
function translateLoop(hw: BenchExports, loop: Extract<MicroLoop, { kind: 'translate' }>, n: number): void {
  const [base, stride] = loop.region === 'pages' ? [PAGES_VA, PAGE] : [MEGAPAGES_VA, MEGAPAGE];
  const fast = loop.fast === true ? 1 : 0;
  const sum = loop.order === 'sequential'
    ? hw.benchTranslateSequential(base, stride, loop.pages, n, fast)
    : hw.benchTranslateRandom(base, stride, loop.pages, n, XORSHIFT_SEED, fast);
  if (sum === -1n) throw new MicroBenchError(`a ${loop.order} translation of the ${loop.region} region faulted`);
  if (loop.order === 'sequential' && sum !== sequentialSum(loop.region, loop.pages, n)) {
    throw new MicroBenchError(`the ${loop.region} region translated to unexpected physical addresses`);
  }
}

/** Σ of the physical addresses of n sequential translations over `pages` pages (each at its page's start). */
export function sequentialSum(region: 'pages' | 'megapages', pages: number, n: number): bigint {
  let cycle = 0n;
  for (let p = 0; p < pages; p++) cycle += BigInt(physicalOf(region, p));
  let rest = 0n;
  for (let p = 0; p < n % pages; p++) rest += BigInt(physicalOf(region, p));
  return cycle * BigInt(Math.floor(n / pages)) + rest;
}

function microStats(s: MachineStats): MicroStats {
  return {
    translations: s.translations.load, tlbHits: s.tlbHits.load, tlbMisses: s.tlbMisses.load, walks: s.walks,
    pteReads: s.pteReads, tlbEvictions: s.tlbEvictions, sfences: s.sfences, tlbEntriesFlushed: s.tlbEntriesFlushed,
  };
}

function tlbEntries(tlb: MicroCase['tlb']): number {
  return 'itlb' in tlb ? tlb.itlb.entries + tlb.dtlb.entries : tlb.entries;
}

/** Times one case: the median of `runs` timed calls after a warm-up call. */
export async function measureMicro(c: MicroCase, counts: MicroCounts, runs = RUNS, mode: PagingMode = SV32): Promise<MicroFigure> {
  const m = await microMachine(mode, c.tlb);
  const hw = benchExports(m);
  let operations: number;
  let seconds: number;
  if (c.loop.kind === 'translate') {
    const loop = c.loop;
    operations = counts.translations;
    // The warm-up touches every page in order twice first, so a random loop
    // within the TLB's reach finds them all in it (the first pass fills the
    // TLB, the second, hitting, the fast cache).
    translateLoop(hw, { ...loop, order: 'sequential' }, 2 * loop.pages);
    translateLoop(hw, loop, operations);
    seconds = medianCpu(runs, () => translateLoop(hw, loop, operations), () => m.resetStats());
  } else {
    operations = counts.flushes;
    seconds = timeFlush(m, hw, c.loop.flush, tlbEntries(c.tlb), operations, runs);
  }
  const rate = operations / seconds / 1e6;
  return {
    name: c.name, mode: mode.name, measures: c.measures, tlb: c.tlb, operations, seconds,
    rate, nsPerOperation: (seconds / operations) * 1e9,
    ...(c.target === undefined ? {} : { verdict: judge(rate, c.target) }),
    stats: microStats(m.stats()),
  };
}

/**
 * Fills the TLB with one entry per page (4 KiB pages, ASID 1), saves it, and
 * times n flushes of it, each after restoring it; less the time of n
 * restores alone. Flush by address drops the first page's entry; by ASID
 * and all, every entry.
 */
function timeFlush(m: Machine, hw: BenchExports, flush: 'all' | 'asid' | 'address', entries: number, n: number, runs: number): number {
  translateLoop(hw, { kind: 'translate', order: 'sequential', region: 'pages', pages: entries }, entries);
  if (m.tlbEntries().length !== entries) throw new MicroBenchError(`the TLB did not fill: ${m.tlbEntries().length} of ${entries} entries`);
  if (hw.benchSaveTlb(entries, SAVE_PA) === 0) throw new MicroBenchError('no RAM to save the TLB in');
  const hasVa = flush === 'address' ? 1 : 0;
  const hasAsid = flush === 'asid' ? 1 : 0;
  const run = (fence: number) => (): void => hw.benchFence(fence, hasVa, PAGES_VA, hasAsid, ASID, entries, SAVE_PA, n);
  run(1)(); // warm-up
  const restores = medianCpu(runs, run(0));
  const flushes = medianCpu(runs, run(1), () => m.resetStats());
  // A floor of 1 ns in all, so a noisy subtraction never divides by zero.
  return Math.max(flushes - restores, 1e-9);
}

/** Every case; `progress` after each. */
export async function runMicro(counts: MicroCounts, runs = RUNS, progress?: (done: number, total: number) => void): Promise<MicroFigure[]> {
  const figures: MicroFigure[] = [];
  for (const c of MICRO_CASES) {
    figures.push(await measureMicro(c, counts, runs));
    progress?.(figures.length, MICRO_CASES.length);
  }
  return figures;
}
