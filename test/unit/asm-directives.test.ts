// Data directives, alignment and expressions, with the expected bytes of
// .data taken from GNU as 2.40 and written here as literals.
import { describe, expect, it } from 'vitest';
import { assemble } from '../../src/asm/index.js';
import { sectionHex } from '../fixtures/asm/helpers.js';

const GNU_DATA: [string, string][] = [
  ['.byte 1, 2, 255, -1, \'z\', -128', '0102ffff7a80'],
  ['.half 0x1234, -2', '3412feff'],
  ['.short 7; .2byte 8', '07000800'],
  ['.word 0xdeadbeef, -1', 'efbeaddeffffffff'],
  ['.long 5; .4byte 6; .int 7', '050000000600000007000000'],
  ['.dword 0x123456789abcdef0', 'f0debc9a78563412'],
  ['.quad -2; .8byte 3', 'feffffffffffffff0300000000000000'],
  ['.ascii "hi\\t\\"q\\"\\n"', '6869092271220a'],
  ['.asciz "a", "b"', '61006200'],
  ['.string "\\x41\\102\\0"', '41420000'],
  ['.ascii "\\\\"', '5c'],
  ['.zero 3', '000000'],
  ['.space 5, 0x11', '1111111111'],
  ['.skip 2', '0000'],
  ['.fill 3, 2, 0x55aa', 'aa55aa55aa55'],
  ['.fill 2, 4, 0x01020304', '0403020104030201'],
  ['.fill 1, 8, -1', 'ffffffff00000000'],
  ['.fill 2, 3, 0x123456', '563412563412'],
  ['.byte 1; .align 2; .byte 2', '0100000002'],
  ['.byte 1; .p2align 3; .byte 2', '010000000000000002'],
  ['.byte 1; .balign 8, 0xaa; .byte 2', '01aaaaaaaaaaaaaa02'],
  ['.byte 1; .balign 8, 0xaa, 3; .byte 2', '0102'],
  ['.byte 1; .balign 4, 0xaa, 3; .byte 2', '01aaaaaa02'],
  ['.word 1 + 2 * 3, (1 + 2) * 3, 1 + 2 & 3, 1 << 2 + 1, 10 / 3, -10 / 3, -10 % 3', '0700000009000000030000000500000003000000fdffffffffffffff'],
  ['.word 1 | 2 ^ 3, ~0, !0, !5, -(-4), 0x10 >> 1, -16 >> 28', '00000000ffffffff01000000000000000400000008000000ffffffff'],
  ['.word 1 == 1, 1 != 1, 2 < 3, 2 > 3, 2 <= 2, 3 >= 4, 1 && 0, 1 || 0, 5 <> 5', 'ffffffff00000000ffffffff00000000ffffffff00000000000000000100000000000000'],
  ['.equ X, 5; .word X, X * 2', '050000000a000000'],
  ['.set Y, 1; .word Y; .set Y, Y + 1; .word Y', '0100000002000000'],
  ['Z = 7; .word Z', '07000000'],
  ['.byte \'a\', \'\\n\', \'\\\\\', \'\\\'\'', '610a5c27'],
  ['.word 0b1010, 017, 0x1F', '0a0000000f0000001f000000'],
  // GNU as's real precedence (expr.c's op_rank): comparisons below + and -, && above ||.
  ['.word 1 + 2 < 4', 'ffffffff'],
  ['.word 5 < 3 + 4', 'ffffffff'],
  ['.word 3 - 1 == 2', 'ffffffff'],
  ['.word 1 || 0 && 0', '01000000'],
  ['.word 0 && 0 || 1', '01000000'],
  ['.word -1 < 0', 'ffffffff'],
  // Binary ! is or-not; !! between operands is exclusive or.
  ['.word 2 ! 5 + 1', 'fbffffff'],
  ['.word 0 ! !3', '03000000'],
  ['.uleb128 624485', 'e58e26'],
  ['.sleb128 -123456', 'c0bb78'],
  ['.uleb128 0xffffffff', 'ffffffff0f'],
  ['.sleb128 64', 'c000'],
];

describe('data directives and expressions match GNU as', () => {
  it.each(GNU_DATA)('%s', (source, hex) => {
    expect(sectionHex(`.data\n${source}\n`, '.data')).toBe(hex);
  });
});

describe('symbols and sections', () => {
  it('resolves label addresses in data once laid out', () => {
    // .data starts on the page after .text (0x10000): 0x11000.
    expect(sectionHex('nop\n.data\n1: .word 1b; 2: .word 2f - 1b; 2:\n', '.data')).toBe('0010010008000000');
  });

  it('treats `sym = expr` like .set and .equ values as absolute symbols', () => {
    const r = assemble('A = 3\n.equ B, A * 2\nnop\n');
    expect([r.symbols.get('A'), r.symbols.get('B')]).toEqual([3, 6]);
  });

  it('takes section flags and types from .section; sections without "a" get no address', () => {
    const r = assemble('.section .mine, "awx"\nnop\n.section .zeros, "aw", @nobits\n.zero 8\n.section .notes\n.word 1\n');
    expect(r.sections).toEqual([
      { name: '.mine', addr: 0x10000, size: 2 }, // executable: with the code
      { name: '.zeros', addr: 0x11000, size: 8 }, // writable: on the data page
      { name: '.notes', addr: 0, size: 4 },
    ]);
  });

  it('ignores .file, .ident, .attribute and .option relax/pic settings', () => {
    expect(sectionHex('.file "x.c"\n.ident "cc"\n.attribute arch, "rv32i"\n.option norelax\n.option pic\nnop\n')).toBe('0100');
  });

  it('accepts what compilers emit around code: quoted section names, .cfi_* and .loc (ignored)', () => {
    const r = assemble('.cfi_startproc\n.loc 1 2 3\nnop\n.cfi_endproc\n.section ".note.GNU-stack","",@progbits\n');
    expect(r.sections).toEqual([{ name: '.text', addr: 0x10000, size: 2 }]);
  });

  it('.org pads to an offset in the section, with zeros or a fill byte', () => {
    // The last byte pads .text to its alignment (2), as GNU as does.
    expect(sectionHex('.byte 1\n.org 4\n.byte 2\n.org 6, 0xee\n.byte 3\n')).toBe('0100000002ee0300');
  });

  it('ignores a byte order mark and CR LF line ends', () => {
    expect(sectionHex('\uFEFFnop\r\nnop\r\n')).toBe('01000100');
  });

  it('reads C-style block comments and # comments', () => {
    expect(sectionHex('/* a\n b */ nop # one\nnop /* two */ ; nop\n')).toBe('010001000100');
  });
});
