// The --trace filters on hand-made event sequences: exact cuts.
import { describe, expect, it } from 'vitest';
import { TraceFilter, type TraceFilterOptions } from '../../src/cli/trace/filter.js';
import type { TraceEvent } from '../../src/cli/trace/event.js';
import { TRACE_KINDS } from '../../src/cli/trace/options.js';

const insn = (pc: number): TraceEvent => ({ kind: 'insn', pc, bits: 0x13, rd: null, value: 0, priv: 0 });
const load = (va: number): TraceEvent => ({ kind: 'mem', va, pa: 0x8000_0000 + va, size: 4, access: 'load' });
const toPid = (to: number, from: number | null = null): TraceEvent => ({ kind: 'switch', from, to, reason: 'preempt' });

function passed(events: TraceEvent[], options: Partial<TraceFilterOptions>): TraceEvent[] {
  const filter = new TraceFilter({ kinds: new Set(TRACE_KINDS), ...options });
  return events.filter((e) => filter.pass(e));
}

describe('TraceFilter', () => {
  // Instruction 0 at 0x100, instruction 1 (a load of 0x2000) at 0x104, 2 at 0x108, 3 at 0x10c.
  const events = [insn(0x100), load(0x2000), insn(0x104), insn(0x108), insn(0x10c)];

  it('--trace-from/--trace-count keep exactly the window, with the records of its instructions', () => {
    expect(passed(events, { from: 1, count: 2 })).toEqual([load(0x2000), insn(0x104), insn(0x108)]);
    expect(passed(events, { from: 3 })).toEqual([insn(0x10c)]);
    expect(passed(events, { count: 1 })).toEqual([insn(0x100)]);
  });

  it('knows when the window has ended', () => {
    const filter = new TraceFilter({ kinds: new Set(['insn']), count: 2 });
    expect(filter.countsInstructions).toBe(true);
    filter.pass(insn(0x100));
    expect(filter.done).toBe(false);
    filter.pass(insn(0x104));
    expect(filter.done).toBe(true);
  });

  it('--trace-va keeps instructions by pc and accesses by va in [LO, HI); other kinds pass', () => {
    const trap: TraceEvent = {
      kind: 'trap', cause: 8, tval: 0, epc: 0x104, fromPriv: 0, toPriv: 1, handler: 0, toHost: true, instret: 1,
    };
    expect(passed([...events, trap], { va: { lo: 0x104, hi: 0x10c } })).toEqual([insn(0x104), insn(0x108), trap]);
    expect(passed(events, { va: { lo: 0x2000, hi: 0x2001 } })).toEqual([load(0x2000)]);
  });

  it('--trace-pid keeps what happens while that process runs', () => {
    const seq = [toPid(1), insn(0x100), toPid(2, 1), insn(0x200), toPid(1, 2), insn(0x104)];
    expect(passed(seq, { pid: 1 })).toEqual([toPid(1), insn(0x100), toPid(2, 1), toPid(1, 2), insn(0x104)]);
    expect(passed(seq, { pid: 2 })).toEqual([toPid(2, 1), insn(0x200), toPid(1, 2)]);
  });

  it('--trace kinds select: mmu takes tlb and pte records, trap takes xRETs, sched the scheduler', () => {
    const tlb: TraceEvent = { kind: 'tlb', va: 0x2000, access: 'load', event: 'miss', pa: null };
    const xret: TraceEvent = { kind: 'xret', fromPriv: 3, toPriv: 0, pc: 0x100, instret: 5 };
    const seq = [insn(0x100), tlb, xret, toPid(1)];
    expect(passed(seq, { kinds: new Set(['mmu']) })).toEqual([tlb]);
    expect(passed(seq, { kinds: new Set(['trap', 'sched']) })).toEqual([xret, toPid(1)]);
  });
});
