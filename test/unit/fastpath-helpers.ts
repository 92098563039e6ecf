// Shared by the fast-path tests (mmu-fastpath*.test.ts): a bare-metal program
// that enters S-mode with Sv32 (programs/bench/sv32-s-mode.s) and maps 64
// pages at VA 0x4000_0000, every fourth with A and D clear, and a runner that
// records everything the fast paths must leave unchanged.
import path from 'node:path';
import { assemble } from '../../src/asm/index.js';
import { readElf } from '../../src/elf/index.js';
import { Machine, type MachineOptions, type StopReason } from '../../src/machine/index.js';

/**
 * The start of a program: S-mode boot, `bench_map` (root[256] -> l0_table; 64
 * pages at PA 0x8040_0000) and the macros the programs share: `leaf_pte reg,
 * pa, flags` (a leaf PTE for pa), `root256` (s7 := &root[256]), `lcg_start n`
 * (s1 := n iterations, s2 the LCG state, s3 its multiplier, s4 := VA
 * 0x4000_0000) and `lcg_next` (the next state; t0 := a page offset from its
 * bits 21:16).
 */
export const MAP_64_PAGES = `
    .include "sv32-s-mode.s"
    .macro leaf_pte reg, pa, flags
    li      \\reg, \\pa >> 12
    slli    \\reg, \\reg, 10
    ori     \\reg, \\reg, \\flags
    .endm
    .macro root256
    la      s7, root_table
    addi    s7, s7, 1024
    .endm
    .macro lcg_start iterations
    li      s1, \\iterations
    li      s2, 12345
    li      s3, 1103515245
    li      s4, 0x40000000
    .endm
    .macro lcg_next
    mul     s2, s2, s3
    addi    s2, s2, 1234
    srli    t0, s2, 16
    andi    t0, t0, 63
    slli    t0, t0, 12
    .endm
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
`;

/** The end of a program: the level-0 table bench_map fills. */
export const L0_TABLE = `
    .bss
    .balign 4096
l0_table: .space 4096
`;

export interface FastPathRun {
  stop: StopReason;
  stats: ReturnType<Machine['stats']>;
  regs: number[];
  /** 64 pages of RAM from each physical address asked for, base64. */
  ram: string[];
  /** The valid TLB entries without their LRU stamps (fast fetch hits do not advance the clock), if asked for. */
  tlb?: unknown[];
}

/** Runs `source` (named as if it sat in programs/bench/, for its .include) and records the result. */
export async function runFastPathProgram(
  source: string, name: string, options: MachineOptions, dumpAt: number[], withTlb = false,
): Promise<FastPathRun> {
  const elf = readElf(assemble(source, { file: path.resolve('programs/bench', name), layout: 'bare' }).elf);
  const m = await Machine.create(options);
  m.loadBareMetal(elf);
  const stop = m.run({ maxInstructions: 5_000_000 });
  return {
    stop,
    stats: m.stats(),
    regs: Array.from({ length: 32 }, (_, i) => m.getReg(i)),
    ram: dumpAt.map((pa) => Buffer.from(m.readPhys(pa, 64 * 4096)).toString('base64')),
    ...(withTlb ? { tlb: m.tlbEntries().map(({ stamp: _stamp, ...entry }) => entry) } : {}),
  };
}
