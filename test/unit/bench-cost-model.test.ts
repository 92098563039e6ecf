// The cost model's arithmetic: h + (misses / accesses) x 2 x m, exactly.
import { describe, expect, it } from 'vitest';
import {
  checkCostModel, CostModelError, cyclesPerAccess, DEFAULT_COST_MODEL, SV32_WALK_LEVELS,
} from '../../src/bench/cost-model.js';

describe('cost model', () => {
  it('states its defaults: h = 1, m = 100, two levels per Sv32 walk', () => {
    expect(DEFAULT_COST_MODEL).toEqual({ hitCycles: 1, memCycles: 100 });
    expect(SV32_WALK_LEVELS).toBe(2);
  });

  it('charges h per access and 2 m per miss', () => {
    expect(cyclesPerAccess(DEFAULT_COST_MODEL, { accesses: 128, misses: 16 })).toBe(26); // 1 + 16/128 * 200
    expect(cyclesPerAccess(DEFAULT_COST_MODEL, { accesses: 100, misses: 0 })).toBe(1);
    expect(cyclesPerAccess(DEFAULT_COST_MODEL, { accesses: 100, misses: 100 })).toBe(201);
    expect(cyclesPerAccess({ hitCycles: 2, memCycles: 50 }, { accesses: 4, misses: 1 })).toBe(27); // 2 + 1/4 * 100
    expect(cyclesPerAccess(DEFAULT_COST_MODEL, { accesses: 0, misses: 0 })).toBe(0);
  });

  it('refuses a negative or non-finite cost with a CostModelError', () => {
    expect(checkCostModel({ hitCycles: 0, memCycles: 0 })).toEqual({ hitCycles: 0, memCycles: 0 });
    expect(() => checkCostModel({ hitCycles: -1, memCycles: 100 })).toThrow(CostModelError);
    expect(() => checkCostModel({ hitCycles: 1, memCycles: Number.NaN })).toThrow('memory cost must be a number of cycles, 0 or more (got NaN)');
  });
});
