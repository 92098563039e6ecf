import { describe, expect, it } from 'vitest';
import { RAM_BASE } from '../../src/machine/index.js';
import {
  addi, beq, bne, bytesOf, elfOf, exit, fenceI, jal, jalr, li, machine, mul, sh, sw, trapRun,
} from './hart-helpers.js';

// The decode cache (assembly/cpu/predecode.ts) keeps a record per instruction
// and uses it only while memory still holds the bits it was decoded from:
// whatever changes an instruction — a guest store, a host write — takes
// effect at the next fetch, FENCE.I or not, and two instructions sharing a
// cache slot never see each other's record. Bursts (execute.ts) stop exactly
// at the instruction limit.

const START = RAM_BASE + 0x1000;
// The cache is direct-mapped by host address, one slot per halfword: 16,384
// slots, so code 32 KiB apart shares slots.
const ALIAS_DISTANCE = 0x8000;

describe('pre-decoded instructions', () => {
  it('run the new instruction after a guest store rewrites one already decoded (no FENCE.I)', async () => {
    // x5 counts: the loop body's addi x5,x5,1 runs 10 times, then the code
    // overwrites it with addi x5,x5,100 and runs it 10 more times.
    const target = START + 4 * 4; // the body
    const code = [
      ...li(6, target),                 // 0, 4
      addi(7, 0, 10),                   // 8: first round's count
      addi(8, 0, 2),                    // 12: rounds
      addi(5, 5, 1),                    // 16: the body (rewritten)
      addi(7, 7, -1),                   // 20
      bne(7, 0, -8),                    // 24: back to the body
      addi(8, 8, -1),                   // 28
      beq(8, 0, 24),                    // 32: done after two rounds -> 56
      ...li(9, addi(5, 5, 100)),        // 36, 40
      sw(9, 6, 0),                      // 44: rewrite the body
      addi(7, 0, 10),                   // 48
      jal(0, -36),                      // 52: back to the body at 16
      ...exit(0),                       // 56
    ];
    const m = await machine();
    m.loadBareMetal(elfOf([...Array.from({ length: (START - RAM_BASE) / 4 }, () => 0), ...code]));
    m.pc = START;
    const stop = m.run({ maxInstructions: 10_000 });
    expect(stop).toEqual({ kind: 'exit', code: 0 });
    expect(m.getReg(5)).toBe(10 + 10 * 100);
  });

  it('run a rewritten compressed instruction, and FENCE.I changes nothing', async () => {
    // c.addi x5,1 (0x0285) runs, is rewritten with sh to c.addi x5,2 (0x0289), then runs again.
    const body = START + 24;
    const code: (number | { half: number })[] = [
      ...li(6, body),                   // 0, 4
      addi(7, 0, 2),                    // 8: rounds
      ...li(9, 0x0289),                 // 12, 16
      jal(0, 4),                        // 20: to the body
      { half: 0x0285 },                 // 24: c.addi x5,1 (rewritten)
      { half: 0x0001 },                 // 26: c.nop
      sh(9, 6, 0),                      // 28
      fenceI(),                         // 32
      addi(7, 7, -1),                   // 36
      bne(7, 0, -16),                   // 40: back to the body
      ...exit(0),                       // 44
    ];
    const m = await machine();
    m.loadBareMetal(elfOf([...Array.from({ length: (START - RAM_BASE) / 4 }, () => 0), ...code]));
    m.pc = START;
    expect(m.run({ maxInstructions: 10_000 })).toEqual({ kind: 'exit', code: 0 });
    expect(m.getReg(5)).toBe(1 + 2);
  });

  it('run what the host wrote over code that already ran', async () => {
    const m = await trapRun([addi(5, 5, 7), jal(0, 0)], () => {}, 2);
    expect(m.getReg(5)).toBe(7);
    m.writePhys(START, bytesOf([addi(5, 5, 40)]));
    m.pc = START;
    m.run({ maxInstructions: 1 });
    expect(m.getReg(5)).toBe(47);
    m.writePhys32(START, addi(5, 5, -47));
    m.pc = START;
    m.run({ maxInstructions: 1 });
    expect(m.getReg(5)).toBe(0);
  });

  it('keep apart instructions that share a cache slot', async () => {
    // START: x5 += 1, then call a routine 32 KiB further on (x6 *= 3), 5 times.
    // The routine's first instruction shares its slot with the addi at START + 16.
    const far = START + 16 + ALIAS_DISTANCE;
    const near = [
      ...li(10, far),                   // 0, 4
      addi(7, 0, 5),                    // 8
      addi(6, 0, 1),                    // 12
      addi(5, 5, 1),                    // 16
      jalr(1, 10, 0),                   // 20
      addi(7, 7, -1),                   // 24
      bne(7, 0, -12),                   // 28: back to 16
      ...exit(0),
    ];
    const routine = [addi(11, 0, 3), mul(6, 6, 11), jalr(0, 1, 0)];
    const gap = Array.from({ length: (far - START) / 4 - near.length }, () => 0);
    const m = await machine();
    m.loadBareMetal(elfOf([...Array.from({ length: (START - RAM_BASE) / 4 }, () => 0), ...near, ...gap, ...routine]));
    m.pc = START;
    expect(m.run({ maxInstructions: 10_000 })).toEqual({ kind: 'exit', code: 0 });
    expect(m.getReg(5)).toBe(5);
    expect(m.getReg(6)).toBe(3 ** 5);
  });

  it.each([1, 2, 3, 7, 100, 1001])('stop after exactly %i instructions of a loop', async (n) => {
    const m = await trapRun([addi(5, 5, 1), addi(6, 6, 2), jal(0, -8)], () => {}, n);
    expect(m.instret).toBe(n);
    expect(m.stats().instructions).toBe(n);
    expect(m.getReg(5) + m.getReg(6) / 2).toBe(n - Math.floor(n / 3));
    expect(m.pc).toBe(START + 4 * (n % 3));
  });
});
