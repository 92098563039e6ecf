import { describe, expect, it } from 'vitest';
import {
  START, addi, csrrc, csrrci, csrrs, csrrsi, csrrw, csrrwi, li, trapRun,
} from './hart-helpers.js';

const MCAUSE = 0x342, MTVAL = 0x343;

describe('CSR values and WARL rules', () => {
  it('misa is RV32 with exactly A C I M S U; the ID registers read 0', async () => {
    const m = await trapRun([csrrs(5, 0x301, 0), csrrs(6, 0xf11, 0), csrrs(7, 0xf14, 0)], () => {}, 3);
    expect([m.getReg(5), m.getReg(6), m.getReg(7)]).toEqual([0x40141105, 0, 0]);
  });

  it.each([
    ['mstatus', 0x300, 0x007e19aa],
    ['sstatus', 0x100, 0x000c0122],
    ['medeleg', 0x302, 0x0000b3ff],
    ['mideleg', 0x303, 0x00000222],
    ['mie', 0x304, 0x00000aaa],
    ['mip', 0x344, 0x00000222],
    ['mcounteren', 0x306, 7],
    ['scounteren', 0x106, 7],
    ['menvcfg', 0x30a, 1],
    ['menvcfgh', 0x31a, 1 << 29],
    ['senvcfg', 0x10a, 1],
    ['mepc', 0x341, 0xfffffffe],
    ['sepc', 0x141, 0xfffffffe],
    ['satp', 0x180, 0xffffffff],
    ['mstatush', 0x310, 0],
    ['misa', 0x301, 0x40141105],
    ['pmpcfg0', 0x3a0, 0x9f9f9f9f], // bits 6:5 of each entry read 0 (hart-pmp.test.ts)
    ['pmpaddr15', 0x3bf, 0xffffffff],
    ['tselect', 0x7a0, 0],
    ['tdata1', 0x7a1, 0],
    ['mscratch', 0x340, 0xffffffff],
  ])('writing all ones to %s reads back 0x%s', async (_name, csr, want) => {
    const m = await trapRun([addi(5, 0, -1), csrrw(0, csr, 5), csrrs(6, csr, 0)], () => {}, 3);
    expect(m.getReg(6)).toBe(want);
  });

  it('sie and sip are mie and mip masked by mideleg', async () => {
    const m = await trapRun([
      ...li(5, 0x222), csrrw(0, 0x303, 5), addi(6, 0, -1), csrrw(0, 0x304, 6), csrrw(0, 0x344, 6),
      csrrs(7, 0x104, 0), csrrs(8, 0x144, 0), csrrw(0, 0x303, 0), csrrs(9, 0x104, 0),
    ], () => {}, 10);
    expect([m.getReg(7), m.getReg(8), m.getReg(9)]).toEqual([0x222, 0x222, 0]);
  });

  it('mtvec keeps its value when written with a reserved MODE', async () => {
    const m = await trapRun([...li(5, 0x80000101), csrrw(0, 0x305, 5), addi(5, 5, 1), csrrw(0, 0x305, 5),
      csrrs(6, 0x305, 0)], () => {}, 6);
    expect(m.getReg(6)).toBe(0x80000101);
  });

  it('MPP written with the reserved value 2 keeps its previous value', async () => {
    const m = await trapRun([...li(5, 1 << 11), csrrw(0, 0x300, 5), ...li(5, 2 << 11), csrrw(0, 0x300, 5),
      csrrs(6, 0x300, 0)], () => {}, 7);
    expect(m.getReg(6)).toBe(1 << 11);
  });

  it('CSRRW returns the old value; the immediate and set/clear forms work', async () => {
    const m = await trapRun([
      addi(5, 0, 0x55), csrrw(6, 0x340, 5), csrrwi(7, 0x340, 0x1f), csrrsi(8, 0x340, 0x0), csrrci(9, 0x340, 3),
      csrrc(10, 0x340, 0), csrrs(11, 0x340, 5),
    ], () => {}, 7);
    expect([6, 7, 8, 9, 10, 11].map((r) => m.getReg(r))).toEqual([0, 0x55, 0x1f, 0x1f, 0x1c, 0x1c]);
    expect(m.readCsr(0x340)).toBe(0x5d);
  });
});

describe('CSR access checks', () => {
  it.each([
    ['an unimplemented CSR', csrrs(5, 0x7c0, 0), 3],
    ['hpmcounter3 (not implemented)', csrrs(5, 0xc03, 0), 3],
    ['a write to read-only mvendorid', csrrw(0, 0xf11, 5), 3],
    ['CSRRS with rs1 != x0 to read-only cycle', csrrs(5, 0xc00, 5), 3],
    ['mstatus from S-mode', csrrs(5, 0x300, 0), 1],
    ['sstatus from U-mode', csrrs(5, 0x100, 0), 0],
    ['cycle from S with mcounteren.CY = 0', csrrs(5, 0xc00, 0), 1],
  ])('%s is an illegal instruction with tval = the instruction', async (_what, insn, priv) => {
    const m = await trapRun([insn], (m) => { m.priv = priv; }, 1);
    expect([m.readCsr(MCAUSE), m.readCsr(MTVAL), m.readCsr(0x341)]).toEqual([2, insn, START]);
  });

  it('CSRRS x0 reads a read-only CSR without trapping', async () => {
    const m = await trapRun([csrrs(5, 0xc02, 0)], () => {}, 1);
    expect(m.readCsr(MCAUSE)).toBe(0);
  });

  it('counters are readable from U only when both mcounteren and scounteren allow it', async () => {
    const allowed = await trapRun([csrrs(5, 0xc02, 0)], (m) => {
      m.writeCsr(0x306, 4); m.writeCsr(0x106, 4); m.priv = 0;
    }, 1);
    expect(allowed.readCsr(MCAUSE)).toBe(0);
    const denied = await trapRun([csrrs(5, 0xc02, 0)], (m) => { m.writeCsr(0x306, 4); m.priv = 0; }, 1);
    expect(denied.readCsr(MCAUSE)).toBe(2);
  });
});

describe('counters', () => {
  it('minstret and mcycle read back what was written, then count on', async () => {
    const m = await trapRun([
      addi(5, 0, 100), csrrw(0, 0xb02, 5), csrrs(6, 0xb02, 0), csrrs(7, 0xb02, 0),
      csrrw(0, 0xb00, 5), csrrs(8, 0xb00, 0), csrrs(9, 0xc02, 0), csrrs(10, 0xb82, 0),
    ], () => {}, 8);
    expect([6, 7, 8, 9, 10].map((r) => m.getReg(r))).toEqual([100, 101, 100, 104, 0]);
  });

  it('instret counts retired instructions only (ECALL does not retire)', async () => {
    const m = await trapRun([addi(5, 0, 1), addi(5, 0, 1), csrrs(6, 0xc02, 0)], () => {}, 3);
    expect(m.getReg(6)).toBe(2);
    expect(m.instret).toBe(3);
  });

  it('time reads the CLINT mtime', async () => {
    const m = await trapRun([...li(5, 0x0200bff8), addi(6, 0, 1000), 0x0062a023 /* sw x6,0(x5) */,
      csrrs(7, 0xc01, 0), 0x0002a403 /* lw x8,0(x5) */], () => {}, 6);
    expect([m.getReg(7), m.getReg(8)]).toEqual([1001, 1002]);
  });
});
