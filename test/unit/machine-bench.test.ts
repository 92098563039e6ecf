import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { assemble } from '../../src/asm/index.js';
import { readElf } from '../../src/elf/index.js';
import { Machine, type MachineOptions } from '../../src/machine/index.js';

// The benchmark programs run to completion with exactly the statistics their
// structure implies (they set up Sv32 in M-mode, then loop in S-mode).
async function run(program: string, options: MachineOptions = {}) {
  const file = path.resolve('programs/bench', program);
  const elf = readElf(assemble(readFileSync(file, 'utf8'), { file, layout: 'bare' }).elf);
  const m = await Machine.create({ ramBytes: 32 << 20, ...options });
  m.loadBareMetal(elf);
  return { stop: m.run({ maxInstructions: 100_000_000 }), stats: m.stats() };
}

describe('programs/bench', () => {
  it('alu.s: 10 million six-instruction iterations, all fetches hitting one megapage entry', async () => {
    const { stop, stats } = await run('alu.s');
    expect(stop).toEqual({ kind: 'exit', code: 0 });
    // S-mode: 4 set-up instructions, 60 M in the loop, li a0 and the ECALL (which does not retire).
    expect(stats.translations).toEqual({ fetch: 60_000_006, load: 0, store: 0 });
    expect(stats.tlbMisses).toEqual({ fetch: 1, load: 0, store: 0 });
    expect([stats.walks, ...stats.pteReads]).toEqual([1, 0, 1]);
    expect(stats.exceptions[9]).toBe(1);
  });

  it('tlb-hit.s: 32 million loads, all TLB hits', async () => {
    const { stop, stats } = await run('tlb-hit.s');
    expect(stop).toEqual({ kind: 'exit', code: 0 });
    expect(stats.translations.load).toBe(32_000_000);
    expect(stats.tlbHits.load).toBe(32_000_000);
    expect(stats.walks).toBe(1);
  });

  it('walk.s: every one of 3.2 million loads misses a one-entry DTLB and walks both levels', async () => {
    const { stop, stats } = await run('walk.s', {
      tlb: { itlb: { entries: 16, ways: 16, policy: 'lru' }, dtlb: { entries: 1, ways: 1, policy: 'lru' } },
    });
    expect(stop).toEqual({ kind: 'exit', code: 0 });
    expect(stats.tlbMisses).toEqual({ fetch: 1, load: 3_200_000, store: 0 });
    expect([stats.walks, ...stats.pteReads]).toEqual([3_200_001, 3_200_000, 3_200_001]);
    expect(stats.tlbEvictions).toBe(3_199_999);
  });
});
