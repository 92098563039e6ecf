import { describe, expect, it } from 'vitest';
import { RAM_BASE, type Machine, type MachineOptions } from '../../src/machine/index.js';
import {
  M_HANDLER, PTE_A, PTE_D, PTE_G, PTE_R, PTE_W, PTE_X, PageTables, ROOT, START, addi, csrrc, csrrs, csrrw, fenceI, jal, lw,
  machine, elfOf, openPmp, sfenceVma, sw,
} from './hart-helpers.js';

const CODE_VA = 0x0001_0000;
const DATA_VA = 0x0002_0000;
const DATA_PA = RAM_BASE + 0x20000;
const MCAUSE = 0x342, MEPC = 0x341, MTVAL = 0x343;

interface Vm { m: Machine; pt: PageTables; dataPte: number }

/** S-mode code at CODE_VA (physical START), one data page at DATA_VA; x5 = DATA_VA. */
async function vm(code: number[], options: MachineOptions = {}, dataFlags = PTE_R | PTE_W | PTE_A | PTE_D): Promise<Vm> {
  const m = await machine(options);
  const zeros = (bytes: number) => Array.from({ length: bytes / 4 }, () => 0);
  m.loadBareMetal(elfOf([...zeros(M_HANDLER - RAM_BASE), jal(0, 0), ...zeros(START - M_HANDLER - 4), ...code]));
  openPmp(m);
  const pt = new PageTables(m);
  pt.map4k(CODE_VA, START, PTE_R | PTE_X | PTE_A);
  const dataPte = pt.map4k(DATA_VA, DATA_PA, dataFlags);
  m.writeCsr(0x305, M_HANDLER);
  m.writeCsr(0x180, pt.satp());
  m.priv = 1;
  m.pc = CODE_VA;
  m.setReg(5, DATA_VA);
  return { m, pt, dataPte };
}

function word(m: Machine, pa: number, v: number): void {
  const b = new Uint8Array(4);
  new DataView(b.buffer).setUint32(0, v >>> 0, true);
  m.writePhys(pa, b);
}

describe('translation while running', () => {
  it('counts translations, TLB hits and misses, walks and PTE reads per level exactly', async () => {
    const { m } = await vm([lw(6, 5, 0), lw(7, 5, 4), jal(0, 0)]);
    word(m, DATA_PA, 0x1234);
    word(m, DATA_PA + 4, 0x5678);
    m.run({ maxInstructions: 3 });
    expect([m.getReg(6), m.getReg(7)]).toEqual([0x1234, 0x5678]);
    const s = m.stats();
    expect(s.translations).toEqual({ fetch: 3, load: 2, store: 0 });
    expect(s.tlbMisses).toEqual({ fetch: 1, load: 1, store: 0 });
    expect(s.tlbHits).toEqual({ fetch: 2, load: 1, store: 0 });
    expect(s.walks).toBe(2);
    expect(s.pteReads).toEqual([2, 2]);
    expect(s.instructions).toBe(3);
  });

  it('ad: update sets A on a load and D on a later store (a TLB entry without D is refilled)', async () => {
    const { m, pt, dataPte } = await vm([lw(6, 5, 0), sw(6, 5, 8), jal(0, 0)], {}, PTE_R | PTE_W);
    m.run({ maxInstructions: 1 });
    expect(pt.read(dataPte) & (PTE_A | PTE_D)).toBe(PTE_A);
    m.run({ maxInstructions: 2 });
    expect(pt.read(dataPte) & (PTE_A | PTE_D)).toBe(PTE_A | PTE_D);
    const s = m.stats();
    expect([s.aUpdates, s.dUpdates, s.tlbMisses.store, s.walks]).toEqual([1, 1, 1, 3]);
  });

  it('ad: fault raises a store page fault when D is clear', async () => {
    const { m } = await vm([sw(6, 5, 8)], { ad: 'fault' }, PTE_R | PTE_W | PTE_A);
    m.run({ maxInstructions: 1 });
    expect([m.readCsr(MCAUSE), m.readCsr(MEPC), m.readCsr(MTVAL)]).toEqual([15, CODE_VA, DATA_VA + 8]);
    expect(m.stats().pageFaults).toEqual({ fetch: 0, load: 0, store: 1 });
  });

  it('a 32-bit instruction straddling into an unmapped page: epc = its address, tval = the second page', async () => {
    const { m } = await vm([]);
    m.writePhys(START + 0xffe, Uint8Array.of(0x13, 0x03)); // low half of "addi x6, x6, 1" (0x00130313)
    m.pc = CODE_VA + 0xffe;
    m.run({ maxInstructions: 1 });
    expect([m.readCsr(MCAUSE), m.readCsr(MEPC), m.readCsr(MTVAL)]).toEqual([12, CODE_VA + 0xffe, CODE_VA + 0x1000]);
  });

  it('a misaligned load across into an unmapped page faults with tval = the second part', async () => {
    const { m } = await vm([lw(6, 10, 0)]);
    m.setReg(10, DATA_VA + 0xffe);
    m.run({ maxInstructions: 1 });
    expect([m.readCsr(MCAUSE), m.readCsr(MTVAL)]).toEqual([13, DATA_VA + 0x1000]);
  });

  it('a misaligned store whose second page is read-only writes nothing', async () => {
    const { m, pt } = await vm([addi(6, 0, -1), sw(6, 10, 0)]);
    m.setReg(10, DATA_VA + 0xffe);
    pt.map4k(DATA_VA + 0x1000, DATA_PA + 0x1000, PTE_R | PTE_A);
    m.run({ maxInstructions: 2 });
    expect([m.readCsr(MCAUSE), m.readCsr(MTVAL)]).toEqual([15, DATA_VA + 0x1000]);
    expect(Array.from(m.readPhys(DATA_PA + 0xffe, 4))).toEqual([0, 0, 0, 0]);
  });

  it('a misaligned load across two mapped pages reads both', async () => {
    const { m, pt } = await vm([lw(6, 10, 0)]);
    m.setReg(10, DATA_VA + 0xffe);
    pt.map4k(DATA_VA + 0x1000, RAM_BASE + 0x40000, PTE_R | PTE_A);
    m.writePhys(DATA_PA + 0xffe, Uint8Array.of(0x11, 0x22));
    m.writePhys(RAM_BASE + 0x40000, Uint8Array.of(0x33, 0x44));
    m.run({ maxInstructions: 1 });
    expect(m.getReg(6)).toBe(0x44332211);
    expect(m.stats().translations.load).toBe(2);
  });

  it('self-modifying code runs the new instruction after FENCE.I', async () => {
    // Writes "addi x7, x0, 42" over the instruction after the fence.
    const { m, pt } = await vm([lw(6, 5, 0), sw(6, 8, 0), fenceI(), addi(7, 0, 1), jal(0, 0)]);
    pt.map4k(0x30000, START, PTE_R | PTE_W | PTE_A | PTE_D); // a writable alias of the code page
    m.setReg(8, 0x30000 + 12);
    word(m, DATA_PA, addi(7, 0, 42));
    m.run({ maxInstructions: 5 });
    expect(m.getReg(7)).toBe(42);
  });
});

describe('SFENCE.VMA', () => {
  const OTHER_PA = RAM_BASE + 0x50000;

  /** Loads x6 from DATA_VA and x9 from DATA_VA + 0x1000 (global), then retargets both PTEs. */
  async function stale(fence: number, asid = 1): Promise<[number, number]> {
    const { m, pt, dataPte } = await vm([lw(6, 5, 0), lw(9, 11, 0), fence, lw(6, 5, 0), lw(9, 11, 0)]);
    m.setReg(11, DATA_VA + 0x1000);
    const globalPte = pt.map4k(DATA_VA + 0x1000, DATA_PA + 0x1000, PTE_R | PTE_A | PTE_G);
    m.writeCsr(0x180, pt.satp(asid));
    m.setReg(7, asid);
    m.setReg(8, asid + 1);
    word(m, DATA_PA, 1);
    word(m, DATA_PA + 0x1000, 2);
    word(m, OTHER_PA, 3);
    m.run({ maxInstructions: 2 });
    pt.write(dataPte, (pt.read(dataPte) & 0x3ff) | ((OTHER_PA >>> 12) << 10));
    pt.write(globalPte, (pt.read(globalPte) & 0x3ff) | ((OTHER_PA >>> 12) << 10));
    m.run({ maxInstructions: 3 });
    return [m.getReg(6), m.getReg(9)];
  }

  it.each([
    ['no fence: both stale', addi(0, 0, 0), [1, 2]],
    ['x0, x0: everything', sfenceVma(0, 0), [3, 3]],
    ['va, x0: that page in every address space', sfenceVma(5, 0), [3, 2]],
    ['x0, asid: that address space, not global entries', sfenceVma(0, 7), [3, 2]],
    ['x0, another asid: nothing', sfenceVma(0, 8), [1, 2]],
    ['va, asid: that page, not global', sfenceVma(5, 7), [3, 2]],
    ['global va, asid: global entries stay', sfenceVma(11, 7), [1, 2]],
    ['global va, x0: flushed', sfenceVma(11, 0), [1, 3]],
  ])('%s', async (_what, fence, want) => {
    expect(await stale(fence)).toEqual(want);
  });
});

describe('the modeled TLB', () => {
  async function misses(policy: 'lru' | 'fifo' | 'random', seed = 1): Promise<number> {
    // Data pages A, B, C; access order A B A C A through a 2-entry fully associative DTLB.
    const { m, pt } = await vm([lw(6, 5, 0), lw(6, 10, 0), lw(6, 5, 0), lw(6, 11, 0), lw(6, 5, 0)],
      { tlb: { itlb: { entries: 4, ways: 4, policy: 'lru' }, dtlb: { entries: 2, ways: 2, policy } }, seed });
    m.setReg(10, DATA_VA + 0x1000);
    m.setReg(11, DATA_VA + 0x2000);
    pt.map4k(DATA_VA + 0x1000, DATA_PA + 0x1000, PTE_R | PTE_A);
    pt.map4k(DATA_VA + 0x2000, DATA_PA + 0x2000, PTE_R | PTE_A);
    m.run({ maxInstructions: 5 });
    const s = m.stats();
    expect(s.translations.load).toBe(5);
    return s.tlbMisses.load;
  }

  it('LRU keeps the recently used page: 3 misses for A B A C A', async () => {
    expect(await misses('lru')).toBe(3);
  });

  it('tlbEntries() shows what the TLB holds: after A B A C A with LRU, A and C', async () => {
    const { m, pt } = await vm([lw(6, 5, 0), lw(6, 10, 0), lw(6, 5, 0), lw(6, 11, 0), lw(6, 5, 0)],
      { tlb: { itlb: { entries: 4, ways: 4, policy: 'lru' }, dtlb: { entries: 2, ways: 2, policy: 'lru' } } });
    m.setReg(10, DATA_VA + 0x1000);
    m.setReg(11, DATA_VA + 0x2000);
    pt.map4k(DATA_VA + 0x1000, DATA_PA + 0x1000, PTE_R | PTE_A);
    pt.map4k(DATA_VA + 0x2000, DATA_PA + 0x2000, PTE_R | PTE_A);
    m.run({ maxInstructions: 5 });
    const entries = m.tlbEntries();
    expect(entries.filter((e) => e.tlb === 'itlb').map((e) => [e.va, e.pa, e.pageSize]))
      .toEqual([[CODE_VA, START, 4096]]);
    const data = entries.filter((e) => e.tlb === 'dtlb').sort((a, b) => a.stamp - b.stamp);
    expect(data.map((e) => [e.va, e.pa, e.asid, e.global, e.pteFlags]))
      .toEqual([[DATA_VA + 0x2000, DATA_PA + 0x2000, 0, false, 0x43], [DATA_VA, DATA_PA, 0, false, 0xc7]]);
  });

  it('LRU order holds across the lazily stamped fetch page (a load is the last instruction of a page)', async () => {
    // Unified 2-entry TLB. Code page F ends with two loads of data page D; the
    // next page G then misses: F's last use (the second load's fetch) is older
    // than D's (that load's access), so F is the victim and G's load of D hits.
    const { m, pt } = await vm([], { tlb: { entries: 2, ways: 2, policy: 'lru' } });
    const G = RAM_BASE + 0x70000;
    pt.map4k(CODE_VA + 0x1000, G, PTE_R | PTE_X | PTE_A);
    word(m, START + 0xff8, lw(6, 5, 0));
    word(m, START + 0xffc, lw(6, 5, 0));
    word(m, G, lw(6, 5, 0));
    m.pc = CODE_VA + 0xff8;
    m.run({ maxInstructions: 3 });
    const s = m.stats();
    expect([s.tlbMisses.fetch, s.tlbMisses.load, s.tlbHits.load]).toEqual([2, 1, 2]);
    expect(m.tlbEntries().map((e) => e.va).sort()).toEqual([CODE_VA + 0x1000, DATA_VA].sort());
  });

  it('FIFO evicts the oldest fill: 4 misses for A B A C A', async () => {
    expect(await misses('fifo')).toBe(4);
  });

  it('random replacement is deterministic for a seed', async () => {
    const a = await misses('random', 7);
    expect(await misses('random', 7)).toBe(a);
    expect([3, 4]).toContain(a);
  });

  it('a megapage is one TLB entry for its whole 4 MiB', async () => {
    const { m, pt } = await vm([lw(6, 10, 0), lw(6, 12, 0), lw(6, 11, 0)]);
    pt.map4m(0x0080_0000, 0x8000_0000, PTE_R | PTE_A);
    m.setReg(10, 0x0080_0000);
    m.setReg(12, 0x0090_0000);
    m.setReg(11, 0x00bf_f000);
    m.run({ maxInstructions: 3 });
    expect(m.stats().tlbMisses.load).toBe(1);
    expect(m.stats().pteReads).toEqual([1, 2]); // code page: levels 1 and 0; megapage: level 1 only
  });
});

describe('host SFENCE.VMA (for a kernel running on the host)', () => {
  it('flushes like the instruction and counts in the same statistics', async () => {
    const { m, pt, dataPte } = await vm([lw(6, 5, 0), lw(6, 5, 0), jal(0, 0)]);
    word(m, DATA_PA, 1);
    word(m, RAM_BASE + 0x50000, 3);
    m.run({ maxInstructions: 1 });
    pt.write(dataPte, (pt.read(dataPte) & 0x3ff) | (((RAM_BASE + 0x50000) >>> 12) << 10));
    m.sfenceVma(DATA_VA + 4, 1); // another ASID: nothing flushed
    m.sfenceVma(DATA_VA);
    m.run({ maxInstructions: 1 });
    expect(m.getReg(6)).toBe(3);
    expect([m.stats().sfences, m.stats().tlbEntriesFlushed]).toEqual([2, 1]);
  });
});

describe('accesses spanning two pages', () => {
  it('a 32-bit instruction whose halves sit on two mapped pages (different frames) executes', async () => {
    const { m, pt } = await vm([]);
    const second = RAM_BASE + 0x60000;
    pt.map4k(CODE_VA + 0x1000, second, PTE_R | PTE_X | PTE_A);
    // addi x6, x0, 0x123 = 0x12300313: low half at the end of the first page, high half on the second.
    m.writePhys(START + 0xffe, Uint8Array.of(0x13, 0x03));
    m.writePhys(second, Uint8Array.of(0x30, 0x12));
    m.pc = CODE_VA + 0xffe;
    m.run({ maxInstructions: 1 });
    expect([m.getReg(6), m.pc]).toEqual([0x123, CODE_VA + 0x1002]);
    expect(m.stats().translations.fetch).toBe(2);
  });

  it('a misaligned store across two mapped pages writes both frames', async () => {
    const { m, pt } = await vm([sw(6, 10, 0)]);
    pt.map4k(DATA_VA + 0x1000, RAM_BASE + 0x40000, PTE_R | PTE_W | PTE_A | PTE_D);
    m.setReg(10, DATA_VA + 0xfff);
    m.setReg(6, 0x44332211);
    m.run({ maxInstructions: 1 });
    expect(Array.from(m.readPhys(DATA_PA + 0xfff, 1))).toEqual([0x11]);
    expect(Array.from(m.readPhys(RAM_BASE + 0x40000, 3))).toEqual([0x22, 0x33, 0x44]);
  });
});

describe('ASIDs', () => {
  it('entries are tagged: switching satp.ASID without a fence never uses another space\'s entry; global ones are shared', async () => {
    const { m, pt } = await vm([lw(6, 5, 0), lw(7, 11, 0), csrrw(0, 0x180, 12), lw(8, 5, 0), lw(9, 11, 0)]);
    const second = new PageTables(m, ROOT + 0x8000);
    second.map4k(CODE_VA, START, PTE_R | PTE_X | PTE_A | PTE_G); // the code page is global in both
    pt.map4k(CODE_VA, START, PTE_R | PTE_X | PTE_A | PTE_G);
    second.map4k(DATA_VA, RAM_BASE + 0x50000, PTE_R | PTE_A);
    pt.map4k(DATA_VA + 0x1000, DATA_PA + 0x1000, PTE_R | PTE_A | PTE_G);
    // The second space has no own mapping for DATA_VA + 0x1000: only the global entry can serve it.
    word(m, DATA_PA, 1);
    word(m, RAM_BASE + 0x50000, 2);
    word(m, DATA_PA + 0x1000, 3);
    m.writeCsr(0x180, pt.satp(1));
    m.setReg(11, DATA_VA + 0x1000);
    m.setReg(12, second.satp(2));
    m.run({ maxInstructions: 5 });
    expect([6, 7, 8, 9].map((r) => m.getReg(r))).toEqual([1, 3, 2, 3]);
    expect(m.readCsr(0x342)).toBe(0);
  });
});

describe('MPRV while running', () => {
  it('M-mode loads switch between physical and translated addresses as MPRV changes', async () => {
    // x5 = 0x8002_0000: physical in M-mode; with MPRV and MPP = S it maps to 0x8005_0000.
    const { m, pt } = await vm([
      lw(6, 5, 0), csrrs(0, 0x300, 13), lw(7, 5, 0), csrrc(0, 0x300, 13), lw(8, 5, 0),
    ]);
    pt.map4k(DATA_PA, RAM_BASE + 0x50000, PTE_R | PTE_A);
    pt.map4k(CODE_VA, START, PTE_R | PTE_X | PTE_A);
    word(m, DATA_PA, 1);
    word(m, RAM_BASE + 0x50000, 2);
    m.setReg(5, DATA_PA);
    m.setReg(13, (1 << 17) | (1 << 11)); // MPRV, MPP = S
    m.priv = 3;
    m.pc = START;
    m.run({ maxInstructions: 5 });
    expect([m.getReg(6), m.getReg(7), m.getReg(8)]).toEqual([1, 2, 1]);
    expect(m.stats().translations.load).toBe(1);
    expect(m.stats().untranslated.load).toBe(2);
  });
});
