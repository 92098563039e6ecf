import { describe, expect, it } from 'vitest';
import { RAM_BASE } from '../../src/machine/index.js';
import {
  PTE_A, PTE_D, PTE_R, PTE_U, PTE_V, PTE_W, PTE_X, PageTables, ROOT, machine,
} from './hart-helpers.js';

const SUM = 1 << 18, MXR = 1 << 19, MPRV = 1 << 17;
const VA = 0x0040_0123;
const PAGE = RAM_BASE + 0x20000;

async function setup(flags: number, priv: number, status = 0, ad: 'fault' | 'update' = 'update') {
  const m = await machine({ ad });
  const pt = new PageTables(m);
  const pteAddr = pt.map4k(VA, PAGE, flags);
  m.writeCsr(0x180, pt.satp());
  m.writeCsr(0x300, status);
  m.priv = priv;
  return { m, pt, pteAddr };
}

/** The spec's leaf permission rule (privileged spec, Sv32 translation steps 5-7). */
function allowed(flags: number, access: 'fetch' | 'load' | 'store', priv: number, status: number): boolean {
  const r = (flags & PTE_R) !== 0, w = (flags & PTE_W) !== 0, x = (flags & PTE_X) !== 0, u = (flags & PTE_U) !== 0;
  if (!r && w) return false; // reserved
  if (priv === 0 && !u) return false;
  if (priv === 1 && u && (access === 'fetch' || (status & SUM) === 0)) return false;
  if (access === 'fetch') return x;
  if (access === 'load') return r || ((status & MXR) !== 0 && x);
  return w;
}

const CAUSES = { fetch: 12, load: 13, store: 15 } as const;

describe('Sv32 walk: permissions', () => {
  const cases: [number, number, number][] = [];
  for (let f = 0; f < 16; f++) {
    if (((f << 1) & (PTE_R | PTE_W | PTE_X)) === 0) continue; // not a leaf: a pointer, tested below
    for (const priv of [0, 1]) for (const status of [0, SUM, MXR, SUM | MXR]) cases.push([f << 1, priv, status]);
  }
  it.each(cases)('RWXU flags 0x%s at privilege %i with mstatus 0x%s', async (rwxu, priv, status) => {
    const flags = rwxu | PTE_A | PTE_D;
    const { m } = await setup(flags, priv, status);
    for (const access of ['fetch', 'load', 'store'] as const) {
      const t = m.translate(VA, access);
      const want = allowed(flags, access, priv, status) ? { pa: PAGE + 0x123 } : { cause: CAUSES[access] };
      expect({ ...t, steps: undefined }).toEqual({ ...want, steps: undefined });
      expect(t.steps.map((s) => s.level)).toEqual([1, 0]);
    }
  });

  it('MPRV makes M-mode loads and stores translate at MPP; fetches stay untranslated', async () => {
    const { m } = await setup(PTE_R | PTE_W | PTE_A | PTE_D, 3, MPRV | (1 << 11));
    expect(m.translate(VA, 'load')).toMatchObject({ pa: PAGE + 0x123 });
    expect(m.translate(VA, 'fetch')).toEqual({ pa: VA, steps: [] });
    // MPP = U: the page is not a user page.
    m.writeCsr(0x300, MPRV);
    expect(m.translate(VA, 'load')).toMatchObject({ cause: 13 });
  });

  it('M-mode and satp Bare do not translate', async () => {
    const { m } = await setup(PTE_R, 3);
    expect(m.translate(VA, 'load')).toEqual({ pa: VA, steps: [] });
    m.priv = 1;
    m.writeCsr(0x180, 0);
    expect(m.translate(VA, 'store')).toEqual({ pa: VA, steps: [] });
  });
});

describe('Sv32 walk: structure', () => {
  it('reports each step: the PTE address and value per level', async () => {
    const { m, pt, pteAddr } = await setup(PTE_R | PTE_A, 1);
    const l1 = ROOT + (VA >>> 22) * 4;
    expect(m.translate(VA, 'load')).toEqual({
      pa: PAGE + 0x123,
      steps: [
        { level: 1, pteAddress: l1, pte: pt.read(l1) },
        { level: 0, pteAddress: pteAddr, pte: pt.read(pteAddr) },
      ],
    });
  });

  it('a 4 MiB megapage maps va[21:0] straight through', async () => {
    const m = await machine();
    const pt = new PageTables(m);
    pt.map4m(0x0080_0000, 0x8040_0000, PTE_R | PTE_A);
    m.writeCsr(0x180, pt.satp());
    m.priv = 1;
    expect(m.translate(0x0093_4567, 'load')).toMatchObject({ pa: 0x8053_4567 });
  });

  it('a misaligned megapage (PPN[0] != 0) is a page fault', async () => {
    const m = await machine();
    const pt = new PageTables(m);
    pt.map4m(0x0080_0000, 0x8040_1000, PTE_R | PTE_A);
    m.writeCsr(0x180, pt.satp());
    m.priv = 1;
    expect(m.translate(0x0080_0000, 'load')).toMatchObject({ cause: 13 });
  });

  it('a PPN above 32 bits yields a 34-bit physical address', async () => {
    const m = await machine();
    const pt = new PageTables(m);
    pt.write(ROOT, (0x3ff000 << 10) | PTE_V | PTE_R | PTE_A); // megapage at PA 0x3_ff00_0000
    m.writeCsr(0x180, pt.satp());
    m.priv = 1;
    expect(m.translate(0x1234, 'load')).toMatchObject({ pa: 0x3_ff00_1234 });
  });

  it.each([
    ['invalid leaf', PTE_R & 0],
    ['W without R', PTE_W],
    ['W and X without R', PTE_W | PTE_X],
  ])('%s faults', async (_what, flags) => {
    const { m, pt, pteAddr } = await setup(PTE_R, 1);
    pt.write(pteAddr, (pt.read(pteAddr) & ~0xff) | flags | (flags ? PTE_V : 0));
    expect(m.translate(VA, 'load')).toMatchObject({ cause: 13 });
  });

  it('a pointer at level 0 is a page fault', async () => {
    const { m, pt, pteAddr } = await setup(PTE_R, 1);
    pt.write(pteAddr, (pt.read(pteAddr) & ~0xff) | PTE_V);
    expect(m.translate(VA, 'store')).toMatchObject({ cause: 15 });
  });

  it('a PTE outside RAM is an access fault of the access type', async () => {
    const m = await machine();
    m.writeCsr(0x180, (1 << 31) | 0x10); // root table at PA 0x10000: not RAM
    m.priv = 1;
    expect(m.translate(VA, 'fetch')).toMatchObject({ cause: 1 });
    expect(m.translate(VA, 'load')).toMatchObject({ cause: 5 });
    expect(m.translate(VA, 'store')).toMatchObject({ cause: 7 });
  });

  it('ad: fault (Svade) faults when A or D would change; ad: update does not', async () => {
    const clean = await setup(PTE_R | PTE_W, 1, 0, 'fault');
    expect(clean.m.translate(VA, 'load')).toMatchObject({ cause: 13 });
    const accessed = await setup(PTE_R | PTE_W | PTE_A, 1, 0, 'fault');
    expect(accessed.m.translate(VA, 'load')).toMatchObject({ pa: PAGE + 0x123 });
    expect(accessed.m.translate(VA, 'store')).toMatchObject({ cause: 15 });
    const upd = await setup(PTE_R | PTE_W, 1, 0, 'update');
    expect(upd.m.translate(VA, 'store')).toMatchObject({ pa: PAGE + 0x123 });
    // translate() has no side effects: the PTE is unchanged.
    expect(upd.pt.read(upd.pteAddr) & (PTE_A | PTE_D)).toBe(0);
  });
});

