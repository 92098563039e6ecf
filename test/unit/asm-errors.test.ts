// Every error path of the assembler: the exact message (file:line:column,
// the source line and a caret under the column), and that assembly goes on
// to report every error, not only the first.
import { describe, expect, it } from 'vitest';
import { AsmError, assemble } from '../../src/asm/index.js';
import { MmulabError } from '../../src/errors.js';
import { asmErrorMessage } from '../fixtures/asm/helpers.js';

const noFiles = (path: string): string => {
  throw new Error(`no such file ${path}`);
};

/** [what, source, the full expected message]. */
const CASES: [string, string, string][] = [
  ['unknown mnemonic', '  frobnicate a0, a1\n', "prog.s:1:3: error: unknown instruction 'frobnicate'\n  frobnicate a0, a1\n  ^"],
  ['bad register', 'add a0, a1, x32\n',
    "prog.s:1:13: error: 'x32' is not a register or a constant known here (addi needs %hi/%lo/%pcrel_* for addresses)\nadd a0, a1, x32\n            ^"],
  ['register expected', 'lw 5, 0(a0)\n', "prog.s:1:4: error: expected a register, got '5'\nlw 5, 0(a0)\n   ^"],
  ['immediate out of range', '    addi a0, a0, 5000\n',
    'prog.s:1:18: error: immediate 5000 out of range for addi (-2048..2047)\n    addi a0, a0, 5000\n                 ^'],
  ['shift amount out of range', 'slli a0, a0, 32\n', 'prog.s:1:14: error: immediate 32 out of range for slli (0..31)\nslli a0, a0, 32\n             ^'],
  ['lui out of range', 'lui a0, 0x100000\n', 'prog.s:1:9: error: immediate 1048576 out of range for lui (0..1048575)\nlui a0, 0x100000\n        ^'],
  ['misaligned immediate', 'c.lwsp a0, 2(sp)\n', 'prog.s:1:12: error: immediate 2 for c.lwsp must be a multiple of 4\nc.lwsp a0, 2(sp)\n           ^'],
  ['zero where nonzero needed', 'c.addi4spn s0, sp, 0\n', 'prog.s:1:20: error: immediate for c.addi4spn must not be zero\nc.addi4spn s0, sp, 0\n                   ^'],
  ['compressed register', 'c.lw a0, 0(t0)\n', 'prog.s:1:12: error: c.lw needs one of x8..x15 (s0, s1, a0..a5) here\nc.lw a0, 0(t0)\n           ^'],
  ['branch out of range (even relaxed: the jal cannot reach)', 'beqz a0, 1f\n.fill 0x40000, 4, 0\n1: nop\n',
    'prog.s:1:10: error: target out of range for beqz: offset 1048580 (-1048576..1048574)\nbeqz a0, 1f\n         ^'],
  ['jump out of range', 'jal t0, 1f\n.fill 0x40000, 4, 0\n1: nop\n',
    'prog.s:1:9: error: target out of range for jal: offset 1048580 (-1048576..1048574)\njal t0, 1f\n        ^'],
  ['misaligned target', 'j 1f\n.byte 0\n1: nop\n', 'prog.s:1:3: error: misaligned target for j: offset 3 is odd\nj 1f\n  ^'],
  ['undefined symbol (reported once for both halves of call)', 'call missing\n',
    "prog.s:1:6: error: undefined symbol 'missing'\ncall missing\n     ^"],
  ['undefined local label', 'j 1b\n', 'prog.s:1:3: error: local label 1 is not defined before this reference\nj 1b\n  ^'],
  ['duplicate symbol', 'x: nop\nx: nop\n', "prog.s:2:1: error: symbol 'x' is already defined\nx: nop\n^"],
  ['.equiv redefinition', '.equiv A, 1\n.equiv A, 2\n', "prog.s:2:8: error: symbol 'A' is already defined\n.equiv A, 2\n       ^"],
  ['bad directive', '.frob 1\n', "prog.s:1:1: error: unknown directive '.frob'\n.frob 1\n^"],
  ['unterminated string', '.ascii "abc\n', 'prog.s:1:8: error: unterminated string\n.ascii "abc\n       ^'],
  ['bad expression', 'li a0, 3 + * 4\n', "prog.s:1:12: error: bad expression: unexpected '*'\nli a0, 3 + * 4\n           ^"],
  ['unbalanced parenthesis', 'li a0, (1 + 2\n', "prog.s:1:14: error: expected ')'\nli a0, (1 + 2\n             ^"],
  ['division by zero', '.word 1 / 0\n', 'prog.s:1:9: error: division by zero\n.word 1 / 0\n        ^'],
  ['division by zero found at layout', '.word x % 0\nx:\n', 'prog.s:1:9: error: division by zero\n.word x % 0\n        ^'],
  ['unknown CSR', 'csrr a0, nosuch\n', "prog.s:1:10: error: unknown CSR 'nosuch'\ncsrr a0, nosuch\n         ^"],
  ['label as immediate', 'addi a0, a0, lbl\nlbl:\n',
    "prog.s:1:14: error: 'lbl' is not a register or a constant known here (addi needs %hi/%lo/%pcrel_* for addresses)\naddi a0, a0, lbl\n             ^"],
  ['operand count', 'addi a0, a1\n', 'prog.s:1:6: error: wrong number of operands for addi (expected 3, got 2)\naddi a0, a1\n     ^'],
  ['%pcrel_lo without auipc', 'addi a0, a0, %pcrel_lo(x)\nx: nop\n',
    'prog.s:1:14: error: %pcrel_lo needs the label of an auipc with %pcrel_hi\naddi a0, a0, %pcrel_lo(x)\n             ^'],
  ['modifier not allowed', 'sw a0, %hi(x)(a1)\nx:\n', 'prog.s:1:8: error: %hi is not allowed for sw\nsw a0, %hi(x)(a1)\n       ^'],
  ['li beyond 32 bits', 'li a0, 0x100000000\n',
    'prog.s:1:8: error: immediate 4294967296 out of range for li (-2147483648..4294967295)\nli a0, 0x100000000\n       ^'],
  ['number beyond 64 bits', '.word 0x10000000000000000\n',
    "prog.s:1:7: error: number '0x10000000000000000' does not fit in 64 bits\n.word 0x10000000000000000\n      ^"],
  ['.option pop without push', '.option pop\n', 'prog.s:1:9: error: .option pop without a matching .option push\n.option pop\n        ^'],
  ['compressed instruction under norvc', '.option norvc\nc.nop\n',
    'prog.s:2:1: error: c.nop needs the C extension (enable it with .option rvc)\nc.nop\n^'],
  ['stray character', 'addi a0, a0, `\n', "prog.s:1:14: error: unexpected character '`'\naddi a0, a0, `\n             ^"],
  ['data in .bss', '.bss\n.word 1\n', 'prog.s:2:7: error: section .bss holds no data (only .zero, .space and alignment)\n.word 1\n      ^'],
  ['bad alignment', '.balign 3\n', 'prog.s:1:9: error: alignment 3 is not a power of 2 up to 65536\n.balign 3\n        ^'],
  ['bad fence set', 'fence wr, rw\n', "prog.s:1:7: error: bad fence set 'wr' (expected letters of 'iorw' in that order)\nfence wr, rw\n      ^"],
  ['.include not found', '.include "nope.s"\n',
    "prog.s:1:10: error: cannot read .include file 'nope.s': no such file nope.s\n.include \"nope.s\"\n         ^"],
  ['unknown section flag', '.section .x, "aq"\n', "prog.s:1:14: error: unknown section flag 'q'\n.section .x, \"aq\"\n             ^"],
  ['unknown .option', '.option bogus\n', "prog.s:1:9: error: unknown .option 'bogus'\n.option bogus\n        ^"],
  ['unknown symbol type', '.type f, @thing\n', "prog.s:1:10: error: unknown symbol type 'thing'\n.type f, @thing\n         ^"],
  ['.fill beyond the address space', '.fill 0x100000000, 1, 0\n',
    'prog.s:1:7: error: repeat count 4294967296 out of range (0..4294967295)\n.fill 0x100000000, 1, 0\n      ^'],
  ['section with contents too large to build', '.data\n.space 300000000\n',
    'prog.s:2:1: error: section .data brings the contents to 300000000 bytes, more than 268435456\n.space 300000000\n^'],
  ['CSR number out of range', 'csrr a0, 4096\n', 'prog.s:1:10: error: CSR number 4096 out of range (0..4095)\ncsrr a0, 4096\n         ^'],
  ['invalid number', 'li a0, 12ab\n', "prog.s:1:8: error: invalid number '12ab'\nli a0, 12ab\n       ^"],
  ['unknown relocation modifier', 'lui a0, %foo(x)\n', "prog.s:1:10: error: unknown relocation modifier '%foo'\nlui a0, %foo(x)\n         ^"],
  ['missing operand', 'add a0, , a1\n', 'prog.s:1:9: error: missing operand\nadd a0, , a1\n        ^'],
  ['sp required', 'c.addi4spn s0, a0, 4\n', 'prog.s:1:16: error: c.addi4spn requires sp here\nc.addi4spn s0, a0, 4\n               ^'],
  ['junk after an operand', 'li a0, 1 2\n', "prog.s:1:10: error: unexpected '2' after expression\nli a0, 1 2\n         ^"],
  ['label redefined by .set', 'x: nop\n.set x, 1\n', "prog.s:2:6: error: symbol 'x' is already defined\n.set x, 1\n     ^"],
  ['section flags changed', '.section .a, "a"\n.section .a, "aw"\n',
    'prog.s:2:1: error: section .a was already declared with different flags\n.section .a, "aw"\n^'],
  ['address too wide for .half', '.data\nx: .half x\n', 'prog.s:2:10: error: value 65536 does not fit in 2 bytes\nx: .half x\n         ^'],
  ['.org backwards', 'nop\nnop\n.org 2\n', 'prog.s:3:1: error: .org 2 is behind the current offset 4 in the section\n.org 2\n^'],
  ['contents too large, then an empty section', '.data\n.space 300000000\n.section .sdata, "aw"\n',
    'prog.s:2:1: error: section .data brings the contents to 300000000 bytes, more than 268435456\n.space 300000000\n^'],
  // Written-out compressed instructions whose encoding is reserved or another instruction (GNU as refuses them too).
  ['c.lui sp', 'c.lui sp, 1\n', 'prog.s:1:7: error: c.lui cannot write sp (that encoding is c.addi16sp)\nc.lui sp, 1\n      ^'],
  ['c.lwsp zero', 'c.lwsp zero, 0(sp)\n', 'prog.s:1:8: error: c.lwsp cannot load into zero (a reserved encoding)\nc.lwsp zero, 0(sp)\n       ^'],
  ['c.jr zero', 'c.jr zero\n', 'prog.s:1:6: error: c.jr cannot jump through zero (a reserved encoding)\nc.jr zero\n     ^'],
  ['c.jalr zero', 'c.jalr zero\n', 'prog.s:1:8: error: c.jalr cannot jump through zero (that encoding is c.ebreak)\nc.jalr zero\n       ^'],
  ['c.mv from zero', 'c.mv a0, zero\n', 'prog.s:1:10: error: c.mv cannot take zero as its source (that encoding is c.jr)\nc.mv a0, zero\n         ^'],
  ['c.add from zero', 'c.add a0, zero\n',
    'prog.s:1:11: error: c.add cannot take zero as its source (that encoding is c.jalr)\nc.add a0, zero\n          ^'],
  ['c.slli by 0', 'c.slli a0, 0\n', 'prog.s:1:12: error: c.slli shift amount 0 out of range on RV32 (1..31)\nc.slli a0, 0\n           ^'],
  ['c.srli by 32', 'c.srli a0, 32\n', 'prog.s:1:12: error: c.srli shift amount 32 out of range on RV32 (1..31)\nc.srli a0, 32\n           ^'],
  ['caret keeps tabs', '\taddi\ta0, a0, 4096\n',
    'prog.s:1:15: error: immediate 4096 out of range for addi (-2048..2047)\n\taddi\ta0, a0, 4096\n\t    \t        ^'],
];

describe('error messages', () => {
  it.each(CASES)('%s', (_what, source, message) => {
    expect(asmErrorMessage(source, { readFile: noFiles })).toBe(message);
  });

  it('AsmError is a MmulabError carrying structured diagnostics', () => {
    try {
      assemble('nop\n  bogus\n', { file: 'a.s' });
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(MmulabError);
      expect((err as AsmError).diagnostics).toEqual([
        { file: 'a.s', line: 2, column: 3, message: "unknown instruction 'bogus'", sourceLine: '  bogus' },
      ]);
    }
  });

  it('names the input <input> by default', () => {
    expect(() => assemble('bogus\n')).toThrow("<input>:1:1: error: unknown instruction 'bogus'");
  });
});

describe('reports every error, in source order', () => {
  it('collects parse errors and layout errors from the whole file', () => {
    const source = ['j nowhere', 'addi a0, a0, 9999', 'nop', '.word 1/0', 'lw a0, 0(q1)', 'x:', 'x:'].join('\n');
    const e = (() => {
      try {
        assemble(source, { file: 'm.s' });
      } catch (err) {
        return err as AsmError;
      }
      throw new Error('expected an error');
    })();
    expect(e.diagnostics.map((d) => `${d.line}:${d.column} ${d.message}`)).toEqual([
      "1:3 undefined symbol 'nowhere'",
      '2:14 immediate 9999 out of range for addi (-2048..2047)',
      '4:8 division by zero',
      "5:10 expected a register, got 'q1'",
      "7:1 symbol 'x' is already defined",
    ]);
    expect(e.message.split('\n')).toHaveLength(15);
  });

  it('stops after 1000 errors', () => {
    const e = (() => {
      try {
        assemble('bogus\n'.repeat(5000));
      } catch (err) {
        return err as AsmError;
      }
      throw new Error('expected an error');
    })();
    expect(e.diagnostics).toHaveLength(1001);
    expect(e.diagnostics[1000]).toMatchObject({ line: 1000, message: 'too many errors (1000); stopping' });
  });

  it('keeps going after an error on one statement of a line', () => {
    const e = asmErrorMessage('bogus; addi a0, a0, 1; also_bogus\n');
    expect(e).toContain("prog.s:1:1: error: unknown instruction 'bogus'");
    expect(e).toContain("prog.s:1:24: error: unknown instruction 'also_bogus'");
  });
});
