// What the X-ray reads off an instruction before it runs: its data access
// (kind and effective address) and whether Step over treats it as a call.
import { describe, expect, it } from 'vitest';
import { assemble } from '../../src/asm/index.js';
import { disassembleOne } from '../../src/asm/disasm.js';
import { dataAccess, isCall } from '../../src/web/access.js';

/** Each line's first instruction word, assembled at 0x10000. */
function words(lines: string[]): number[] {
  const { listing } = assemble(`.text\n.globl _start\n_start:\n${lines.join('\n')}\n`, { file: 'a.s' });
  return lines.map((_, i) => {
    const item = listing.find((l) => l.line === i + 4)!;
    const b = item.bytes;
    return (b[0]! | (b[1]! << 8) | ((b[2] ?? 0) << 16) | ((b[3] ?? 0) << 24)) >>> 0;
  });
}

// Register i holds 0x1000 * i: sp (x2) = 0x2000, a0 (x10) = 0xa000, a2 (x12) = 0xc000, s0 (x8) = 0x8000.
const reg = (i: number): number => 0x1000 * i;

describe('dataAccess', () => {
  const cases: [string, ReturnType<typeof dataAccess>][] = [
    ['lw a1, -8(sp)', { access: 'load', va: 0x2000 - 8 }],
    ['lw a1, 4(s0)', { access: 'load', va: 0x8004 }], // c.lw
    ['lbu a1, 2047(a0)', { access: 'load', va: 0xa000 + 2047 }],
    ['sh a1, -2048(a0)', { access: 'store', va: 0xa000 - 2048 }],
    ['sw a1, 0(sp)', { access: 'store', va: 0x2000 }], // c.swsp
    ['lr.w a0, (a2)', { access: 'load', va: 0xc000 }],
    ['sc.w.rl a0, a1, (a2)', { access: 'store', va: 0xc000 }],
    ['amoadd.w.aqrl a0, a1, (a2)', { access: 'store', va: 0xc000 }],
    ['add a0, a1, a2', null],
    ['ecall', null],
  ];
  const ws = words(cases.map(([src]) => src));
  for (const [i, [src, expected]] of cases.entries()) {
    it(`${src} -> ${JSON.stringify(expected)}`, () => {
      expect(dataAccess(disassembleOne(ws[i]!, 0x10000 + 4 * i), reg)).toEqual(expected);
    });
  }

  it('reads compressed loads and stores too (the assembler compresses these two)', () => {
    expect([1, 4].map((i) => disassembleOne(ws[i]!, 0x10000).size)).toEqual([2, 2]);
  });

  it('wraps the effective address to 32 bits', () => {
    const [w] = words(['lw a1, -4(zero)']);
    expect(dataAccess(disassembleOne(w!, 0x10000), reg)).toEqual({ access: 'load', va: 0xffff_fffc });
  });
});

describe('isCall', () => {
  it('is true for JAL/JALR linking ra, compressed or not, and false for plain jumps and returns', () => {
    const srcs = ['jal ra, 0x10000', 'jalr ra, 0(a0)', 'c.jal 0x10000', 'c.jalr a0', 'jal zero, 0x10000', 'c.j 0x10000', 'ret', 'c.jr a0', 'jalr t0, 0(a0)'];
    expect(words(srcs).map(isCall)).toEqual([true, true, true, true, false, false, false, false, false]);
  });
});
