// Judging a figure against issue 6's targets: a rate's shortfall is relative
// to the target, a percentage's is in percentage points.
import { describe, expect, it } from 'vitest';
import {
  ALU_PAGING_COST, ALU_SV32_MIPS, STARTUP_MS, judge, targetText, verdictText,
} from '../../src/bench/targets.js';

describe('bench targets', () => {
  it('reads as the issue states them', () => {
    expect(targetText(ALU_SV32_MIPS)).toBe('≥ 500 MIPS');
    expect(targetText(ALU_PAGING_COST)).toBe('< 15 %');
    expect(targetText(STARTUP_MS)).toBe('< 150 ms');
  });

  it('meets an at-least target at or above it, and misses by the shortfall over the target', () => {
    expect(judge(500, ALU_SV32_MIPS)).toEqual({ target: ALU_SV32_MIPS, met: true, missedBy: 0 });
    expect(verdictText(judge(650, ALU_SV32_MIPS))).toBe('met');
    expect(judge(400, ALU_SV32_MIPS)).toEqual({ target: ALU_SV32_MIPS, met: false, missedBy: 0.2 });
    expect(verdictText(judge(400, ALU_SV32_MIPS))).toBe('missed by 20.0 %');
  });

  it('meets an at-most target at or below it; a percentage misses by points, anything else by a fraction', () => {
    expect(verdictText(judge(14.9, ALU_PAGING_COST))).toBe('met');
    expect(judge(18, ALU_PAGING_COST)).toEqual({ target: ALU_PAGING_COST, met: false, missedBy: 3 });
    expect(verdictText(judge(18, ALU_PAGING_COST))).toBe('missed by 3.0 %');
    expect(judge(180, STARTUP_MS).missedBy).toBe(0.2);
    expect(verdictText(judge(180, STARTUP_MS))).toBe('missed by 20.0 %');
  });
});
