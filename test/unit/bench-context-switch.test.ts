// The context-switch experiment: flushing at every switch costs misses that
// ASIDs avoid. The exact case: 2 processes of 16 pages, 4 rounds, each
// yielding after every round. Each process makes 13 loads parsing
// "16 4 y" (argc, argv[1], 4 lbu of "16", argv[2], 3 lbu of "4", argv[3],
// 2 lbu of "y") on its one stack page, then 16 x 4 loads.
//   ASIDs: only cold misses, 1 + 16 per process = 34.
//   flush: every round starts after a switch, 1 + 16 x 4 per process = 130.
import { describe, expect, it } from 'vitest';
import { DEFAULT_COST_MODEL } from '../../src/bench/cost-model.js';
import { measureSwitches, QUICK_SWITCH_GRID, runContextSwitches, switchRounds } from '../../src/bench/context-switch.js';

describe('context switches', () => {
  const small = { processes: 2, pages: 16, rounds: 4, quantum: 1_000_000, yieldEveryRound: true };

  it('has exactly the cold misses with ASIDs and every round missing with a flush per switch', async () => {
    const withAsid = await measureSwitches({ ...small, asid: true }, DEFAULT_COST_MODEL);
    const flush = await measureSwitches({ ...small, asid: false }, DEFAULT_COST_MODEL);
    expect(withAsid.accesses).toBe(2 * (13 + 64));
    expect(flush.accesses).toBe(2 * (13 + 64));
    expect(withAsid.misses).toBe(34);
    expect(flush.misses).toBe(130);
    expect(withAsid.contextSwitches).toBe(flush.contextSwitches);
    expect(flush.cycles).toBe(1 + (130 / 154) * 200);
  });

  it('orders the quick grid: the flush misses more, and less so with a longer quantum', async () => {
    const result = await runContextSwitches(QUICK_SWITCH_GRID, DEFAULT_COST_MODEL);
    expect(result.points.length).toBe(2 * 1 * 2 * 2);
    for (const p of result.points.filter((q) => q.asid)) {
      const flush = result.points.find((q) => !q.asid && q.processes === p.processes && q.quantum === p.quantum)!;
      expect(p.misses).toBe(p.processes * (1 + 16)); // cold misses only
      expect(flush.accesses).toBe(p.accesses);
      expect(flush.misses).toBeGreaterThan(p.misses);
    }
    const flushes = result.points.filter((q) => !q.asid && q.processes === 2);
    expect(flushes[0]!.missRate).toBeGreaterThan(flushes[1]!.missRate);
    expect(switchRounds(QUICK_SWITCH_GRID, 16)).toBe(782); // ceil(50,000 / 64)
  }, 60_000);
});
