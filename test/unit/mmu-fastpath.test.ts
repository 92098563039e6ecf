import { describe, expect, it } from 'vitest';
import type { MachineOptions, TlbPolicy } from '../../src/machine/index.js';
import { L0_TABLE, MAP_64_PAGES, runFastPathProgram } from './fastpath-helpers.js';

// A pseudo-random mix of loads, stores, misaligned and page-crossing accesses,
// AMOs, LR/SC and SFENCE.VMA over 64 pages (some with A/D clear), with the
// code competing for a small TLB. Run with and without the fast paths, every
// statistic, register and byte of RAM must be identical.
const SOURCE = MAP_64_PAGES + `
s_main:
    lcg_start 20000
1:  lcg_next
    slli    t1, s2, 16
    srli    t1, t1, 20                   # bits 15:4 of the state
    add     a1, s4, t0
    add     a1, a1, t1                   # any byte of any page: misaligned and crossing too
    andi    a2, a1, -4                   # its aligned word
    andi    t2, s2, 7
    li      t3, 1
    beq     t2, zero, 10f
    beq     t2, t3, 11f
    li      t3, 2
    beq     t2, t3, 12f
    li      t3, 3
    beq     t2, t3, 13f
    li      t3, 4
    beq     t2, t3, 14f
    li      t3, 5
    beq     t2, t3, 15f
    li      t3, 6
    beq     t2, t3, 16f
    lw      a3, 0(a1)
    add     s5, s5, a3
    j       2f
10: sw      s2, 0(a1)
    j       2f
11: lhu     a3, 0(a1)
    add     s5, s5, a3
    j       2f
12: amoadd.w a3, s2, (a2)
    add     s5, s5, a3
    j       2f
13: lr.w    a3, (a2)
    sc.w    a4, s2, (a2)
    add     s5, s5, a4
    j       2f
14: andi    t4, s2, 0x700
    bnez    t4, 2f
    sfence.vma a1, zero
    j       2f
15: sb      s2, 0(a1)
    j       2f
16: lb      a3, 0(a1)
    add     s5, s5, a3
2:  addi    s1, s1, -1
    bnez    s1, 1b
    li      a0, 0
    ecall
` + L0_TABLE;

const run = (options: MachineOptions) =>
  runFastPathProgram(SOURCE, 'fastpath-test.s', { ramBytes: 8 << 20, ...options }, [0x8040_0000]);

describe('fast paths are invisible', () => {
  const shapes: [string, MachineOptions['tlb']][] = [];
  for (const policy of ['lru', 'fifo', 'random'] as TlbPolicy[]) {
    shapes.push([`unified 8x2 ${policy}`, { entries: 8, ways: 2, policy }]);
    shapes.push([`split 4/16 ${policy}`, { itlb: { entries: 4, ways: 4, policy }, dtlb: { entries: 16, ways: 4, policy } }]);
  }
  it.each(shapes)('%s: same statistics, registers and memory with and without them', async (_name, tlb) => {
    for (const ad of ['update', 'fault'] as const) {
      const fast = await run({ tlb, ad, seed: 5 });
      const slow = await run({ tlb, ad, seed: 5, fastPaths: false });
      expect(fast).toEqual(slow);
      if (ad === 'update') {
        expect(fast.stop).toEqual({ kind: 'exit', code: 0 });
        expect(fast.stats.tlbHits.load).toBeGreaterThan(1000);
        expect(fast.stats.tlbMisses.load).toBeGreaterThan(1000);
        expect(fast.stats.dUpdates).toBeGreaterThan(0);
      } else {
        // Svade: the first touch of a page with A clear is a page fault, which ends the program (100 + cause).
        expect(fast.stop.kind === 'exit' && [113, 115].includes(fast.stop.code)).toBe(true);
      }
    }
  });
});
