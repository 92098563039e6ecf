// Macros, repetition, conditional assembly and the section stack, with
// expected .text bytes from GNU as 2.40 written here as literals; and their
// error messages.
import { describe, expect, it } from 'vitest';
import { assemble } from '../../src/asm/index.js';
import { asmErrorMessage, sectionHex } from '../fixtures/asm/helpers.js';

const GNU_BLOCKS: [string, string, string][] = [
  ['macro with a parameter', '.macro push reg\naddi sp, sp, -4\nsw \\reg, 0(sp)\n.endm\npush ra\npush s0\n', '711106c0711122c0'],
  [
    'defaults, blank-separated and keyword arguments',
    '.macro li2 a, b, value=7\nli \\a, \\value\nli \\b, \\value + 1\n.endm\nli2 a0, a1\nli2 t0 t1 100\nli2 a2, a3, value=2000\n',
    '1d45a14593024006130350061306007d9306107d',
  ],
  ['.rept', '.rept 3\naddi a0, a0, 1\n.endr\n', '050505050505'],
  ['.irp', '.irp r, a2, a3, a4\nmv \\r, zero\n.endr\n', '130600009306000013070000'],
  ['.irpc', '.irpc c, 135\nli t2, \\c\n.endr\n', '85438d439543'],
  ['.exitm', '.macro e\nnop\n.exitm\nebreak\n.endm\ne\n', '0100'],
  ['recursion ended by .if', '.macro sum n\n.if \\n\naddi a0, a0, \\n\nsum \\n - 1\n.endif\n.endm\nsum 3\n', '0d0509050505'],
  [
    '.if/.elseif/.else/.ifdef/.ifndef',
    '.equ X, 2\n.if X == 2\nli a0, 1\n.elseif X == 3\nli a0, 2\n.else\nli a0, 3\n.endif\n.ifdef X\nli a1, 1\n.endif\n.ifndef X\nli a1, 2\n.endif\n',
    '05458545',
  ],
  ['labels built with \\()', '.macro m x\nlbl_\\x\\():\nj lbl_\\x\n.endm\nm 1\nm 2\n', '01a001a0'],
  ['\\@ counts macro expansions only', '.rept 2\nnop\n.endr\n.macro cnt\nli a0, \\@\n.endm\ncnt\n.irp x, 1\nnop\n.endr\ncnt\n', '01000100014501000545'],
];

describe('macros and conditionals match GNU as', () => {
  it.each(GNU_BLOCKS)('%s', (_what, source, hex) => {
    expect(sectionHex(source)).toBe(hex);
  });

  it('skips everything in a false branch, even text that is not assembly', () => {
    expect(sectionHex('.if 0\nthis is ( not assembly\n.if 1\nnor this\n.endif\n.else\nnop\n.endif\n')).toBe('0100');
  });

  it('lets a macro take precedence over an instruction of the same name', () => {
    expect(sectionHex('.macro nop\nebreak\n.endm\nnop\n')).toBe('0290');
  });
});

describe('the section stack', () => {
  it('.pushsection/.popsection and .previous return to earlier sections', () => {
    const r = assemble('nop\n.pushsection .rodata\n.word 1\n.popsection\nnop\n.data\n.word 2\n.previous\nnop\n');
    expect(r.sections.map((s) => [s.name, s.size])).toEqual([
      ['.text', 6],
      ['.rodata', 4],
      ['.data', 4],
    ]);
  });
});

describe('errors in macros and conditionals', () => {
  const CASES: [string, string, string][] = [
    ['unterminated macro', '.macro m\nnop\n', 'prog.s:1:1: error: missing .endm for this .macro\n.macro m\n^'],
    ['unterminated .rept', '.rept 2\nnop\n', 'prog.s:1:1: error: missing .endr for this .rept\n.rept 2\n^'],
    ['.endm alone', '.endm\n', 'prog.s:1:1: error: .endm without a .macro\n.endm\n^'],
    ['.endr ending a macro', '.macro m\n.endr\n', 'prog.s:2:1: error: .endr does not end a .macro\n.endr\n^'],
    ['too many arguments', '.macro m a\n.endm\nm 1, 2\n', 'prog.s:3:1: error: too many arguments for macro m (it takes 1)\nm 1, 2\n^'],
    ['runaway recursion', '.macro m\nm\n.endm\nm\n', 'prog.s:2:1: error: macro expansion nested more than 100 deep\nm\n^'],
    ['missing :req argument', '.macro m a:req, b\n.endm\nm b=1\n', "prog.s:3:1: error: missing argument 'a' for macro m\nm b=1\n^"],
    ['.exitm outside a macro', '.exitm\n', 'prog.s:1:1: error: .exitm outside a macro\n.exitm\n^'],
    ['error inside an expansion points at the body line', '.macro m x\naddi a0, a0, \\x\n.endm\nm 9999\n',
      'prog.s:2:14: error: immediate 9999 out of range for addi (-2048..2047)\naddi a0, a0, 9999\n             ^'],
    ['unterminated .if', '.if 1\nnop\n', 'prog.s:1:1: error: missing .endif for this .if\n.if 1\n^'],
    ['.else alone', '.else\n', 'prog.s:1:1: error: .else without a .if\n.else\n^'],
    ['second .else', '.if 1\n.else\n.else\n.endif\n', 'prog.s:3:1: error: second .else for one .if\n.else\n^'],
    ['condition not constant', '.if lbl\n.endif\nlbl:\n', 'prog.s:1:5: error: the condition of .if must be a constant\n.if lbl\n    ^'],
    ['.popsection alone', '.popsection\n', 'prog.s:1:1: error: .popsection without a matching .pushsection\n.popsection\n^'],
  ];
  it.each(CASES)('%s', (_what, source, message) => {
    expect(asmErrorMessage(source)).toBe(message);
  });
});
