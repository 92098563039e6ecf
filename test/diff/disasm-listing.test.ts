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
import {
  SHF_ALLOC, SHF_EXECINSTR, SHF_WRITE, SHT_PROGBITS, STB_GLOBAL, STB_LOCAL, STB_WEAK, STT_FUNC, STT_NOTYPE,
  STT_OBJECT, readElf, writeElf, type ElfImage, type ElfImageSection, type ElfImageSymbol,
} from '../../src/elf/index.js';
import { Rng } from './lib/rng.js';
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
  const march = ['-march=rv32imac_zicsr_zifencei', '-mabi=ilp32'];
  mustRun('riscv64-unknown-elf-as', [...march, '-I', includeDir, '-o', obj, src]);
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
      const [a, b] = [JSON.stringify(want[i]), JSON.stringify(got[i])];
      return `${basename(path)} line ${i + 1}:\n  objdump: ${a}\n  ours:    ${b}`;
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
    lui t2, 0x12345 # objdump remembers t2 into the next section

    .section .text.other, "ax", @progbits
    .type helper, @function
helper:
    .option push
    .option norvc
    lw t3, 8(t2)
    .option pop
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

const CODE_WORDS = [
  0x00a00513, 0x00001597, 0xffc58593, 0x00050463, 0x008000ef,
  0x0000006f, 0xfe5ff06f, 0x00000013, 0x0101a583, 0x00802683,
];

const progbits = (name: string, flags: number, addr: number, data: Uint8Array): ElfImageSection =>
  ({ name, type: SHT_PROGBITS, flags, addr, align: 4, data, size: data.length });

/**
 * A writeElf image with random code and a random symbol table: names, types
 * (none, function, object), bindings (global, local, weak), sections
 * (two code sections, data, absolute) and addresses, often several at one
 * address, sometimes a __global_pointer$.
 */
function randomSymbolImage(rng: Rng): ElfImage {
  const code = new Uint8Array(24 * 4);
  const view = new DataView(code.buffer);
  for (let i = 0; i < 24; i++) view.setUint32(i * 4, rng.pick(CODE_WORDS), true);
  const code2 = Uint8Array.of(0x13, 0, 0, 0, 0x6f, 0xf0, 0xdf, 0xff);
  const places = [['.text', 0x10000, 24], ['.text2', 0x10100, 2], ['.data', 0x11000, 4], [null, 0, 0]] as const;
  const symbols: ElfImageSymbol[] = [];
  for (let i = rng.int(0, 11); i > 0; i--) {
    const [section, base, words] = rng.pick(places);
    symbols.push({
      name: `${rng.pick(['a', 'b', '_x', '.y', 'foo'])}${i}`,
      value: section === null ? rng.int(0, 0x12000) : base + 4 * rng.int(0, words - 1),
      size: 4,
      type: rng.pick([STT_NOTYPE, STT_FUNC, STT_OBJECT]),
      bind: rng.pick([STB_GLOBAL, STB_LOCAL, STB_WEAK]),
      section,
    });
  }
  if (rng.chance(0.5)) {
    symbols.push({
      name: '__global_pointer$', value: 0x11800, size: 0, type: STT_NOTYPE, bind: STB_GLOBAL, section: null,
    });
  }
  return {
    entry: 0x10000,
    flags: 0,
    sections: [
      progbits('.text', SHF_ALLOC | SHF_EXECINSTR, 0x10000, code),
      progbits('.text2', SHF_ALLOC | SHF_EXECINSTR, 0x10100, code2),
      progbits('.data', SHF_ALLOC | SHF_WRITE, 0x11000, new Uint8Array(16)),
    ],
    symbols,
  };
}

describe('disassembleElf vs objdump -d on random symbol tables', () => {
  it('300 writeElf images: headers, <sym+off> names, object dumps and gp comments agree', () => {
    const rng = new Rng(0x5b01);
    const differences: string[] = [];
    for (let i = 0; i < 300; i++) {
      const path = join(dir, 'symbols.elf');
      writeFileSync(path, writeElf(randomSymbolImage(rng)));
      const difference = firstDifference(path, true);
      if (difference) differences.push(`image ${i}: ${difference}`);
    }
    expect(differences.slice(0, 5)).toEqual([]);
  });
});

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
