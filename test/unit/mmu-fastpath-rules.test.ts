import { describe, expect, it } from 'vitest';
import type { MachineOptions, TlbPolicy } from '../../src/machine/index.js';
import { L0_TABLE, MAP_64_PAGES, runFastPathProgram } from './fastpath-helpers.js';

// The two rules of forgetReplaced() (assembly/mmu/tlb.ts) that keep the fast
// caches true to the TLB when a fill changes which entry a lookup finds, each
// in a program built so that only that rule stands between a fast cache and
// a stale frame. Root[256] (VA 0x4000_0000) is swapped between the pointer to
// l0_table and megapage leaves without SFENCE.VMA; every TLB is fully
// associative and never full, so each fill takes the lowest free way and the
// outcome is the same under every policy. RAM is mapped 1:1 by megapages, so
// the program writes its marker words at their physical addresses.
//
// Frames: l0_table's page 1 is PA 0x8040_1000; megapage A is PA 0x8080_0000,
// megapage B PA 0x80C0_0000.

// Rule (1), `if (shadows)` at level 0: `fastForgetPage(tag)`. A load hit on
// megapage A (D clear) puts VA 0x4000_1000 in the load cache; root[256] goes
// back to the pointer; a store to that page finds A without D, walks, and
// fills a 4 KiB entry (PA 0x8040_1000) that now hides A for the page. Without the rule the
// next load still reads A's frame (0xaaaa0001) instead of the stored word.
const NEW_PAGE_SOURCE = MAP_64_PAGES + `
s_main:
    root256
    lw      s8, 0(s7)                    # the pointer to l0_table
    leaf_pte s9, 0x80800000, 0x47        # megapage A: V R W A, D clear
    li      t0, 0x80801000
    li      t1, 0xaaaa0001
    sw      t1, 0(t0)                    # A's word at VA 0x4000_1000
    sw      s9, 0(s7)                    # root[256] := megapage A
    sfence.vma zero, zero
    li      s4, 0x40001000
    lw      a1, 0(s4)                    # miss: fills A's entry
    lw      a2, 0(s4)                    # hit: the load cache now maps the page to A
    sw      s8, 0(s7)                    # root[256] := the pointer, no SFENCE.VMA
    li      t1, 0x22220002
    sw      t1, 0(s4)                    # A lacks D: walk, fill a 4 KiB entry (PA 0x8040_1000)
    lw      a3, 0(s4)                    # the 4 KiB entry: 0x22220002
    li      t0, 0x80801000
    lw      a4, 0(t0)                    # A's word, untouched: 0xaaaa0001
    li      a0, 7
    ecall
` + L0_TABLE;

// Rule (2), `if (shadows)` at a superpage level: `fastFlush()`. A read-only
// 4 KiB entry E for VA 0x4000_1000 sits in the TLB below megapage A's entry
// (the lookup of that page finds E first, so both live). A load hit on A puts
// VA 0x4000_2000 in the load cache. Root[256] becomes megapage B; a store to 0x4000_1000 finds
// E without W, walks, and fills B's entry into a way below A's (freed by an
// SFENCE.VMA of one address), so every page but E's now finds B. Without the
// rule the next load of 0x4000_2000 still reads A's frame (0xaaaa0002), not
// B's (0xbbbb0002).
const SHADOW_SOURCE = MAP_64_PAGES + `
s_main:
    root256
    leaf_pte s9, 0x80800000, 0xc7        # megapage A: V R W A D
    leaf_pte s10, 0x80c00000, 0xc7       # megapage B: V R W A D
    la      t0, l0_table
    leaf_pte t1, 0x80401000, 0xc3        # page 1: V R A D, read-only
    sw      t1, 4(t0)
    li      t0, 0x80802000
    li      t1, 0xaaaa0002
    sw      t1, 0(t0)                    # A's word at VA 0x4000_2000
    li      t0, 0x80c02000
    li      t1, 0xbbbb0002
    sw      t1, 0(t0)                    # B's word at VA 0x4000_2000
    sfence.vma zero, zero
    li      s4, 0x40001000
    li      s5, 0x40002000
    li      s6, 0x80400000               # a filler page, mapped 1:1
    lw      a1, 0(s4)                    # fills E (4 KiB, read-only)
    sw      s9, 0(s7)                    # root[256] := megapage A, no SFENCE.VMA
    lw      a1, 0(s6)                    # fills the filler's entry
    lw      a1, 0(s5)                    # fills A's entry, in a way above the filler's
    sfence.vma s6, zero                  # frees the filler's way (and empties the fast caches)
    lw      a2, 0(s5)                    # hit on A: the load cache maps 0x4000_2000 to A
    sw      s10, 0(s7)                   # root[256] := megapage B, no SFENCE.VMA
    li      t1, 0x33330003
    sw      t1, 0(s4)                    # E lacks W: walk, fill B's entry in the freed way
    lw      a3, 0(s5)                    # B's entry comes first now: 0xbbbb0002
    lw      a4, 0(s4)                    # E still: page 1 of l0 (PA 0x8040_1000), never written: 0
    li      a0, 7
    ecall
` + L0_TABLE;

const run = (source: string, name: string, options: MachineOptions) =>
  runFastPathProgram(source, name, { ramBytes: 16 << 20, ...options }, [0x8040_0000, 0x8080_0000, 0x80c0_0000], true);

/** The 32-bit word at `offset` of a run's RAM dump (base64). */
function word(dump: string, offset: number): number {
  return Buffer.from(dump, 'base64').readUInt32LE(offset);
}

const A2 = 12;
const A3 = 13;
const A4 = 14;

const shapes: [string, MachineOptions['tlb']][] = [];
for (const policy of ['lru', 'fifo', 'random'] as TlbPolicy[]) {
  shapes.push([`unified 16 full ${policy}`, { entries: 16, ways: 16, policy }]);
  shapes.push([`split 8/8 full ${policy}`, { itlb: { entries: 8, ways: 8, policy }, dtlb: { entries: 8, ways: 8, policy } }]);
}

describe('a new 4 KiB entry forgets the fast entry of its page (rule 1)', () => {
  it.each(shapes)('%s: the load after the fill reads the new frame', async (_name, tlb) => {
    const fast = await run(NEW_PAGE_SOURCE, 'fastpath-rule1-test.s', { tlb, seed: 7 });
    const slow = await run(NEW_PAGE_SOURCE, 'fastpath-rule1-test.s', { tlb, seed: 7, fastPaths: false });
    expect(fast).toEqual(slow);
    expect(fast.stop).toEqual({ kind: 'exit', code: 7 });
    expect(fast.regs[A2]).toBe(0xaaaa0001);
    expect(fast.regs[A3]).toBe(0x22220002);
    expect(fast.regs[A4]).toBe(0xaaaa0001);
    expect(word(fast.ram[0]!, 0x1000)).toBe(0x22220002);
    expect(fast.stats.tlbEvictions).toBe(0);
  });
});

describe('a new superpage entry that shadows another flushes the fast caches (rule 2)', () => {
  it.each(shapes)('%s: the load after the fill reads the new megapage', async (_name, tlb) => {
    const fast = await run(SHADOW_SOURCE, 'fastpath-rule2-test.s', { tlb, seed: 7 });
    const slow = await run(SHADOW_SOURCE, 'fastpath-rule2-test.s', { tlb, seed: 7, fastPaths: false });
    expect(fast).toEqual(slow);
    expect(fast.stop).toEqual({ kind: 'exit', code: 7 });
    expect(fast.regs[A2]).toBe(0xaaaa0002);
    expect(fast.regs[A3]).toBe(0xbbbb0002);
    expect(fast.regs[A4]).toBe(0);
    // The store through B's entry: 0x4000_1000 is PA 0x80C0_1000.
    expect(word(fast.ram[2]!, 0x1000)).toBe(0x33330003);
    expect(word(fast.ram[0]!, 0x1000)).toBe(0);
    expect(fast.stats.tlbEvictions).toBe(0);
  });
});
