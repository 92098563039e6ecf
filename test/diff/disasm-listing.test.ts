// disassembleElf against `objdump -d` on real GNU-built files: the
// programs/ sources linked with GNU ld (relaxation on, so gp-relative
// addressing and `# sym` comments appear), their objects, and a source
// written to reach the corners of the listing format (several executable
// sections, object symbols in code, data marked by `$d`, zero runs, local
// labels with control characters, weak and aliased symbols).
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { disassembleElf } from '../../src/asm/disasm.js';
import { readElf } from '../../src/elf/index.js';
import { makeWorkDir, runTool } from './lib/tools.js';

const dir = makeWorkDir('disasm-listing');

function mustRun(cmd: string, args: string[]): string {
  const r = runTool(cmd, args);
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed:\n${r.stderr.slice(0, 2000)}`);
  return r.stdout;
}

/** Assembles and links `source`; returns the object's and the executable's paths. */
function gnuBuild(name: string, source: string, includeDir = 'programs'): { obj: string; exe: string } {
  const src = join(dir, `${name}.s`);
  const obj = join(dir, `${name}.o`);
  const exe = join(dir, `${name}.elf`);
  writeFileSync(src, source);
  mustRun('riscv64-unknown-elf-as', ['-march=rv32imac_zicsr_zifencei', '-mabi=ilp32', '-I', includeDir, '-o', obj, src]);
  mustRun('riscv64-unknown-elf-ld', ['-m', 'elf32lriscv', '-Ttext=0x10000', '-o', exe, obj]);
  return { obj, exe };
}

/** The first differing line of objdump's and our listing, or undefined when they are identical. */
function firstDifference(path: string, aliases: boolean): string | undefined {
  const flags = aliases ? ['-d'] : ['-d', '-M', 'no-aliases'];
  const want = mustRun('riscv64-unknown-elf-objdump', [...flags, path]).split('\n');
  const elf = readElf(new Uint8Array(readFileSync(path)), path, { allowRelocatable: true });
  const got = disassembleElf(elf, { aliases, fileName: path }).split('\n');
  for (let i = 0; i < Math.max(want.length, got.length); i++) {
    if (want[i] !== got[i]) {
      return `${basename(path)} line ${i + 1}:\n  objdump: ${JSON.stringify(want[i])}\n  ours:    ${JSON.stringify(got[i])}`;
    }
  }
  return undefined;
}

const CORNERS = String.raw`
    .text
    .globl _start
    .type _start, @function
_start:
    lui gp, %hi(__global_pointer$)
    addi gp, gp, %lo(__global_pointer$)
    la t0, value
    lw a0, 0(t0)
    lw a1, 16(gp)
    sw a1, -16(gp)
    call helper
    tail far_func
    jal zero, local_label
local_label:
    beqz a0, 1f
    bnez a1, _start
1:  addi sp, sp, -16
    .word 0x12345678
    .byte 1, 2
    .align 2
alias_start:
weak_sym:
    .weak weak_sym
    .globl alias_start
    csrr a0, mstatus
    csrw mtvec, t0
    rdcycle a1
    lw a2, 8(tp)
    lw a3, 8(zero)
    .type obj_in_text, @object
obj_in_text:
    fence
    fence.i
    ecall
    .zero 16
    ret
    .size _start, . - _start
after_object:
    .zero 12
    c.nop
    .2byte 0
    .zero 6
    .insn 4, 0x00000013

    .section .text.other, "ax", @progbits
    .type helper, @function
helper:
    li a0, 42
    auipc t1, 0
    jalr zero, 8(t1)
    lui a5, 0x12345
    lw a6, 0x678(a5)
    nop
    ret
far_func:
    j helper
    .2byte 0x0000
    .section .rodata
msg: .string "hi"
    .data
    .globl value
value: .word 42
    .type data_obj, @object
data_obj: .word 7
    .set __global_pointer$, value + 0x800
    .globl __global_pointer$
`;

const PROGRAMS = [
  ...readdirSync('programs').filter((f) => f.endsWith('.s')).map((f) => join('programs', f)),
  ...readdirSync('programs/isa').filter((f) => f.endsWith('.s')).map((f) => join('programs/isa', f)),
];

describe('disassembleElf vs objdump -d on GNU-built files', () => {
  it('a source reaching the corners of the listing format, object and executable', () => {
    const { obj, exe } = gnuBuild('corners', CORNERS);
    for (const path of [obj, exe]) {
      for (const aliases of [true, false]) expect(firstDifference(path, aliases)).toBeUndefined();
    }
  });

  it.each(PROGRAMS)('%s, object and executable', (source) => {
    const { obj, exe } = gnuBuild(basename(source, '.s'), readFileSync(source, 'utf8'), dirname(source));
    for (const path of [obj, exe]) {
      for (const aliases of [true, false]) expect(firstDifference(path, aliases)).toBeUndefined();
    }
  });

  it('the GNU-built ELF fixtures', () => {
    for (const path of ['test/fixtures/elf/prog-rv32.elf', 'test/fixtures/elf/prog-rv32.o']) {
      expect(firstDifference(path, true)).toBeUndefined();
    }
  });
});
