import { describe, expect, it } from 'vitest';
import { RAM_BASE } from '../../src/machine/index.js';
import {
  amoaddW, amoandW, amomaxW, amomaxuW, amominW, amominuW, amoorW, amoswapW, amoxorW, ecall, li, lrW, lw, scW,
  sw, trapRun, addi, csrrw,
} from './hart-helpers.js';

const ADDR = RAM_BASE + 0x3000;

describe('A extension', () => {
  it.each([
    ['amoswap.w', amoswapW, 0x80000000, 5, 5],
    ['amoadd.w', amoaddW, 0xffffffff, 2, 1],
    ['amoxor.w', amoxorW, 0xff00ff00, 0x0ff00ff0, 0xf0f0f0f0],
    ['amoand.w', amoandW, 0xff00ff00, 0x0ff00ff0, 0x0f000f00],
    ['amoor.w', amoorW, 0xff00ff00, 0x0ff00ff0, 0xfff0fff0],
    ['amomin.w', amominW, 0x80000000, 5, 0x80000000],
    ['amomax.w', amomaxW, 0x80000000, 5, 5],
    ['amominu.w', amominuW, 0x80000000, 5, 5],
    ['amomaxu.w', amomaxuW, 0x80000000, 5, 0x80000000],
  ])('%s: rd = old memory, memory = op(old, rs2)', async (_n, op, old, src, want) => {
    const m = await trapRun([...li(5, ADDR), ...li(6, old), sw(6, 5, 0), ...li(7, src), op(8, 7, 5), lw(9, 5, 0)],
      () => {}, 9);
    expect([m.getReg(8), m.getReg(9)]).toEqual([old, want]);
  });

  it('SC after LR to the same address succeeds (rd = 0) and writes; a second SC fails (rd = 1)', async () => {
    const m = await trapRun([...li(5, ADDR), addi(7, 0, 9), lrW(6, 5), scW(8, 7, 5), addi(7, 0, 11), scW(9, 7, 5),
      lw(10, 5, 0)], () => {}, 8);
    expect([m.getReg(8), m.getReg(9), m.getReg(10)]).toEqual([0, 1, 9]);
  });

  it('SC without a reservation, or to another address, fails and does not write', async () => {
    const m = await trapRun([...li(5, ADDR), addi(7, 0, 9), scW(8, 7, 5), lrW(6, 5), addi(11, 5, 4),
      scW(9, 7, 11), lw(10, 11, 0)], () => {}, 9);
    expect([m.getReg(8), m.getReg(9), m.getReg(10)]).toEqual([1, 1, 0]);
  });

  it('a trap between LR and SC clears the reservation', async () => {
    // ECALL traps to M; mtvec points at the instruction after it.
    const m = await trapRun([
      ...li(5, ADDR), ...li(12, RAM_BASE + 0x1000 + 7 * 4), csrrw(0, 0x305, 12), lrW(6, 5), ecall(),
      addi(7, 0, 9), scW(8, 7, 5), lw(9, 5, 0),
    ], () => {}, 10);
    expect(m.readCsr(0x342)).toBe(11);
    expect([m.getReg(8), m.getReg(9)]).toEqual([1, 0]);
  });
});
