// Every way readElf rejects a file, each with its exact message. The inputs
// are valid files (writeElf's ELF32 sample, the hand-built ELF64 one, a GNU
// object) with one field patched; samples.ts documents their layouts, which
// is where the offsets and sizes in the expected messages come from.
import { describe, expect, it } from 'vitest';
import { ElfError, SHN_XINDEX, SHT_PROGBITS, SHT_SYMTAB, readElf, writeElf, type ReadElfOptions } from '../../src/elf/index.js';
import { MmulabError } from '../../src/errors.js';
import {
  EHDR32,
  EHDR64,
  ELF64_LAYOUT,
  PHDR32,
  PHDR64,
  SHDR32,
  SHDR64,
  SYM32,
  SYM64,
  buildElf64,
  fixture,
  sampleImage,
} from '../fixtures/elf/samples.js';

// writeElf(sampleImage()) layout, from samples.ts.
const LENGTH = 0x31fc;
const PHOFF = 0x34;
const SHOFF = 0x30bc;
const SYMTAB = 0x3004;

const ph = (i: number, field: keyof typeof PHDR32): number => PHOFF + i * 32 + PHDR32[field];
const sh = (i: number, field: keyof typeof SHDR32): number => SHOFF + i * 40 + SHDR32[field];
const sym = (i: number, field: keyof typeof SYM32): number => SYMTAB + i * 16 + SYM32[field];
const ph64 = (i: number, field: keyof typeof PHDR64): number => ELF64_LAYOUT.phoff + i * 56 + PHDR64[field];
const sh64 = (i: number, field: keyof typeof SHDR64): number => ELF64_LAYOUT.shoff + i * 64 + SHDR64[field];

type Patch = (v: DataView, bytes: Uint8Array) => void;

function elf32(...patches: Patch[]): Uint8Array {
  const bytes = writeElf(sampleImage());
  expect(bytes.length).toBe(LENGTH); // the offsets below depend on it
  for (const p of patches) p(new DataView(bytes.buffer), bytes);
  return bytes;
}

function elf64(...patches: Patch[]): Uint8Array {
  const bytes = buildElf64();
  for (const p of patches) p(new DataView(bytes.buffer), bytes);
  return bytes;
}

const u8 = (at: number, x: number): Patch => (_v, b) => void (b[at] = x);
const u16 = (at: number, x: number): Patch => (v) => v.setUint16(at, x, true);
const u32 = (at: number, x: number): Patch => (v) => v.setUint32(at, x, true);
const u64 = (at: number, x: bigint): Patch => (v) => v.setBigUint64(at, x, true);

function expectElfError(bytes: Uint8Array, message: string, options?: ReadElfOptions): void {
  let caught: unknown;
  try {
    readElf(bytes, 'prog.elf', options);
  } catch (err) {
    caught = err;
  }
  expect(caught).toBeInstanceOf(ElfError);
  expect(caught).toBeInstanceOf(MmulabError);
  expect((caught as ElfError).message).toBe(message);
}

describe('readElf rejects a bad identification or ELF header', () => {
  it('without the ELF magic', () => {
    expectElfError(new TextEncoder().encode('#!/bin/sh\n'), 'prog.elf: not an ELF file (bad magic)');
    expectElfError(Uint8Array.of(0x7f, 0x45), 'prog.elf: not an ELF file (bad magic)');
  });

  it('names the file it was given, and <input> by default', () => {
    expect(() => readElf(new Uint8Array(0), 'dir/a.out')).toThrow('dir/a.out: not an ELF file (bad magic)');
    expect(() => readElf(new Uint8Array(0))).toThrow('<input>: not an ELF file (bad magic)');
  });

  it('shorter than e_ident', () => {
    expectElfError(elf32().slice(0, 8), 'prog.elf: truncated: e_ident ends at 0x10, past the end of the file (0x8 bytes)');
  });

  it('with an unknown class', () => {
    expectElfError(elf32(u8(4, 3)), 'prog.elf: unsupported ELF class 3 (expected 1 for ELF32 or 2 for ELF64)');
  });

  it('big-endian', () => {
    expectElfError(elf32(u8(5, 2)), 'prog.elf: big-endian ELF is not supported');
  });

  it('with an unknown data encoding', () => {
    expectElfError(elf32(u8(5, 0)), 'prog.elf: unsupported data encoding 0 (expected 1, little-endian)');
  });

  it('with a bad e_ident version', () => {
    expectElfError(elf32(u8(6, 2)), 'prog.elf: unsupported ELF version 2 in e_ident (expected 1)');
  });

  it('shorter than the ELF header', () => {
    expectElfError(elf32().slice(0, 40), 'prog.elf: truncated: ELF header ends at 0x34, past the end of the file (0x28 bytes)');
    expectElfError(elf64().slice(0, 60), 'prog.elf: truncated: ELF header ends at 0x40, past the end of the file (0x3c bytes)');
  });

  it('of type ET_DYN', () => {
    expectElfError(
      elf32(u16(16, 3)),
      'prog.elf: unsupported ELF type 3 (ET_DYN): only static executables (ET_EXEC) are supported',
    );
  });

  it('of type ET_REL unless relocatable files are allowed', () => {
    expectElfError(
      fixture('prog-rv32.o'),
      'prog.elf: unsupported ELF type 1 (ET_REL): only static executables (ET_EXEC) are supported',
    );
  });

  it('of another type even when relocatable files are allowed', () => {
    expectElfError(
      elf32(u16(16, 0xfe00)),
      'prog.elf: unsupported ELF type 65024: only executables (ET_EXEC) and relocatable objects (ET_REL) are supported',
      { allowRelocatable: true },
    );
  });

  it('for another machine', () => {
    expectElfError(elf32(u16(18, 62)), 'prog.elf: wrong machine 62 (x86-64), expected 243 (RISC-V)');
    expectElfError(elf32(u16(18, 999)), 'prog.elf: wrong machine 999, expected 243 (RISC-V)');
  });

  it('with a bad e_version', () => {
    expectElfError(elf32(u32(20, 0)), 'prog.elf: unsupported ELF version 0 in e_version (expected 1)');
  });

  it('with the wrong e_ehsize', () => {
    expectElfError(elf32(u16(EHDR32.ehsize, 64)), 'prog.elf: is ELF32 but e_ehsize is 64, expected 52');
  });

  it('with the wrong e_phentsize', () => {
    expectElfError(elf32(u16(EHDR32.phentsize, 56)), 'prog.elf: is ELF32 but e_phentsize is 56, expected 32');
    expectElfError(elf64(u16(EHDR64.phentsize, 32)), 'prog.elf: is ELF64 but e_phentsize is 32, expected 56');
  });

  it('with the wrong e_shentsize', () => {
    expectElfError(elf32(u16(EHDR32.shentsize, 64)), 'prog.elf: is ELF32 but e_shentsize is 64, expected 40');
  });

  it('with e_phnum = PN_XNUM', () => {
    expectElfError(
      elf32(u16(EHDR32.phnum, 0xffff)),
      'prog.elf: extended program header numbering (e_phnum = PN_XNUM) is not supported',
    );
  });

  it('with program headers at offset 0', () => {
    expectElfError(elf32(u32(EHDR32.phoff, 0)), 'prog.elf: e_phnum is 3 but e_phoff is 0');
  });

  it('with extended section numbering', () => {
    const message = 'prog.elf: extended section numbering (counts stored in section 0) is not supported';
    expectElfError(elf32(u16(EHDR32.shnum, 0)), message);
    expectElfError(elf32(u16(EHDR32.shstrndx, SHN_XINDEX)), message);
  });

  it('with section headers at offset 0', () => {
    expectElfError(elf32(u32(EHDR32.shoff, 0)), 'prog.elf: e_shnum is 8 but e_shoff is 0');
  });

  it('with e_shstrndx out of range', () => {
    expectElfError(elf32(u16(EHDR32.shstrndx, 8)), 'prog.elf: string table index e_shstrndx 8 is out of range (8 sections)');
  });

  it('with an ELF64 value above 2^53 - 1', () => {
    expectElfError(
      elf64(u64(EHDR64.entry, 2n ** 64n - 1n)),
      'prog.elf: unsupported address 0xffffffffffffffff in e_entry (values above 2^53 - 1 are not supported)',
    );
  });
});

describe('readElf rejects bad program headers', () => {
  it('running past the end of the file', () => {
    expectElfError(elf32().slice(0, 0x84), 'prog.elf: truncated: program header 2 ends at 0x94, past the end of the file (0x84 bytes)');
  });

  it('whose data runs past the end of the file', () => {
    expectElfError(
      elf32(u32(ph(2, 'filesz'), 0x2000), u32(ph(2, 'memsz'), 0x2000)),
      'prog.elf: truncated: segment 2 data ends at 0x5000, past the end of the file (0x31fc bytes)',
    );
  });

  it('with filesz > memsz', () => {
    expectElfError(elf32(u32(ph(0, 'memsz'), 8)), 'prog.elf: segment 0: filesz 0xc > memsz 0x8');
  });

  it('whose ELF32 address range wraps around', () => {
    expectElfError(
      elf32(u32(ph(2, 'vaddr'), 0xfffff000), u32(ph(2, 'memsz'), 0x2000)),
      'prog.elf: segment 2 address range overflows (0xfffff000 + 0x2000 > 0x100000000)',
    );
  });

  it('whose ELF64 address range goes past 2^53 - 1', () => {
    expectElfError(
      elf64(u64(ph64(0, 'vaddr'), 2n ** 53n - 0x1000n), u64(ph64(0, 'memsz'), 0x2000n)),
      'prog.elf: segment 0 address range overflows (0x1ffffffffff000 + 0x2000 > 0x1fffffffffffff)',
    );
  });

  it('with an ELF64 field above 2^53 - 1', () => {
    expectElfError(
      elf64(u64(ph64(1, 'vaddr'), 2n ** 53n)),
      'prog.elf: unsupported address 0x20000000000000 in program header 1 p_vaddr (values above 2^53 - 1 are not supported)',
    );
  });

  it('with p_align not a power of two', () => {
    expectElfError(elf32(u32(ph(0, 'align'), 0x3000)), 'prog.elf: segment 0: p_align 0x3000 is not a power of two');
  });

  it('with p_vaddr and p_offset not congruent modulo p_align', () => {
    expectElfError(
      elf32(u32(ph(0, 'vaddr'), 0x10800)),
      'prog.elf: segment 0: p_vaddr 0x10800 and p_offset 0x1000 differ modulo p_align 0x1000',
    );
  });

  it('whose loadable segments overlap in memory', () => {
    expectElfError(
      elf32(u32(ph(1, 'vaddr'), 0x10000)),
      'prog.elf: segments 0 and 1 overlap in memory (0x10000-0x1000b and 0x10000-0x10003)',
    );
    expectElfError(
      elf32(u32(ph(2, 'vaddr'), 0x11000)),
      'prog.elf: segments 1 and 2 overlap in memory (0x11000-0x11003 and 0x11000-0x11023)',
    );
  });

  it('naming the lower-numbered segment first whatever the addresses', () => {
    expectElfError(
      elf32(u32(ph(0, 'vaddr'), 0x12000), u32(ph(0, 'align'), 1), u32(ph(2, 'vaddr'), 0x11ff0), u32(ph(2, 'align'), 1)),
      'prog.elf: segments 0 and 2 overlap in memory (0x12000-0x1200b and 0x11ff0-0x12013)',
    );
  });
});

describe('readElf rejects bad section headers', () => {
  it('running past the end of the file', () => {
    expectElfError(elf32().slice(0, LENGTH - 10), 'prog.elf: truncated: section header 7 ends at 0x31fc, past the end of the file (0x31f2 bytes)');
  });

  it('with an ELF64 field above 2^53 - 1', () => {
    expectElfError(
      elf64(u64(sh64(1, 'size'), 2n ** 60n)),
      'prog.elf: unsupported address 0x1000000000000000 in section header 1 sh_size (values above 2^53 - 1 are not supported)',
    );
  });

  it('whose e_shstrndx section is not a string table', () => {
    expectElfError(elf32(u16(EHDR32.shstrndx, 1)), 'prog.elf: section 1 (e_shstrndx) has type 1, expected 3 (SHT_STRTAB)');
  });

  it('whose name string table runs past the end of the file', () => {
    expectElfError(
      elf32(u32(sh(7, 'size'), 0x1000)),
      'prog.elf: truncated: section 7 (e_shstrndx) data ends at 0x4086, past the end of the file (0x31fc bytes)',
    );
  });

  it('with a name offset past the end of the string table', () => {
    expectElfError(elf32(u32(sh(1, 'name'), 0x34)), 'prog.elf: section 1 name offset 0x34 is past the end of its string table (0x34 bytes)');
  });

  it('with a name that is not NUL-terminated', () => {
    // ".shstrtab" is the last name, at 0x2a; dropping the table's last byte cuts its NUL.
    expectElfError(elf32(u32(sh(7, 'size'), 0x33)), 'prog.elf: section 7 name at offset 0x2a is not NUL-terminated in its string table');
  });

  it('whose data runs past the end of the file', () => {
    expectElfError(
      elf32(u32(sh(1, 'offset'), 0x31f8)),
      'prog.elf: truncated: section 1 (.text) data ends at 0x3204, past the end of the file (0x31fc bytes)',
    );
  });

  it('with sh_addralign not a power of two', () => {
    expectElfError(elf32(u32(sh(1, 'addralign'), 3)), 'prog.elf: section 1 (.text): sh_addralign 0x3 is not a power of two');
  });

  it('escaping control characters in the names it quotes', () => {
    // ".text" is at 0x3087 in .shstrtab; turn its "x" into a newline.
    expectElfError(
      elf32(u8(0x3087 + 3, 0x0a), u32(sh(1, 'addralign'), 3)),
      'prog.elf: section 1 (.te\\x0at): sh_addralign 0x3 is not a power of two',
    );
  });

  it('with sh_addr not a multiple of sh_addralign', () => {
    expectElfError(elf32(u32(sh(1, 'addr'), 0x10002)), 'prog.elf: section 1 (.text): sh_addr 0x10002 is not a multiple of sh_addralign 0x4');
  });
});

describe('readElf rejects a bad symbol table', () => {
  it('when there are two of them', () => {
    expectElfError(
      elf32(u32(sh(6, 'type'), SHT_SYMTAB)),
      'prog.elf: more than one symbol table (section 5 (.symtab) and section 6 (.strtab))',
    );
  });

  it('with the wrong sh_entsize', () => {
    expectElfError(elf32(u32(sh(5, 'entsize'), 24)), 'prog.elf: section 5 (.symtab) sh_entsize 24 is wrong, expected 16');
  });

  it('whose size is not a whole number of entries', () => {
    expectElfError(elf32(u32(sh(5, 'size'), 0x5f)), 'prog.elf: section 5 (.symtab) size 0x5f is not a multiple of its entry size 16');
  });

  it('whose sh_info is past the last symbol', () => {
    expectElfError(elf32(u32(sh(5, 'info'), 7)), 'prog.elf: section 5 (.symtab) sh_info 7 is past the last symbol (6 symbols)');
  });

  it('whose string table index is out of range', () => {
    expectElfError(
      elf32(u32(sh(5, 'link'), 8)),
      'prog.elf: section 5 (.symtab) string table index sh_link 8 is out of range (8 sections)',
    );
  });

  it('whose string table is not a string table', () => {
    expectElfError(elf32(u32(sh(5, 'link'), 1)), `prog.elf: section 5 (.symtab) sh_link 1 has type ${SHT_PROGBITS}, expected 3 (SHT_STRTAB)`);
  });

  it('with a symbol name offset past the end of its string table', () => {
    expectElfError(elf32(u32(sym(1, 'name'), 0x22)), 'prog.elf: symbol 1 name offset 0x22 is past the end of its string table (0x22 bytes)');
  });

  it('with a section index out of range', () => {
    expectElfError(elf32(u16(sym(3, 'shndx'), 8)), 'prog.elf: symbol 3 (_start) section index 8 is out of range (8 sections)');
  });

  it('with an extended section index', () => {
    expectElfError(
      elf32(u16(sym(3, 'shndx'), SHN_XINDEX)),
      'prog.elf: symbol 3 (_start) uses an extended section index (SHN_XINDEX), which is not supported',
    );
  });

  it('whose names would take far more decoding than the string table holds', () => {
    // Symbol 1 is a 2000-byte name at .strtab offset 1; symbols 2-301 are
    // pointed one byte further into it each, so their names overlap.
    const image = sampleImage();
    image.symbols = [{ name: 'L'.repeat(2000), value: 0, size: 0, type: 0, bind: 0, section: null }];
    for (let i = 0; i < 300; i++) image.symbols.push({ name: `s${i}`, value: i, size: 0, type: 0, bind: 0, section: null });
    const bytes = writeElf(image);
    const v = new DataView(bytes.buffer);
    for (let k = 2; k <= 301; k++) v.setUint32(SYMTAB + k * 16 + SYM32.name, 1 + k, true);
    expectElfError(bytes, 'prog.elf: section 6 (.strtab): the names read from it add up to more than 16 times its size');
  });

  it('with an ELF64 value above 2^53 - 1', () => {
    const at = ELF64_LAYOUT.symtab + 2 * 24 + SYM64.value;
    expectElfError(
      elf64(u64(at, 2n ** 63n)),
      'prog.elf: unsupported address 0x8000000000000000 in symbol 2 st_value (values above 2^53 - 1 are not supported)',
    );
  });
});
