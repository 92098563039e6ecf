import { describe, expect, it } from 'vitest';
import { RAM_BASE, type Machine } from '../../src/machine/index.js';
import {
  add, addi, and, andi, beq, bne, ebreak, elfOf, jal, jalr, lui, lw, machine, or, slli, srai, srli, sub, sw, xor,
} from './hart-helpers.js';

// Encodings from GNU as (-march=rv32imac); expansions from the C chapter's tables.
const FORMS: [string, number, number][] = [
  ['c.addi4spn s0,sp,1020', 0x1fe0, addi(8, 2, 1020)],
  ['c.lw s1,124(a0)', 0x5d64, lw(9, 10, 124)],
  ['c.sw s1,124(a0)', 0xdd64, sw(9, 10, 124)],
  ['c.nop', 0x0001, addi(0, 0, 0)],
  ['c.addi t0,-32', 0x1281, addi(5, 5, -32)],
  ['c.jal .+2046', 0x2ffd, jal(1, 2046)],
  ['c.li t1,-1', 0x537d, addi(6, 0, -1)],
  ['c.addi16sp sp,-512', 0x7101, addi(2, 2, -512)],
  ['c.lui t2,0xfffe0', 0x7381, lui(7, 0xfffe0000)],
  ['c.srli s0,31', 0x807d, srli(8, 8, 31)],
  ['c.srai s1,31', 0x84fd, srai(9, 9, 31)],
  ['c.andi a0,-32', 0x9901, andi(10, 10, -32)],
  ['c.sub s0,s1', 0x8c05, sub(8, 8, 9)],
  ['c.xor s0,s1', 0x8c25, xor(8, 8, 9)],
  ['c.or s0,s1', 0x8c45, or(8, 8, 9)],
  ['c.and s0,s1', 0x8c65, and(8, 8, 9)],
  ['c.j .-2048', 0xb001, jal(0, -2048)],
  ['c.beqz s0,.-256', 0xd001, beq(8, 0, -256)],
  ['c.bnez s1,.+254', 0xecfd, bne(9, 0, 254)],
  ['c.slli t0,31', 0x02fe, slli(5, 5, 31)],
  ['c.lwsp t1,252(sp)', 0x537e, lw(6, 2, 252)],
  ['c.jr t2', 0x8382, jalr(0, 7, 0)],
  ['c.mv t0,t1', 0x829a, add(5, 0, 6)],
  ['c.ebreak', 0x9002, ebreak()],
  ['c.jalr t2', 0x9382, jalr(1, 7, 0)],
  ['c.add t0,t1', 0x929a, add(5, 5, 6)],
  ['c.swsp t1,252(sp)', 0xdf9a, sw(6, 2, 252)],
];

const START = RAM_BASE + 0x1000;
const HANDLER = RAM_BASE + 0x400;

/** One instruction at START with a fixed register file; returns the state after it. */
async function step(code: (number | { half: number })[]): Promise<Machine> {
  const m = await machine();
  const words = (n: number) => Array.from({ length: n / 4 }, () => 0);
  m.loadBareMetal(elfOf([...words(HANDLER - RAM_BASE), jal(0, 0), ...words(START - HANDLER - 4), ...code]));
  for (let r = 1; r < 32; r++) m.setReg(r, (0x9e3779b9 * r) >>> 0);
  for (const r of [2, 10, 7, 8, 9]) m.setReg(r, RAM_BASE + 0x8000 + r * 0x100);
  m.writeCsr(0x305, HANDLER);
  m.pc = START;
  m.run({ maxInstructions: 1 });
  return m;
}

function state(m: Machine): number[] {
  const regs = Array.from({ length: 32 }, (_, r) => m.getReg(r));
  const mem = Array.from(m.readPhys(RAM_BASE + 0x8000, 0x1000));
  return [...regs, m.readCsr(0x342), m.readCsr(0x343), ...mem];
}

describe('RV32C expansion', () => {
  it.each(FORMS)('%s behaves as its 32-bit expansion', async (name, half, word) => {
    const c = await step([{ half }, { half: 0 }]);
    const w = await step([word]);
    // The link register differs by design (pc + 2 vs pc + 4); checked below.
    if (name.startsWith('c.jal')) for (const m of [c, w]) m.setReg(1, 0);
    expect(state(c)).toEqual(state(w));
    // Same target for control transfers; otherwise 2 bytes instead of 4.
    const transfer = w.pc !== START + 4;
    expect(c.pc).toBe(transfer ? w.pc : START + 2);
  });

  it('C.JAL and C.JALR link pc + 2', async () => {
    expect((await step([{ half: 0x2ffd }])).getReg(1)).toBe(START + 2);
    expect((await step([{ half: 0x9382 }])).getReg(1)).toBe(START + 2);
  });

  it.each([
    ['all zeros', 0x0000], ['c.addi4spn nzuimm=0', 0x0004], ['c.fld', 0x2000], ['c.flw', 0x6000],
    ['Q0 funct3=100', 0x8000], ['c.fsd', 0xa000], ['c.fsw', 0xe000], ['c.addi16sp 0', 0x6101],
    ['c.lui 0', 0x6281], ['c.srli shamt[5]', 0x9001], ['c.srai shamt[5]', 0x9401], ['c.subw', 0x9c01],
    ['c.addw', 0x9c21], ['Q1 100 1 11 10', 0x9c41], ['Q1 100 1 11 11', 0x9c61], ['c.slli shamt[5]', 0x1012],
    ['c.fldsp', 0x2002], ['c.lwsp rd=0', 0x4002], ['c.flwsp', 0x6002], ['c.jr x0', 0x8002],
    ['c.fsdsp', 0xa002], ['c.fswsp', 0xe002],
  ])('%s (0x%s) is an illegal instruction with tval = its 16 bits', async (_name, half) => {
    const m = await step([{ half }, { half: 0 }]);
    expect(m.readCsr(0x342)).toBe(2);
    expect(m.readCsr(0x343)).toBe(half);
    expect(m.readCsr(0x341)).toBe(START);
    expect(m.pc).toBe(HANDLER);
  });
});

describe('RV32C HINTs', () => {
  it.each([
    ['c.nop 1', 0x0005], ['c.addi t0,0', 0x0281], ['c.li x0,5', 0x4015], ['c.lui x0,1', 0x6005],
    ['c.srli s0,0', 0x8001], ['c.srai s0,0', 0x8401], ['c.slli x0,1', 0x0006], ['c.slli t0,0', 0x0282],
    ['c.mv x0,t0', 0x8016], ['c.add x0,t0', 0x9016],
  ])('%s (0x%s) executes and changes no register', async (_name, half) => {
    const before = await step([]);
    const m = await step([{ half }, { half: 0 }]);
    expect(m.pc).toBe(START + 2);
    expect(m.readCsr(0x342)).toBe(0);
    expect(Array.from({ length: 32 }, (_, r) => m.getReg(r))).toEqual(Array.from({ length: 32 }, (_, r) => before.getReg(r)));
  });
});
