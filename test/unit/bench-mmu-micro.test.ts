// The MMU microbenchmarks (assembly/bench.ts driven by src/bench/mmu-micro.ts):
// every translation and flush goes through the modeled TLB and counts in
// the statistics exactly as a load or an SFENCE.VMA would.
import { describe, expect, it } from 'vitest';
import {
  MICRO_CASES, benchExports, measureMicro, microMachine, sequentialSum, type MicroStats,
} from '../../src/bench/mmu-micro.js';
import { microTable, tlbText } from '../../src/bench/speed-report.js';
import { SV32 } from '../../src/kernel/index.js';
import { DEFAULT_TLB } from '../../src/machine/index.js';

const N = 1000;
const FLUSHES = 100;
const counts = { translations: N, flushes: FLUSHES };
const micro = (name: string) => measureMicro(MICRO_CASES.find((c) => c.name === name)!, counts, 1);
const none: MicroStats = {
  translations: 0, tlbHits: 0, tlbMisses: 0, walks: 0, pteReads: [0, 0], tlbEvictions: 0, sfences: 0, tlbEntriesFlushed: 0,
};

describe('MMU microbenchmarks', () => {
  it.each(['load-hit-sequential', 'load-hit-random', 'tlb-hit-sequential', 'tlb-hit-random'])('%s: N translations, every one a TLB hit', async (name) => {
    const f = await micro(name);
    expect(f.operations).toBe(N);
    expect(f.mode).toBe('sv32');
    expect(f.stats).toEqual({ ...none, translations: N, tlbHits: N });
    expect(f.verdict?.target).toEqual({ atLeast: true, value: 500, unit: 'M/s' });
  });

  it('walk-4k: a one-entry DTLB makes every translation walk both levels', async () => {
    const f = await micro('walk-4k');
    expect(f.stats).toEqual({ ...none, translations: N, tlbMisses: N, walks: N, pteReads: [N, N], tlbEvictions: N });
    expect(f.verdict?.target).toEqual({ atLeast: true, value: 150, unit: 'M/s' });
  });

  it('walk-megapage: every translation walks one level to a megapage leaf', async () => {
    const f = await micro('walk-megapage');
    expect(f.stats).toEqual({ ...none, translations: N, tlbMisses: N, walks: N, pteReads: [0, N], tlbEvictions: N });
    expect(f.verdict).toBeUndefined();
  });

  it.each([
    ['sfence-all', 64], ['sfence-asid', 64], ['sfence-address', 1],
  ])('%s: each flush of the full 64-entry TLB invalidates %i entries', async (name, perFlush) => {
    const f = await micro(name);
    expect(f.operations).toBe(FLUSHES);
    expect(f.stats).toEqual({ ...none, sfences: FLUSHES, tlbEntriesFlushed: FLUSHES * perFlush });
  });

  it('translates to the physical addresses the page tables say', async () => {
    expect(sequentialSum('pages', 64, 130)).toBe(279_734_652_928n);
    // Megapages 0, 1, 2, 3, 0, 1, 2, 3, 0, 1 at 0x8000_0000 + k * 4 MiB.
    expect(sequentialSum('megapages', 4, 10)).toBe(10n * 0x8000_0000n + 13n * (4n << 20n));
    const m = await microMachine(SV32, DEFAULT_TLB);
    const hw = benchExports(m);
    expect(hw.benchTranslateSequential(0x4000_0000, 4096, 64, 130, 0)).toBe(279_734_652_928n);
    // Through the fast cache (the second round hits in it): the same addresses.
    expect(hw.benchTranslateSequential(0x4000_0000, 4096, 64, 130, 1)).toBe(279_734_652_928n);
    // The random loop's pages: xorshift32 from seed 1, the low 6 bits.
    let x = 1;
    let sum = 0n;
    for (let i = 0; i < N; i++) {
      x ^= x << 13; x >>>= 0; x ^= x >>> 17; x ^= x << 5; x >>>= 0;
      sum += BigInt(0x8040_0000 + (x & 63) * 4096);
    }
    expect(hw.benchTranslateRandom(0x4000_0000, 4096, 64, N, 1, 0)).toBe(sum);
    expect(hw.benchTranslateRandom(0x4000_0000, 4096, 64, N, 1, 1)).toBe(sum);
    // An unmapped page faults: the loop stops and says so.
    expect(hw.benchTranslateSequential(0x5000_0000, 4096, 1, 1, 1)).toBe(-1n);
  });

  it('prints a row per case with the TLB, the target and the verdict', async () => {
    expect(tlbText(DEFAULT_TLB)).toBe('unified 64 x 4-way LRU');
    const f = await micro('walk-megapage');
    const table = microTable([{ ...f, seconds: 0.001, rate: 1, nsPerOperation: 1000 }], 1);
    expect(table.split('\n')[2]).toBe(
      'sv32  walks, 4 MiB megapages (1 level)  I 16 full LRU, D 1 full LRU  1,000       0.0010   1.0         1000.0  -       -',
    );
  });
});
