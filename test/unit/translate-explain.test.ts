// explainTranslation against the hart's own walker (Machine.translate):
// the same steps (level, PTE address, PTE) and the same physical address or
// exception cause, for random page tables, addresses, accesses, privileges,
// mstatus.SUM/MXR and both A/D modes; and the explanation's details on
// hand-built cases from the privileged spec's translation process.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Machine } from '../../src/machine/index.js';
import { SV32 } from '../../src/kernel/index.js';
import { explainTranslation, type Access, type TranslateInput, type TranslationExplanation } from '../../src/inspect/index.js';
import { openPmp } from './hart-helpers.js';

const RAM = 0x8000_0000;
const ROOT = RAM + 0x1000;
const TABLE = RAM + 0x2000;
const SATP = (1 << 31 | 7 << 22 | ROOT / 4096) >>> 0;
const CSR_SATP = 0x180;
const CSR_MSTATUS = 0x300;
const MSTATUS_SUM = 1 << 18;
const MSTATUS_MXR = 1 << 19;

const machines = {
  update: openPmp(await Machine.create({ ramBytes: 64 * 1024, ad: 'update' })),
  fault: openPmp(await Machine.create({ ramBytes: 64 * 1024, ad: 'fault' })),
};

// The explainer's own inputs, plus the two PTEs on the walk to va.
interface Case extends Pick<TranslateInput, 'va' | 'access' | 'privilege' | 'sum' | 'mxr' | 'ad'> {
  pte1: number;
  pte0: number;
}

// Build the case's page table in a machine, then ask both walkers.
function both(c: Case): { mine: TranslationExplanation; hart: ReturnType<Machine['translate']> } {
  const m = machines[c.ad];
  m.writePhys(RAM, new Uint8Array(m.ramBytes));
  const vpn1 = c.va >>> 22;
  const vpn0 = (c.va >>> 12) & 0x3ff;
  m.writePhys32(ROOT + vpn1 * 4, c.pte1);
  m.writePhys32(TABLE + vpn0 * 4, c.pte0);
  m.writeCsr(CSR_SATP, SATP);
  m.writeCsr(CSR_MSTATUS, (c.sum ? MSTATUS_SUM : 0) | (c.mxr ? MSTATUS_MXR : 0));
  m.priv = c.privilege === 'U' ? 0 : 1;
  const mine = explainTranslation({
    mode: SV32, read: (pa) => m.readPhys32(pa), inRam: (pa) => m.inRam(pa, 4), satp: SATP, va: c.va,
    access: c.access, privilege: c.privilege, sum: c.sum, mxr: c.mxr, ad: c.ad,
  });
  return { mine, hart: m.translate(c.va, c.access) };
}

function agree(c: Case): void {
  const { mine, hart } = both(c);
  const steps = mine.steps.filter((s) => s.pte !== null).map((s) => ({ level: s.level, pteAddress: s.pteAddress, pte: s.pte!.value }));
  expect(steps).toEqual(hart.steps);
  if ('pa' in hart) expect(mine.result).toMatchObject({ kind: 'pa', pa: hart.pa });
  else expect(mine.result).toMatchObject({ kind: 'fault', cause: hart.cause, tval: c.va });
}

const u32 = fc.integer({ min: 0, max: 0xffff_ffff });
const flags = fc.integer({ min: 0, max: 0x3ff });
// PPNs in RAM (the 16 frames of 64 KiB), just outside it, and anywhere.
const ppn = fc.oneof(fc.integer({ min: 0x80000, max: 0x8000f }), fc.constant(0x80010), fc.integer({ min: 0, max: 0x3f_ffff }));
const pte = fc.oneof(u32, fc.tuple(ppn, flags).map(([p, f]) => (p * 1024 + f) >>> 0));
const pointer = flags.map((f) => ((TABLE / 4096) * 1024 + (f & ~0b1110) | 1) >>> 0);
const arbitraryCase = fc.record({
  va: u32,
  access: fc.constantFrom<Access>('fetch', 'load', 'store'),
  privilege: fc.constantFrom<'U' | 'S'>('U', 'S'),
  sum: fc.boolean(),
  mxr: fc.boolean(),
  ad: fc.constantFrom<'update' | 'fault'>('update', 'fault'),
  pte1: fc.oneof(pointer, pte),
  pte0: pte,
});

describe('explainTranslation agrees with Machine.translate', () => {
  it('on 5,000 random page tables, addresses and modes', () => {
    fc.assert(fc.property(arbitraryCase, (c) => agree(c)), { numRuns: 5000, seed: 7 });
  });
});

const base: Case = { va: 0x0001_2345, access: 'load', privilege: 'U', sum: false, mxr: false, ad: 'update', pte1: 0, pte0: 0 };
const POINTER = ((TABLE / 4096) * 1024 + 1) >>> 0;
const leaf = (p: number, bits: number): number => (p * 1024 + bits) >>> 0;

describe('the explanation', () => {
  it('splits the VA and walks a 4 KiB page to its physical address', () => {
    const c = { ...base, pte1: POINTER, pte0: leaf(0x80005, 0b1101_0011) }; // V R U A D
    agree(c);
    const { mine } = both(c);
    expect(mine.vpn).toEqual([0x12, 0x000]);
    expect(mine.offset).toBe(0x345);
    expect(mine.satp).toEqual({ value: SATP, mode: 'Sv32', asid: 7, ppn: 0x80001, rootPa: ROOT });
    expect(mine.steps.map((s) => [s.level, s.tablePa, s.vpn, s.pteAddress, s.decision])).toEqual([
      [1, ROOT, 0x000, ROOT, 'pointer'],
      [0, TABLE, 0x12, TABLE + 0x48, 'leaf'],
    ]);
    expect(mine.checks.map((k) => [k.check, k.ok])).toEqual([['U', true], ['R', true], ['A/D', true]]);
    expect(mine.result).toEqual({ kind: 'pa', pa: 0x8000_5345, pageSize: 4096, adUpdate: 'none' });
  });

  it('maps a megapage with VPN[0] and the offset from the VA', () => {
    const c = { ...base, va: 0x0040_1234, pte1: leaf(0x80400, 0b0101_1011) }; // V R X U A at 0x8040_0000? PPN aligned
    const { mine, hart } = both(c);
    expect(mine.steps.map((s) => s.decision)).toEqual(['leaf']);
    expect(mine.result).toEqual({ kind: 'pa', pa: 0x8040_1234, pageSize: 4 << 20, adUpdate: 'none' });
    // 0x8040_1234 is beyond this 64 KiB RAM, but translation does not care; the hart agrees.
    expect(hart).toEqual({ pa: 0x8040_1234, steps: [{ level: 1, pteAddress: ROOT + 4, pte: c.pte1 }] });
  });

  it('refuses a misaligned megapage with a page fault', () => {
    const c = { ...base, va: 0x0040_1234, pte1: leaf(0x80401, 0b0101_1011) };
    agree(c);
    const { mine } = both(c);
    expect(mine.checks.at(-1)).toEqual({ check: 'superpage alignment', ok: false, why: 'a level-1 leaf needs PPN[0:0] = 0 (PPN 0x80401)' });
    expect(mine.result).toEqual({ kind: 'fault', cause: 13, name: 'load page fault', tval: 0x0040_1234 });
  });

  it('faults on an invalid PTE, on W without R, and on a pointer at level 0', () => {
    expect(both({ ...base, pte1: 0 }).mine.steps[0]!.decision).toBe('not-valid');
    expect(both({ ...base, pte1: 0b101 }).mine.steps[0]!.decision).toBe('reserved-w-without-r');
    const c = { ...base, access: 'store' as const, pte1: POINTER, pte0: POINTER };
    agree(c);
    expect(both(c).mine.steps[1]!.decision).toBe('pointer-at-level-0');
    expect(both(c).mine.result).toMatchObject({ cause: 15, name: 'store/AMO page fault' });
  });

  it('raises an access fault when a PTE address is not RAM', () => {
    const c = { ...base, access: 'fetch' as const, pte1: leaf(0x1000, 1) }; // a pointer to a table at 0x100_0000
    agree(c);
    const { mine } = both(c);
    expect(mine.steps[1]).toMatchObject({ tablePa: 0x100_0000, pte: null, decision: 'access-fault' });
    expect(mine.result).toMatchObject({ cause: 1, name: 'instruction access fault' });
  });

  it('reads an execute-only page only with MXR, and sets A/D under Svadu but faults under Svade', () => {
    const xOnly = { ...base, pte1: POINTER, pte0: leaf(0x80005, 0b0101_1001) }; // V X U A
    expect(both(xOnly).mine.result.kind).toBe('fault');
    expect(both({ ...xOnly, mxr: true }).mine.result.kind).toBe('pa');
    const clean = { ...base, access: 'store' as const, pte1: POINTER, pte0: leaf(0x80005, 0b0001_0111) }; // V R W U
    for (const ad of ['update', 'fault'] as const) agree({ ...clean, ad });
    expect(both(clean).mine.result).toMatchObject({ kind: 'pa', adUpdate: 'A+D' });
    expect(both({ ...clean, ad: 'fault' }).mine.checks.at(-1)).toEqual({
      check: 'A/D', ok: false, why: 'A+D clear: a page fault for the kernel to set A+D (Svade)',
    });
  });

  it('lets S-mode touch a user page only with SUM, and never execute one', () => {
    const user = { ...base, privilege: 'S' as const, pte1: POINTER, pte0: leaf(0x80005, 0b1101_1011) };
    expect(both(user).mine.result.kind).toBe('fault');
    expect(both({ ...user, sum: true }).mine.result.kind).toBe('pa');
    expect(both({ ...user, sum: true, access: 'fetch' }).mine.checks[0]).toEqual({
      check: 'U', ok: false, why: 'U = 1: S-mode never executes user pages',
    });
  });
});
