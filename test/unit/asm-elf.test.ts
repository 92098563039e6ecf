// The executable: layout addresses (layout.ts), segments and their
// permissions, entry point, symbol table, e_flags, in both layouts, read back
// with readElf.
import { describe, expect, it } from 'vitest';
import { assemble } from '../../src/asm/index.js';
import {
  EF_RISCV_RVC,
  EM_RISCV,
  ET_EXEC,
  PF_R,
  PF_W,
  PF_X,
  PT_LOAD,
  readElf,
  SHF_ALLOC,
  SHF_EXECINSTR,
  SHF_WRITE,
  SHN_ABS,
  SHT_NOBITS,
  SHT_PROGBITS,
  STB_GLOBAL,
  STB_LOCAL,
  STB_WEAK,
  STT_FUNC,
  STT_NOTYPE,
  STT_OBJECT,
} from '../../src/elf/index.js';

const PROGRAM = `
.text
.globl _start
.type _start, @function
_start:
    la gp, __global_pointer$
    call helper
    ret
.size _start, . - _start
helper:
    ret
.section .rodata
.balign 8
message: .asciz "hello"
.data
.type counter, @object
counter: .word 1, 2
.size counter, 8
.weak maybe
maybe: .byte 1
.bss
.balign 16
buffer: .zero 100
`;

describe('hosted layout (default)', () => {
  const result = assemble(PROGRAM, { file: 'p.s' });
  const elf = readElf(result.elf);

  it('is a little-endian ELF32 RISC-V executable with the RVC flag', () => {
    expect([elf.bits, elf.type, elf.machine, elf.flags]).toEqual([32, ET_EXEC, EM_RISCV, EF_RISCV_RVC]);
  });

  it('puts text at 0x10000, rodata on the next page, data on the page after, bss after data', () => {
    expect(result.sections).toEqual([
      { name: '.text', addr: 0x10000, size: 20 },
      { name: '.rodata', addr: 0x11000, size: 6 },
      { name: '.data', addr: 0x12000, size: 9 },
      { name: '.bss', addr: 0x12010, size: 100 },
    ]);
    const byName = (n: string) => elf.sections.find((s) => s.name === n)!;
    expect([byName('.text').type, byName('.text').flags]).toEqual([SHT_PROGBITS, SHF_ALLOC | SHF_EXECINSTR]);
    expect([byName('.rodata').type, byName('.rodata').flags]).toEqual([SHT_PROGBITS, SHF_ALLOC]);
    expect([byName('.data').type, byName('.data').flags]).toEqual([SHT_PROGBITS, SHF_ALLOC | SHF_WRITE]);
    expect([byName('.bss').type, byName('.bss').flags]).toEqual([SHT_NOBITS, SHF_ALLOC | SHF_WRITE]);
  });

  it('maps code R+X, read-only data R, and data plus bss R+W', () => {
    const loads = elf.segments.filter((s) => s.type === PT_LOAD).map((s) => [s.vaddr, s.flags, s.filesz, s.memsz]);
    expect(loads).toEqual([
      [0x10000, PF_R | PF_X, 20, 20],
      [0x11000, PF_R, 6, 6],
      [0x12000, PF_R | PF_W, 9, 0x10 + 100],
    ]);
  });

  it('enters at _start and records symbols with their binding, type and size', () => {
    expect(result.entry).toBe(0x10000);
    expect(elf.entry).toBe(0x10000);
    const sym = (n: string) => elf.symbols.find((s) => s.name === n)!;
    expect(sym('_start')).toMatchObject({ value: 0x10000, size: 18, type: STT_FUNC, bind: STB_GLOBAL });
    expect(sym('helper')).toMatchObject({ value: 0x10012, type: STT_NOTYPE, bind: STB_LOCAL });
    expect(sym('counter')).toMatchObject({ value: 0x12000, size: 8, type: STT_OBJECT, bind: STB_LOCAL });
    expect(sym('maybe')).toMatchObject({ value: 0x12008, bind: STB_WEAK });
    expect(sym('__global_pointer$')).toMatchObject({ value: 0x12800, bind: STB_GLOBAL, sectionIndex: SHN_ABS });
    expect(elf.symbols.some((s) => s.name.startsWith('.L'))).toBe(false);
    expect(result.symbols.get('buffer')).toBe(0x12010);
    expect(result.symbols.get('message')).toBe(0x11000);
  });

  it('lets crt0 load gp with la gp, __global_pointer$ (auipc + addi reaching 0x12800)', () => {
    const text = elf.sections.find((s) => s.name === '.text')!.data;
    // auipc gp, 0x3 ; addi gp, gp, -2048  → 0x10000 + 0x3000 - 0x800 = 0x12800
    expect(Buffer.from(text.slice(0, 8)).toString('hex')).toBe('9731000093810180');
  });

  it('lists every item with its address, bytes and source line', () => {
    expect(result.listing[0]).toEqual({ addr: 0x10000, bytes: Uint8Array.from([0x97, 0x31, 0, 0]), file: 'p.s', line: 6, source: 'la gp, __global_pointer$' });
    expect(result.listing.find((l) => l.source === 'ret')).toMatchObject({ addr: 0x10010, bytes: Uint8Array.from([0x82, 0x80]) });
    // call helper: auipc ra, 0 ; jalr ra, 10(ra) → 0x10008 + 10 = helper
    expect(result.listing.filter((l) => l.source === 'call helper').map((l) => Buffer.from(l.bytes).toString('hex'))).toEqual([
      '97000000',
      'e780a000',
    ]);
  });
});

describe('bare layout', () => {
  const source = `
.section .text.init, "ax", @progbits
.globl _start
_start:
    la t0, tohost
    j _start
.section .tohost, "aw", @progbits
.align 6
.globl tohost
tohost: .dword 0
`;
  const result = assemble(source, { layout: 'bare' });
  it('starts at 0x80000000 and keeps the tohost symbol', () => {
    expect(result.entry).toBe(0x8000_0000);
    expect(result.sections).toEqual([
      { name: '.text.init', addr: 0x8000_0000, size: 10 },
      { name: '.tohost', addr: 0x8000_1000, size: 8 },
    ]);
    expect(result.symbols.get('tohost')).toBe(0x8000_1000);
  });
});

describe('entry point without _start', () => {
  it('is the start of the first executable section, as GNU ld does', () => {
    const r = assemble('.data\n.word 1\n.text\nnop\n');
    expect(r.entry).toBe(0x10000);
  });
  it('gives an empty read-only section no page of its own', () => {
    const r = assemble('nop\n.section .rodata\n.data\n.word 1\n');
    expect(r.sections).toEqual([
      { name: '.text', addr: 0x10000, size: 2 },
      { name: '.data', addr: 0x11000, size: 4 },
    ]);
  });
  it('reserves a large .bss without building it (it takes no room in the file)', () => {
    const r = assemble('nop\n.bss\nbig: .zero 0x40000000\n');
    expect(r.sections[1]).toEqual({ name: '.bss', addr: 0x11000, size: 0x40000000 });
    expect(r.elf.length).toBeLessThan(0x4000);
  });
  it('places .lcomm blocks after the rest of .bss, each aligned by its size', () => {
    // Addresses as GNU as + ld give them (.bss at 0x11000).
    const r = assemble('nop\n.bss\n.zero 1\n.lcomm b1, 1\n.lcomm b3, 3\n.lcomm b16, 16\n.zero 3\n');
    expect([r.symbols.get('b1'), r.symbols.get('b3'), r.symbols.get('b16')]).toEqual([0x11004, 0x11006, 0x11010]);
    expect(r.sections[1]).toEqual({ name: '.bss', addr: 0x11000, size: 0x20 });
  });
  it('leaves empty sections out', () => {
    const r = assemble('.data\n.text\nnop\n.bss\n');
    expect(r.sections.map((s) => s.name)).toEqual(['.text']);
  });
});
