import { describe, expect, it } from 'vitest';
import {
  add, addi, and, andi, auipc, beq, bge, bgeu, blt, bltu, bne, div, divu, exit, jal, jalr, lb, lbu, lh, lhu,
  li, lui, lw, mul, mulh, mulhsu, mulhu, or, ori, rem, remu, runCode, sb, sh, sll, slli, slt, slti, sltiu,
  sltu, sra, srai, srl, srli, sub, sw, xor, xori, machine, elfOf,
} from './hart-helpers.js';
import { RAM_BASE } from '../../src/machine/index.js';

/** Runs `body` after loading a = x5 and b = x6; returns x7. */
async function binop(op: (d: number, a: number, b: number) => number, a: number, b: number): Promise<number> {
  const m = await runCode([...li(5, a), ...li(6, b), op(7, 5, 6), ...exit(0)]);
  return m.getReg(7);
}

describe('RV32I arithmetic', () => {
  it.each([
    [add, 0x7fffffff, 1, 0x80000000],
    [sub, 0, 1, 0xffffffff],
    [sll, 1, 33, 2], // only the low 5 bits of rs2 count
    [slt, 0xffffffff, 0, 1],
    [sltu, 0xffffffff, 0, 0],
    [xor, 0xf0f0f0f0, 0xff00ff00, 0x0ff00ff0],
    [srl, 0x80000000, 31, 1],
    [sra, 0x80000000, 31, 0xffffffff],
    [sra, 0x80000000, 63, 0xffffffff],
    [or, 0xf0, 0x0f, 0xff],
    [and, 0xf0, 0x3c, 0x30],
  ])('%o(%i, %i) = %i', async (op, a, b, want) => {
    expect(await binop(op, a, b)).toBe(want);
  });

  it('immediates are sign-extended; SLTIU compares with the sign-extended immediate', async () => {
    const m = await runCode([
      addi(5, 0, -1), slti(6, 0, -1), sltiu(7, 0, -1), xori(8, 5, 0x7ff), ori(9, 0, -2048), andi(10, 5, 0x800),
      slli(11, 5, 31), srli(12, 5, 28), srai(13, 11, 31), lui(14, 0xfffff000), auipc(15, 0x1000), ...exit(0),
    ]);
    expect([5, 6, 7, 8, 9, 10].map((r) => m.getReg(r)))
      .toEqual([0xffffffff, 0, 1, 0xfffff800, 0xfffff800, 0xfffff800]);
    expect([11, 12, 13, 14, 15].map((r) => m.getReg(r)))
      .toEqual([0x80000000, 0xf, 0xffffffff, 0xfffff000, RAM_BASE + 40 + 0x1000]);
  });

  it('writes to x0 are discarded', async () => {
    const m = await runCode([addi(0, 0, 5), add(5, 0, 0), lui(0, 0x12345000), jal(0, 4), ...exit(0)]);
    expect(m.getReg(0)).toBe(0);
    expect(m.getReg(5)).toBe(0);
  });
});

describe('RV32M', () => {
  it.each([
    [mul, 0x80000000, 0xffffffff, 0x80000000],
    [mulh, 0x80000000, 0x80000000, 0x40000000],
    [mulh, 0xffffffff, 1, 0xffffffff],
    [mulhsu, 0xffffffff, 0xffffffff, 0xffffffff],
    [mulhu, 0xffffffff, 0xffffffff, 0xfffffffe],
    [div, 7, 0, 0xffffffff],
    [div, 0x80000000, 0xffffffff, 0x80000000],
    [div, 0xfffffff9, 2, 0xfffffffd],
    [divu, 7, 0, 0xffffffff],
    [divu, 0xfffffffe, 2, 0x7fffffff],
    [rem, 7, 0, 7],
    [rem, 0x80000000, 0xffffffff, 0],
    [rem, 0xfffffff9, 2, 0xffffffff],
    [remu, 7, 0, 7],
    [remu, 0xffffffff, 10, 5],
  ])('%o(%i, %i) = %i', async (op, a, b, want) => {
    expect(await binop(op, a, b)).toBe(want);
  });
});

describe('loads, stores, control flow', () => {
  it('sign- and zero-extends loads, and stores the low bytes', async () => {
    const m = await runCode([
      ...li(5, RAM_BASE + 0x800), ...li(6, 0x8081f2f3),
      sw(6, 5, 0), lb(7, 5, 0), lbu(8, 5, 0), lh(9, 5, 2), lhu(10, 5, 2), lw(11, 5, 0),
      sb(6, 5, 8), sh(6, 5, 12), lw(12, 5, 8), lw(13, 5, 12), ...exit(0),
    ]);
    expect([7, 8, 9, 10, 11, 12, 13].map((r) => m.getReg(r)))
      .toEqual([0xfffffff3, 0xf3, 0xffff8081, 0x8081, 0x8081f2f3, 0xf3, 0xf2f3]);
  });

  it('misaligned loads and stores complete without a trap', async () => {
    const m = await runCode([
      ...li(5, RAM_BASE + 0x801), ...li(6, 0x11223344), sw(6, 5, 0), lw(7, 5, 0), lhu(8, 5, 1), ...exit(0),
    ]);
    expect(m.getReg(7)).toBe(0x11223344);
    expect(m.getReg(8)).toBe(0x2233);
    expect(m.stats().exceptions.reduce((a, b) => a + b)).toBe(0);
  });

  it('takes each branch exactly when its condition holds', async () => {
    // x10 collects one bit per taken branch.
    const code = [addi(5, 0, -1), addi(6, 0, 1)];
    const branches = [beq(5, 5, 8), bne(5, 6, 8), blt(5, 6, 8), bge(6, 5, 8), bltu(6, 5, 8), bgeu(5, 6, 8),
      beq(5, 6, 8), blt(6, 5, 8), bltu(5, 6, 8)];
    branches.forEach((b, i) => code.push(b, jal(0, 8), ori(10, 10, 1 << i)));
    const m = await runCode([...code, ...exit(0)]);
    expect(m.getReg(10)).toBe(0b000111111);
  });

  it('JAL and JALR link pc+4; JALR clears bit 0 and reads rs1 before writing rd', async () => {
    const m = await runCode([
      jal(1, 8), addi(10, 0, 1), // skipped
      auipc(5, 0), addi(5, 5, 17), jalr(5, 5, 0), addi(11, 0, 1), ...exit(0),
    ]);
    expect(m.getReg(1)).toBe(RAM_BASE + 4);
    expect(m.getReg(10)).toBe(0);
    expect(m.getReg(11)).toBe(0); // skipped: 8 + 17 = 25, bit 0 cleared: the exit sequence at 24
    expect(m.getReg(5)).toBe(RAM_BASE + 20);
  });
});

describe('the run loop', () => {
  it('stops at the instruction limit', async () => {
    const m = await machine();
    m.loadBareMetal(elfOf([addi(5, 5, 1), jal(0, -4)]));
    expect(m.run({ maxInstructions: 1001 })).toEqual({ kind: 'limit' });
    expect(m.getReg(5)).toBe(501);
    expect(m.instret).toBe(1001);
    expect(m.pc).toBe(RAM_BASE + 4);
  });

  it('runs across several slices', async () => {
    const m = await machine();
    m.loadBareMetal(elfOf([addi(5, 5, 1), jal(0, -4)]));
    expect(m.run({ maxInstructions: 2_500_001 })).toEqual({ kind: 'limit' });
    expect(m.getReg(5)).toBe(1_250_001);
  });

  it('reports the HTIF exit status', async () => {
    const m = await machine();
    m.loadBareMetal(elfOf([...exit(42)]));
    expect(m.run({ maxInstructions: 100 })).toEqual({ kind: 'exit', code: 42 });
  });
});
