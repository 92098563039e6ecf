// The TLB-reach grid on --quick settings: every miss count is derivable.
// The guest's N pages are consecutive virtual pages, so in a TLB of S sets
// they fall in consecutive sets; with N <= entries each set holds all of its
// pages and only the first round misses (N cold misses). With N > entries
// (N and the TLB size are powers of two) every set receives more pages than
// it has ways, in a cycle, and LRU evicts each page just before its next
// use: every access misses, whatever the associativity.
import { describe, expect, it } from 'vitest';
import { DEFAULT_COST_MODEL } from '../../src/bench/cost-model.js';
import {
  dtlbShape, measureReach, QUICK_REACH_GRID, ramFor, roundsFor, runTlbReach, shapeName,
} from '../../src/bench/tlb-reach.js';

describe('TLB reach', () => {
  it('runs the quick grid with exactly the cold misses below the reach and all misses beyond', async () => {
    const result = await runTlbReach(QUICK_REACH_GRID, DEFAULT_COST_MODEL);
    expect(result.points.length).toBe(8 * 3 * 3);
    for (const p of result.points) {
      const label = `${p.pages} pages, ${shapeName(p.entries, p.ways)}`;
      expect(p.rounds, label).toBe(Math.max(8, 2048 / p.pages));
      expect(p.accesses, label).toBe(p.pages * p.rounds);
      expect(p.misses, label).toBe(p.pages <= p.entries ? p.pages : p.pages * p.rounds);
      expect(p.missRate, label).toBe(p.misses / p.accesses);
    }
    const knee = result.points.filter((p) => p.ways === 'full' && p.entries === 32);
    expect(knee.map((p) => p.cycles)).toEqual([
      1 + 200 / 2048, 1 + 200 / 1024, 1 + 200 / 512, 1 + 200 / 256, 1 + 200 / 128, 1 + 200 / 64, 201, 201,
    ].map((c) => expect.closeTo(c, 12)));
  }, 120_000);

  it('counts only the loop: N x rounds loads', async () => {
    expect(await measureReach(16, 3, dtlbShape(16, 'full'))).toEqual({ accesses: 48, misses: 16 });
    expect(await measureReach(17, 3, dtlbShape(16, 'full'))).toEqual({ accesses: 51, misses: 51 });
  });

  it('sizes rounds and RAM', () => {
    expect(roundsFor({ accesses: 65536, minRounds: 16 }, 1)).toBe(65536);
    expect(roundsFor({ accesses: 65536, minRounds: 16 }, 8192)).toBe(16);
    expect(ramFor(8192)).toBe(48 << 20); // 32 MiB of pages + 16 MiB
    expect(ramFor(1)).toBe(17 << 20);
    expect(dtlbShape(64, 'full')).toEqual({ entries: 64, ways: 64, policy: 'lru' });
    expect(shapeName(64, 4)).toBe('64 x 4-way');
    expect(shapeName(64, 1)).toBe('64 direct');
    expect(shapeName(64, 'full')).toBe('64 full');
  });
});
