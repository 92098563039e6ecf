import { describe, expect, it } from 'vitest';
import { SV32 } from '../../src/kernel/vm.js';
import { benchExports, microMachine } from '../../src/bench/mmu-micro.js';
import type { Machine } from '../../src/machine/index.js';

// A lookup probes the superpage sizes only while the TLB may hold superpage
// entries, and a fill looks for an invalid way only while the TLB has some
// (mmu/tlb.ts keeps a flag and a count per TLB). These cases change both
// every way there is — fills, evictions, replacing a 4 KiB entry by a
// megapage, SFENCE.VMA by address, by ASID and of all — and check each time
// that an entry still in the TLB is found (a hit, no walk) and that a fill
// evicts only when its set is full.
// The machine maps 4 KiB pages at 0x4000_0000 and megapages at 0xC000_0000
// (ASID 1, S-mode; src/bench/mmu-micro.ts).
const PAGE_VA = 0x4000_0000;
const MEGAPAGE_VA = 0xc000_0000;
const MEGAPAGE = 4 << 20;

/** One load translation of va on the modeled path; returns [TLB hits, walks] it added. */
function load(m: Machine, va: number): [number, number] {
  const before = m.stats();
  expect(benchExports(m).benchTranslateSequential(va, 0, 1, 1, 0)).not.toBe(-1n);
  const after = m.stats();
  return [after.tlbHits.load - before.tlbHits.load, after.walks - before.walks];
}

const HIT: [number, number] = [1, 0];
const WALK: [number, number] = [0, 1];

describe('the TLB probes the page sizes it holds', () => {
  it('finds a 4 KiB entry after a megapage entry is fenced by address', async () => {
    const m = await microMachine(SV32, { entries: 8, ways: 8, policy: 'lru' });
    expect(load(m, PAGE_VA)).toEqual(WALK);
    expect(load(m, MEGAPAGE_VA)).toEqual(WALK);
    m.sfenceVma(MEGAPAGE_VA);
    expect(load(m, PAGE_VA)).toEqual(HIT);
    expect(load(m, MEGAPAGE_VA)).toEqual(WALK);
    expect(load(m, MEGAPAGE_VA + 0x1234)).toEqual(HIT);
  });

  it('finds a megapage entry after a 4 KiB entry is fenced by address', async () => {
    const m = await microMachine(SV32, { entries: 8, ways: 8, policy: 'lru' });
    expect(load(m, MEGAPAGE_VA)).toEqual(WALK);
    expect(load(m, PAGE_VA)).toEqual(WALK);
    m.sfenceVma(PAGE_VA);
    expect(load(m, MEGAPAGE_VA + MEGAPAGE - 4)).toEqual(HIT);
    expect(load(m, PAGE_VA)).toEqual(WALK);
    expect(load(m, PAGE_VA)).toEqual(HIT);
  });

  it('keeps both kinds found through evictions in a one-entry data TLB', async () => {
    const m = await microMachine(SV32, { itlb: { entries: 1, ways: 1, policy: 'lru' }, dtlb: { entries: 1, ways: 1, policy: 'lru' } });
    for (let k = 0; k < 3; k++) {
      expect(load(m, PAGE_VA + k * 4096)).toEqual(WALK);
      expect(load(m, PAGE_VA + k * 4096 + 8)).toEqual(HIT);
      expect(load(m, MEGAPAGE_VA + k * MEGAPAGE)).toEqual(WALK); // evicts the 4 KiB entry
      expect(load(m, MEGAPAGE_VA + k * MEGAPAGE + 0x5000)).toEqual(HIT);
    }
    expect(m.stats().tlbEvictions).toBe(5);
  });

  it('starts again from nothing after SFENCE.VMA of all and by ASID', async () => {
    const m = await microMachine(SV32, { itlb: { entries: 2, ways: 2, policy: 'fifo' }, dtlb: { entries: 4, ways: 2, policy: 'fifo' } });
    for (const fence of [() => m.sfenceVma(), () => m.sfenceVma(undefined, 1)]) {
      expect(load(m, PAGE_VA)).toEqual(WALK);
      expect(load(m, MEGAPAGE_VA)).toEqual(WALK);
      fence();
      expect(load(m, MEGAPAGE_VA)).toEqual(WALK);
      expect(load(m, PAGE_VA)).toEqual(WALK);
      expect(load(m, MEGAPAGE_VA + 8)).toEqual(HIT);
      expect(load(m, PAGE_VA + 8)).toEqual(HIT);
      m.sfenceVma();
    }
  });

  it('fills the way SFENCE.VMA by address freed before evicting, then evicts the least recently used', async () => {
    const m = await microMachine(SV32, { itlb: { entries: 1, ways: 1, policy: 'lru' }, dtlb: { entries: 4, ways: 4, policy: 'lru' } });
    for (let k = 0; k < 4; k++) expect(load(m, PAGE_VA + k * 4096)).toEqual(WALK);
    expect(m.stats().tlbEvictions).toBe(0);
    m.sfenceVma(PAGE_VA + 2 * 4096);
    expect(load(m, PAGE_VA + 9 * 4096)).toEqual(WALK); // into the freed way
    expect(m.stats().tlbEvictions).toBe(0);
    for (const k of [0, 1, 3, 9]) expect(load(m, PAGE_VA + k * 4096)).toEqual(HIT);
    expect(load(m, PAGE_VA + 10 * 4096)).toEqual(WALK); // evicts page 0, the least recently used
    expect(m.stats().tlbEvictions).toBe(1);
    for (const k of [1, 3, 9, 10]) expect(load(m, PAGE_VA + k * 4096)).toEqual(HIT);
    expect(load(m, PAGE_VA)).toEqual(WALK);
    expect(m.stats().tlbEvictions).toBe(2);
  });

  it('refills a TLB emptied by SFENCE.VMA without evicting until it is full again', async () => {
    const m = await microMachine(SV32, { itlb: { entries: 1, ways: 1, policy: 'lru' }, dtlb: { entries: 4, ways: 2, policy: 'fifo' } });
    for (let k = 0; k < 6; k++) load(m, PAGE_VA + k * 4096); // two sets of 2 ways: 2 evictions
    expect(m.stats().tlbEvictions).toBe(2);
    m.sfenceVma();
    for (let k = 8; k < 12; k++) expect(load(m, PAGE_VA + k * 4096)).toEqual(WALK);
    expect(m.stats().tlbEvictions).toBe(2);
    for (let k = 8; k < 12; k++) expect(load(m, PAGE_VA + k * 4096)).toEqual(HIT);
    expect(load(m, PAGE_VA + 12 * 4096)).toEqual(WALK);
    expect(m.stats().tlbEvictions).toBe(3);
  });
});
