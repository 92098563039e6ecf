import { describe, expect, it } from 'vitest';
import path from 'node:path';
import { assemble } from '../../src/asm/index.js';
import { readElf } from '../../src/elf/index.js';
import { Machine, type MachineOptions, type TlbPolicy } from '../../src/machine/index.js';

// The fast caches next to megapage TLB entries: VA 0x4000_0000 is mapped
// either through a level-0 table (64 pages at PA 0x8040_0000, every fourth
// with A and D clear) or by one megapage leaf (PA 0x8080_0000, D clear), and
// the program swaps root[256] between the two without SFENCE.VMA now and
// then, so 4 KiB and megapage entries for the same addresses meet in the TLB
// (a new 4 KiB entry hiding a megapage's page, a megapage entry evicted or
// replaced while a fast cache holds its pages). With and without the fast
// paths every statistic, register and byte of RAM must be identical.
const SOURCE = `
    .include "sv32-s-mode.s"
    .text
bench_map:                               # root[256] -> l0; 64 pages at VA 0x4000_0000
    la      t0, l0_table
    srli    t1, t0, 12
    slli    t1, t1, 10
    ori     t1, t1, 1
    li      t2, 1024
    add     t2, a0, t2
    sw      t1, 0(t2)
    li      t1, 0x80400000 >> 12
    slli    t1, t1, 10
    li      t3, 64
    li      t4, 1 << 10
1:  andi    t5, t3, 3                    # every fourth page starts with A and D clear
    ori     t6, t1, 0x07                 # V R W
    beqz    t5, 2f
    ori     t6, t1, 0xc7                 # V R W A D
2:  sw      t6, 0(t0)
    add     t1, t1, t4
    addi    t0, t0, 4
    addi    t3, t3, -1
    bnez    t3, 1b
    ret

s_main:
    la      s7, root_table
    addi    s7, s7, 1024                 # &root[256]
    lw      s8, 0(s7)                    # the pointer to l0_table
    li      s9, 0x80800000 >> 12
    slli    s9, s9, 10
    ori     s9, s9, 0x47                 # a megapage leaf: V R W A, D clear
    li      s1, 20000                    # iterations
    li      s2, 12345                    # LCG state
    li      s3, 1103515245
    li      s4, 0x40000000
1:  mul     s2, s2, s3
    addi    s2, s2, 1234
    srli    t0, s2, 16
    andi    t0, t0, 63
    slli    t0, t0, 12
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

    .bss
    .balign 4096
l0_table: .space 4096
`;

const FILE = path.resolve('programs/bench/fastpath-superpage-test.s');

async function run(options: MachineOptions) {
  const elf = readElf(assemble(SOURCE, { file: FILE, layout: 'bare' }).elf);
  const m = await Machine.create({ ramBytes: 16 << 20, ...options });
  m.loadBareMetal(elf);
  const stop = m.run({ maxInstructions: 5_000_000 });
  return {
    stop,
    stats: m.stats(),
    regs: Array.from({ length: 32 }, (_, i) => m.getReg(i)),
    pages: Buffer.from(m.readPhys(0x8040_0000, 64 * 4096)).toString('base64'),
    megapage: Buffer.from(m.readPhys(0x8080_0000, 64 * 4096)).toString('base64'),
    // Stamps only order entries: fetch hits on the fast path do not advance the clock.
    tlb: m.tlbEntries().map(({ stamp: _stamp, ...entry }) => entry),
  };
}

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
