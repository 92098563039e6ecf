import { describe, expect, it } from 'vitest';
import type { MachineOptions, TlbPolicy } from '../../src/machine/index.js';
import { L0_TABLE, MAP_64_PAGES, runFastPathProgram } from './fastpath-helpers.js';

// The fast caches next to megapage TLB entries: VA 0x4000_0000 is mapped
// either through a level-0 table (64 pages at PA 0x8040_0000, every fourth
// with A and D clear) or by one megapage leaf (PA 0x8080_0000, D clear), and
// the program swaps root[256] between the two without SFENCE.VMA now and
// then, so 4 KiB and megapage entries for the same addresses meet in the TLB
// (a new 4 KiB entry hiding a megapage's page, a megapage entry evicted or
// replaced while a fast cache holds its pages). With and without the fast
// paths every statistic, register and byte of RAM must be identical.
const SOURCE = MAP_64_PAGES + `
s_main:
    root256
    lw      s8, 0(s7)                    # the pointer to l0_table
    leaf_pte s9, 0x80800000, 0x47        # a megapage leaf: V R W A, D clear
    lcg_start 20000
1:  lcg_next
    srli    t1, s2, 22                   # an aligned word of the page (the LCG's high bits:
    slli    t1, t1, 2                    # low bits repeat too soon for loads to meet stores)
    add     a1, s4, t0
    add     a1, a1, t1
    srli    t2, s2, 11
    andi    t2, t2, 31
    beqz    t2, 10f
    li      t3, 1
    beq     t2, t3, 11f
    li      t3, 2
    beq     t2, t3, 12f
    andi    t3, t2, 3
    beqz    t3, 13f
    lw      a3, 0(a1)
    add     s5, s5, a3
    j       2f
10: lw      t4, 0(s7)                    # swap root[256], no SFENCE.VMA
    andi    t5, t4, 0xe
    mv      t6, s9
    beqz    t5, 3f
    mv      t6, s8
3:  sw      t6, 0(s7)
    j       2f
11: sfence.vma a1, zero
    j       2f
12: andi    t4, s2, 0x300
    bnez    t4, 2f
    sfence.vma zero, zero
    j       2f
13: sw      s2, 0(a1)
2:  addi    s1, s1, -1
    bnez    s1, 1b
    mv      a0, s5
    andi    a0, a0, 0x3f
    addi    a0, a0, 1000
    ecall
` + L0_TABLE;

const run = (options: MachineOptions) =>
  runFastPathProgram(SOURCE, 'fastpath-superpage-test.s', { ramBytes: 16 << 20, ...options }, [0x8040_0000, 0x8080_0000], true);

describe('fast paths are invisible next to megapages', () => {
  const shapes: [string, MachineOptions['tlb']][] = [];
  for (const policy of ['lru', 'fifo', 'random'] as TlbPolicy[]) {
    shapes.push([`unified 8x2 ${policy}`, { entries: 8, ways: 2, policy }]);
    shapes.push([`split 4/16 ${policy}`, { itlb: { entries: 4, ways: 4, policy }, dtlb: { entries: 16, ways: 4, policy } }]);
    shapes.push([`split 2/4 full ${policy}`, { itlb: { entries: 2, ways: 2, policy }, dtlb: { entries: 4, ways: 4, policy } }]);
    shapes.push([`unified 128x4 ${policy}`, { entries: 128, ways: 4, policy }]);
    shapes.push([`split 4/32 full ${policy}`, { itlb: { entries: 4, ways: 4, policy }, dtlb: { entries: 32, ways: 32, policy } }]);
  }
  it.each(shapes)('%s: same statistics, registers, memory and TLB with and without them', async (_name, tlb) => {
    const fast = await run({ tlb, seed: 7 });
    const slow = await run({ tlb, seed: 7, fastPaths: false });
    expect(fast).toEqual(slow);
    expect(fast.stop.kind).toBe('exit');
    expect(fast.stats.tlbHits.load).toBeGreaterThan(1000);
    expect(fast.stats.tlbMisses.load).toBeGreaterThan(100);
    // Both kinds of leaf were walked: level-0 reads happen only through the table, and a
    // megapage walk reads only level 1, so level-1 reads exceed level-0 reads.
    expect(fast.stats.pteReads[0]).toBeGreaterThan(100);
    expect(fast.stats.pteReads[1]).toBeGreaterThan(fast.stats.pteReads[0]! + 100);
  });
});
