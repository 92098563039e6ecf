// Differential tests of src/elf against GNU binutils and qemu:
//  1. readElf and `riscv64-unknown-elf-readelf -hlSsW` agree on the entry
//     point, every program header, section header and symbol of files built by
//     GNU as and ld (ELF32 and ELF64, executables and relocatable objects);
//  2. readelf -a and objdump -d read writeElf's output without a warning and
//     see the same segments, sections and symbols readElf does;
//  3. a program written by writeElf runs under qemu-riscv32 (Linux user mode),
//     which maps its segments the way the Linux kernel does.
//
// Named exception (READELF_SECTION_SYMBOL_NAMES): readelf prints the section's
// name for an STT_SECTION symbol whose st_name is 0; readElf reports the
// symbol's own name, which the gABI defines as empty (index 0 of the string
// table).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  EF_RISCV_RVC,
  SHF_ALLOC,
  SHF_EXECINSTR,
  SHF_WRITE,
  SHN_ABS,
  SHN_COMMON,
  SHN_UNDEF,
  SHT_NOBITS,
  SHT_PROGBITS,
  SHT_RELA,
  STB_GLOBAL,
  STB_LOCAL,
  STT_FUNC,
  STT_NOTYPE,
  STT_OBJECT,
  STT_SECTION,
  readElf,
  symbolValue,
  writeElf,
  type ElfFile,
  type ElfImage,
} from '../../src/elf/index.js';
import { sampleImage } from '../fixtures/elf/samples.js';

const TOOLS = ['riscv64-unknown-elf-as', 'riscv64-unknown-elf-ld', 'riscv64-unknown-elf-readelf', 'riscv64-unknown-elf-objdump'];
const haveTools = TOOLS.every((t) => spawnSync(t, ['--version']).status === 0);
const haveQemu = spawnSync('qemu-riscv32', ['--version']).status === 0;
const dir = mkdtempSync(join(tmpdir(), 'mmulab-elf-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

function run(cmd: string, args: string[]): Run {
  const r = spawnSync(cmd, args, { encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Runs a tool that must succeed silently on stderr; returns its stdout. */
function tool(name: string, ...args: string[]): string {
  const r = run(`riscv64-unknown-elf-${name}`, args);
  expect({ status: r.status, stderr: r.stderr }).toEqual({ status: 0, stderr: '' });
  return r.stdout;
}

// ---------------------------------------------------------------------------
// readelf -hlSsW, parsed into the same rows readElf produces.

const SEGMENT_TYPES: Record<string, number> = { NULL: 0, LOAD: 1, DYNAMIC: 2, INTERP: 3, NOTE: 4, PHDR: 6, TLS: 7, GNU_STACK: 0x6474e551, RISCV_ATTRIBUT: 0x70000003 };
const SECTION_TYPES: Record<string, number> = { NULL: 0, PROGBITS: 1, SYMTAB: 2, STRTAB: 3, RELA: 4, NOTE: 7, NOBITS: 8, INIT_ARRAY: 14, FINI_ARRAY: 15, RISCV_ATTRIBUTES: 0x70000003 };
const SECTION_FLAGS: Record<string, number> = { W: 0x1, A: 0x2, X: 0x4, M: 0x10, S: 0x20, I: 0x40, L: 0x80, O: 0x100, G: 0x200, T: 0x400, C: 0x800, E: 0x80000000 };
const SYMBOL_TYPES: Record<string, number> = { NOTYPE: 0, OBJECT: 1, FUNC: 2, SECTION: 3, FILE: 4, COMMON: 5, TLS: 6 };
const SYMBOL_BINDS: Record<string, number> = { LOCAL: 0, GLOBAL: 1, WEAK: 2 };

function known(table: Record<string, number>, name: string): number {
  const value = table[name];
  if (value === undefined) throw new Error(`readelf printed an unexpected name ${name}`);
  return value;
}

interface Readelf {
  entry: number;
  segments: number[][];
  sections: (string | number)[][];
  symbols: (string | number)[][];
}

function readelf(path: string): Readelf {
  const out = tool('readelf', '-hlSsW', path);
  const entry = Number(/Entry point address:\s+(0x[0-9a-f]+)/.exec(out)![1]);
  const segments: number[][] = [];
  const sections: (string | number)[][] = [];
  const symbols: (string | number)[][] = [];
  for (const line of out.split('\n')) {
    const seg = /^ {2}(\w+)\s+0x([0-9a-f]+) 0x([0-9a-f]+) 0x([0-9a-f]+) 0x([0-9a-f]+) 0x([0-9a-f]+) (...) 0x([0-9a-f]+)$/.exec(line);
    if (seg) {
      const [, type, offset, vaddr, paddr, filesz, memsz, flg, align] = seg;
      const flags = (flg!.includes('R') ? 4 : 0) | (flg!.includes('W') ? 2 : 0) | (flg!.includes('E') ? 1 : 0);
      segments.push([known(SEGMENT_TYPES, type!), flags, ...[offset, vaddr, paddr, filesz, memsz, align].map((h) => parseInt(h!, 16))]);
      continue;
    }
    const sec = /^ {2}\[\s*\d+\] (.*)$/.exec(line);
    if (sec) {
      sections.push(parseSectionLine(sec[1]!));
      continue;
    }
    const sym = /^\s+\d+: ([0-9a-f]+)\s+(0x[0-9a-f]+|\d+) (\w+)\s+(\w+)\s+\w+\s+(\w+) (.*)$/.exec(line);
    if (sym) {
      const [, value, size, type, bind, ndx, name] = sym;
      const index = ndx === 'UND' ? SHN_UNDEF : ndx === 'ABS' ? SHN_ABS : ndx === 'COM' ? SHN_COMMON : Number(ndx);
      symbols.push([parseInt(value!, 16), Number(size), known(SYMBOL_TYPES, type!), known(SYMBOL_BINDS, bind!), index, name!]);
    }
  }
  return { entry, segments, sections, symbols };
}

/** "name type addr off size es [flags] lk inf al", where name may be empty. */
function parseSectionLine(rest: string): (string | number)[] {
  const tokens = rest.trim().split(/\s+/);
  const align = Number(tokens.pop());
  tokens.pop(); // sh_info
  tokens.pop(); // sh_link
  let flags = 0;
  if (!/^[0-9a-f]{2}$/.test(tokens[tokens.length - 1]!)) {
    for (const letter of tokens.pop()!) flags |= known(SECTION_FLAGS, letter);
  }
  tokens.pop(); // sh_entsize
  const [size, offset, addr] = [tokens.pop()!, tokens.pop()!, tokens.pop()!].map((h) => parseInt(h, 16));
  const type = known(SECTION_TYPES, tokens.pop()!);
  return [tokens.join(' '), type, flags, addr!, offset!, size!, align];
}

function ours(elf: ElfFile): Readelf {
  return {
    entry: elf.entry,
    segments: elf.segments.map((s) => [s.type, s.flags, s.offset, s.vaddr, s.paddr, s.filesz, s.memsz, s.align]),
    sections: elf.sections.map((s) => [s.name, s.type, s.flags, s.addr, s.offset, s.size, s.align]),
    // READELF_SECTION_SYMBOL_NAMES: name unnamed STT_SECTION symbols as readelf does.
    symbols: elf.symbols.map((s) => {
      const name = s.type === STT_SECTION && s.name === '' ? elf.sections[s.sectionIndex]!.name : s.name;
      return [s.value, s.size, s.type, s.bind, s.sectionIndex, name];
    }),
  };
}

// ---------------------------------------------------------------------------
// Programs built with the GNU tools.

const PROGRAMS: Record<string, string> = {
  // The program the unit-test fixtures were made from.
  'basic.s': readFileSync(new URL('../fixtures/elf/prog.s', import.meta.url), 'utf8'),
  // Several text sections, typed and sized symbols, weak, common and local common symbols, .sdata.
  'mixed.s': `
    .section .text.start, "ax"
    .globl _start
    .type _start, @function
_start:
    call helper
    li a7, 93
    ecall
    .size _start, .-_start
    .text
    .weak helper
    .type helper, @function
helper:
    la t0, table
    lw a0, 4(t0)
    ret
    .size helper, .-helper
    .section .rodata
    .type table, @object
table: .word 1, 2, 3, 4
    .size table, 16
    .section .sdata, "aw"
small: .word 5
    .data
big: .space 100
    .comm buf, 64, 4
    .local lbuf
    .comm lbuf, 32, 8
`,
};

interface Build {
  file: string;
  as: string[];
  ld: string[] | null; // null: compare the relocatable object itself
}

const BUILDS: Build[] = [
  { file: 'basic-rv32.elf', as: ['-march=rv32imac_zicsr_zifencei', '-mabi=ilp32'], ld: ['-m', 'elf32lriscv', '-Ttext=0x10000'] },
  { file: 'basic-rv64.elf', as: ['-march=rv64imac_zicsr_zifencei', '-mabi=lp64'], ld: ['-m', 'elf64lriscv', '-Ttext=0x10000'] },
  { file: 'basic-rv32.o', as: ['-march=rv32imac_zicsr_zifencei', '-mabi=ilp32'], ld: null },
  { file: 'mixed-rv32.elf', as: ['-march=rv32imac_zicsr_zifencei', '-mabi=ilp32'], ld: ['-m', 'elf32lriscv', '-Ttext=0x10000', '-Tdata=0x20000'] },
  // -N: one read/write/execute segment, not page-aligned (p_align 8).
  { file: 'mixed-rv32-omagic.elf', as: ['-march=rv32imac_zicsr_zifencei', '-mabi=ilp32'], ld: ['-m', 'elf32lriscv', '-N', '--no-warn-rwx-segments', '-Ttext=0x80000000'] },
  { file: 'mixed-rv64.elf', as: ['-march=rv64imac_zicsr_zifencei', '-mabi=lp64'], ld: ['-m', 'elf64lriscv', '-Ttext=0x10000'] },
  { file: 'mixed-rv64.o', as: ['-march=rv64imac_zicsr_zifencei', '-mabi=lp64'], ld: null },
];

function build(b: Build): string {
  const source = join(dir, `${b.file.split('-')[0]}.s`);
  writeFileSync(source, PROGRAMS[`${b.file.split('-')[0]}.s`]!);
  const object = join(dir, b.ld === null ? b.file : `${b.file}.o`);
  tool('as', ...b.as, '-o', object, source);
  if (b.ld === null) return object;
  const exe = join(dir, b.file);
  tool('ld', ...b.ld, '-o', exe, object);
  return exe;
}

const totals = { files: 0, segments: 0, sections: 0, symbols: 0 };

describe.skipIf(!haveTools)('readElf agrees with GNU readelf', () => {
  afterAll(() => {
    console.log(
      `readElf vs readelf: ${totals.files} files, ${totals.segments} program headers, ` +
        `${totals.sections} section headers, ${totals.symbols} symbols identical`,
    );
  });

  for (const b of BUILDS) {
    it(`on ${b.file}`, () => {
      const path = build(b);
      const elf = readElf(new Uint8Array(readFileSync(path)), b.file, { allowRelocatable: b.ld === null });
      const reference = readelf(path);
      const mine = ours(elf);
      expect(mine.entry).toBe(reference.entry);
      expect(mine.segments).toEqual(reference.segments);
      expect(mine.sections).toEqual(reference.sections);
      expect(mine.symbols).toEqual(reference.symbols);
      expect(elf.sections.length).toBeGreaterThan(5);
      expect(elf.symbols.length).toBeGreaterThan(10);
      totals.files++;
      totals.segments += elf.segments.length;
      totals.sections += elf.sections.length;
      totals.symbols += elf.symbols.length;
    });
  }
});

// ---------------------------------------------------------------------------
// writeElf's output in GNU tools and qemu.

// Exits with 40 (.rodata) + 2 (.data) + 0 (.bss, written then read back) = 42.
// Absolute addresses (li) keep the object free of relocations, so its .text
// can be placed anywhere without a linker.
const EXIT42 = `
    .text
    .globl _start
_start:
    li t0, 0x11000
    lw a0, 0(t0)
    li t1, 0x12000
    lw a1, 0(t1)
    add a0, a0, a1
    lw a2, 4(t1)
    add a0, a0, a2
    sw a0, 8(t1)
    lw a0, 8(t1)
    li a7, 93
    ecall
`;

/** The .text of EXIT42 as assembled by GNU as (checked to need no relocations). */
function exit42Text(): Uint8Array {
  const source = join(dir, 'exit42.s');
  const object = join(dir, 'exit42.o');
  writeFileSync(source, EXIT42);
  tool('as', '-march=rv32imac_zicsr_zifencei', '-mabi=ilp32', '-o', object, source);
  const elf = readElf(new Uint8Array(readFileSync(object)), 'exit42.o', { allowRelocatable: true });
  expect(elf.sections.filter((s) => s.type === SHT_RELA)).toEqual([]);
  return elf.sections.find((s) => s.name === '.text')!.data.slice();
}

function exit42Image(text: Uint8Array): ElfImage {
  return {
    entry: 0x10000,
    flags: EF_RISCV_RVC,
    sections: [
      { name: '.text', type: SHT_PROGBITS, flags: SHF_ALLOC | SHF_EXECINSTR, addr: 0x10000, align: 4, data: text, size: text.length },
      { name: '.rodata', type: SHT_PROGBITS, flags: SHF_ALLOC, addr: 0x11000, align: 4, data: Uint8Array.of(40, 0, 0, 0), size: 4 },
      { name: '.data', type: SHT_PROGBITS, flags: SHF_ALLOC | SHF_WRITE, addr: 0x12000, align: 4, data: Uint8Array.of(2, 0, 0, 0), size: 4 },
      { name: '.bss', type: SHT_NOBITS, flags: SHF_ALLOC | SHF_WRITE, addr: 0x12004, align: 4, data: new Uint8Array(0), size: 0x100 },
    ],
    symbols: [
      { name: '_start', value: 0x10000, size: text.length, type: STT_FUNC, bind: STB_GLOBAL, section: '.text' },
      { name: 'forty', value: 0x11000, size: 4, type: STT_OBJECT, bind: STB_LOCAL, section: '.rodata' },
      { name: 'two', value: 0x12000, size: 4, type: STT_OBJECT, bind: STB_GLOBAL, section: '.data' },
      { name: 'scratch', value: 0x12004, size: 0x100, type: STT_OBJECT, bind: STB_GLOBAL, section: '.bss' },
      { name: 'ANSWER', value: 42, size: 0, type: STT_NOTYPE, bind: STB_LOCAL, section: null },
    ],
  };
}

/** objdump -d's instruction lines as "encoding mnemonic operands". */
function disassembly(path: string): string[] {
  return tool('objdump', '-d', path)
    .split('\n')
    .map((l) => /^\s+[0-9a-f]+:\s+([0-9a-f]+)\s+(.*)$/.exec(l))
    .filter((m) => m !== null)
    .map((m) => `${m[1]} ${m[2]!.replace(/\s+/g, ' ').replace(/ ?#.*$/, '').trim()}`);
}

describe.skipIf(!haveTools)('GNU tools accept writeElf output', () => {
  const images: [string, () => ElfImage][] = [
    ['exit42.elf', () => exit42Image(exit42Text())],
    ['sample.elf', sampleImage],
    ['shared-page.elf', () => {
      const img = sampleImage();
      img.sections[1]!.addr = 0x1000c; // .rodata right after .text, same page
      img.sections[2]!.addr = 0x10010;
      img.sections[3]!.addr = 0x10014;
      img.symbols = [];
      return img;
    }],
    ['empty.elf', () => ({ entry: 0, flags: 0, sections: [], symbols: [] })],
  ];

  for (const [name, make] of images) {
    it(`readelf -a and objdump -d read ${name} without warnings; readelf agrees with readElf`, () => {
      const path = join(dir, name);
      const bytes = writeElf(make());
      writeFileSync(path, bytes);
      tool('readelf', '-a', path);
      tool('objdump', '-d', path);
      expect(ours(readElf(bytes))).toEqual(readelf(path));
    });
  }

  it('objdump -d disassembles writeElf output exactly as it does the GNU object', () => {
    const text = exit42Text();
    const path = join(dir, 'exit42.elf');
    writeFileSync(path, writeElf(exit42Image(text)));
    const fromUs = disassembly(path);
    const fromGnu = disassembly(join(dir, 'exit42.o'));
    expect(fromUs.length).toBeGreaterThan(8);
    expect(fromUs).toEqual(fromGnu);
  });
});

describe.skipIf(!haveTools || !haveQemu)('qemu-riscv32 runs writeElf output', () => {
  it('maps text, rodata, data and bss and exits with 42', () => {
    const image = exit42Image(exit42Text());
    const path = join(dir, 'exit42-run.elf');
    writeFileSync(path, writeElf(image), { mode: 0o755 });
    const r = run('qemu-riscv32', [path]);
    expect({ status: r.status, stderr: r.stderr }).toEqual({ status: 42, stderr: '' });
    expect(symbolValue(readElf(readFileSync(path)), 'ANSWER')).toBe(42);
  });
});
