import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { assemble } from '../../src/asm/index.js';
import { readElf } from '../../src/elf/index.js';
import { Machine, type MachineOptions } from '../../src/machine/index.js';
import { randomLoadMisses } from './bench-helpers.js';

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

  it('alu-bare.s: the same 60 million loop instructions with paging off, nothing translated', async () => {
    const { stop, stats } = await run('alu-bare.s');
    expect(stop).toEqual({ kind: 'exit', code: 0 });
    // M-mode: 4 set-up instructions, 60 M in the loop, li a0, slli, ori, la (2) and the two stores to tohost.
    expect(stats.instructions).toBe(60_000_011);
    expect(stats.untranslated).toEqual({ fetch: 60_000_011, load: 0, store: 2 });
    expect(stats.translations).toEqual({ fetch: 0, load: 0, store: 0 });
    expect(stats.walks).toBe(0);
  });

  it('sweep.s: four passes over 1,024 pages miss once per page per pass', async () => {
    const { stop, stats } = await run('sweep.s');
    expect(stop).toEqual({ kind: 'exit', code: 0 });
    // S-mode: 5 set-up instructions, 4 passes of (mv a0, 4 x 1 M loop instructions, addi, bnez), li a0, ECALL.
    expect(stats.translations).toEqual({ fetch: 5 + 4 * (1 + 4 * 1_048_576 + 2) + 2, load: 4 * 1_048_576, store: 0 });
    expect(stats.tlbMisses).toEqual({ fetch: 1, load: 4 * 1024, store: 0 });
    expect([stats.walks, ...stats.pteReads]).toEqual([4097, 4096, 4097]);
    // 64 entries, 4 ways: the code's megapage entry (set 0, always the most
    // recently used) keeps one slot, the first 63 data pages fill free ones.
    expect(stats.tlbEvictions).toBe(4096 - 63);
  });

  it('random.s: 2 million loads miss exactly as a model of the 16-set, 4-way LRU TLB predicts', async () => {
    const { stop, stats } = await run('random.s');
    expect(stop).toEqual({ kind: 'exit', code: 0 });
    const misses = randomLoadMisses(10, 0x4000_0000, 0);
    expect(misses).toBeGreaterThan(1_800_000); // 1,024 pages, 63 data slots: mostly misses
    expect(stats.translations.load).toBe(2_000_000);
    expect(stats.tlbMisses).toEqual({ fetch: 1, load: misses, store: 0 });
    expect([stats.walks, ...stats.pteReads]).toEqual([misses + 1, misses, misses + 1]);
    expect(stats.tlbEvictions).toBe(misses - 63);
  });

  it('random64.s: 2 million loads over 16,384 pages miss as the TLB model predicts', async () => {
    const { stop, stats } = await run('random64.s', { ramBytes: 72 << 20 });
    expect(stop).toEqual({ kind: 'exit', code: 0 });
    const misses = randomLoadMisses(6, 0x4000_0000, 0);
    expect(misses).toBeGreaterThan(1_990_000); // 16,384 pages: nearly every load misses
    expect(stats.translations.load).toBe(2_000_000);
    expect(stats.tlbMisses).toEqual({ fetch: 1, load: misses, store: 0 });
    expect([stats.walks, ...stats.pteReads]).toEqual([misses + 1, misses, misses + 1]);
  });

  // M-mode, paging off: every access untranslated; the counts are the
  // loop's plus its set-up and lib/bare-exit.s's li a0, slli, ori, la (2),
  // sw, sw (the second store ends the run).
  it.each([
    ['sweep-bare.s', 5 + 4 * (1 + 4 * 1_048_576 + 2) + 7, 4 * 1_048_576],
    ['random-bare.s', 8 + 16_000_000 + 7, 2_000_000],
    ['random64-bare.s', 8 + 16_000_000 + 7, 2_000_000],
  ])('%s: %i instructions, every access untranslated', async (program, instructions, loads) => {
    const { stop, stats } = await run(program, { ramBytes: 72 << 20 });
    expect(stop).toEqual({ kind: 'exit', code: 0 });
    expect(stats.instructions).toBe(instructions);
    expect(stats.untranslated).toEqual({ fetch: instructions, load: loads, store: 2 });
    expect(stats.translations).toEqual({ fetch: 0, load: 0, store: 0 });
  });

  it.each(['sweep.s', 'random.s', 'walk.s'])('%s: the same statistics and registers with the fast paths off', async (program) => {
    const tlb: MachineOptions['tlb'] = program === 'walk.s'
      ? { itlb: { entries: 16, ways: 16, policy: 'lru' }, dtlb: { entries: 1, ways: 1, policy: 'lru' } }
      : undefined;
    const fast = await runKeepingRegs(program, { tlb });
    const slow = await runKeepingRegs(program, { tlb, fastPaths: false });
    expect(slow).toEqual(fast);
    expect(fast.stop).toEqual({ kind: 'exit', code: 0 });
  });
});

async function runKeepingRegs(program: string, options: MachineOptions) {
  const file = path.resolve('programs/bench', program);
  const elf = readElf(assemble(readFileSync(file, 'utf8'), { file, layout: 'bare' }).elf);
  const m = await Machine.create({ ramBytes: 32 << 20, ...options });
  m.loadBareMetal(elf);
  const stop = m.run({ maxInstructions: 100_000_000 });
  // LRU stamps are compared by rank: the fast paths keep their order, not
  // their values (a slow-path fetch advances the clock, a fast one does not).
  const entries = m.tlbEntries();
  const stamps = entries.map((e) => e.stamp).sort((a, b) => a - b);
  const tlb = entries.map((e) => ({ ...e, stamp: stamps.indexOf(e.stamp) }));
  return { stop, stats: m.stats(), regs: Array.from({ length: 32 }, (_, i) => m.getReg(i)), tlb };
}
