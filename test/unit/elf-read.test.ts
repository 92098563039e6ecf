// readElf on well-formed files: GNU-built fixtures (expected values from
// riscv64-unknown-elf-readelf -hlSsW), writeElf's output, and a hand-rolled
// ELF64 executable. The error paths are in elf-read-errors.test.ts.
import { describe, expect, it } from 'vitest';
import {
  EF_RISCV_RVC,
  EM_RISCV,
  ET_EXEC,
  ET_REL,
  PF_R,
  PF_W,
  PF_X,
  PT_LOAD,
  PT_NULL,
  PT_RISCV_ATTRIBUTES,
  SHN_ABS,
  SHT_NOBITS,
  SHT_NULL,
  SHT_PROGBITS,
  SHT_RELA,
  SHT_RISCV_ATTRIBUTES,
  SHT_STRTAB,
  SHT_SYMTAB,
  STB_GLOBAL,
  STB_LOCAL,
  STT_FILE,
  STT_FUNC,
  STT_NOTYPE,
  STT_OBJECT,
  STT_SECTION,
  readElf,
  symbolValue,
  writeElf,
  type ElfFile,
  type ElfSection,
  type ElfSegment,
} from '../../src/elf/index.js';
import { EHDR32, PHDR32, TEXT, buildElf64, fixture, sampleImage } from '../fixtures/elf/samples.js';

const A = 0x2; // SHF_ALLOC
const W = 0x1; // SHF_WRITE
const X = 0x4; // SHF_EXECINSTR
const I = 0x40; // SHF_INFO_LINK

/** [type, flags, offset, vaddr, paddr, filesz, memsz, align] */
function segmentRows(elf: ElfFile): number[][] {
  return elf.segments.map((s: ElfSegment) => [s.type, s.flags, s.offset, s.vaddr, s.paddr, s.filesz, s.memsz, s.align]);
}

/** [name, type, flags, addr, offset, size, align] */
function sectionRows(elf: ElfFile): (string | number)[][] {
  return elf.sections.map((s: ElfSection) => [s.name, s.type, s.flags, s.addr, s.offset, s.size, s.align]);
}

/** [value, size, type, bind, sectionIndex, name], as readelf -s prints them. */
function symbolRows(elf: ElfFile): (string | number)[][] {
  return elf.symbols.map((s) => [s.value, s.size, s.type, s.bind, s.sectionIndex, s.name]);
}

function section(elf: ElfFile, name: string): ElfSection {
  const found = elf.sections.find((s) => s.name === name);
  if (found === undefined) throw new Error(`no section ${name}`);
  return found;
}

// riscv64-unknown-elf-readelf -x .text prog-rv32.elf
const GNU_TEXT = Uint8Array.of(
  0x97, 0x12, 0x00, 0x00, 0x93, 0x82, 0x12, 0x02, 0x03, 0xa5, 0x02, 0x00, 0x13, 0x83, 0x41, 0x80,
  0x23, 0x20, 0xa3, 0x00, 0x93, 0x08, 0xd0, 0x05, 0x73, 0x00, 0x00, 0x00, 0x01, 0xa0,
);

// Both GNU executables place everything at the same addresses.
const GNU_SEGMENTS = [
  [PT_RISCV_ATTRIBUTES, PF_R, 0x1025, 0, 0, 0x47, 0, 1],
  [PT_LOAD, PF_R | PF_X, 0, 0xf000, 0xf000, 0x1021, 0x1021, 0x1000],
  [PT_LOAD, PF_R | PF_W, 0x1021, 0x11021, 0x11021, 4, 0x17, 0x1000],
];

function gnuSymbols(bits: 32 | 64): (string | number)[][] {
  return [
    [0, 0, STT_NOTYPE, STB_LOCAL, 0, ''],
    [0x10000, 0, STT_SECTION, STB_LOCAL, 1, ''],
    [0x1001e, 0, STT_SECTION, STB_LOCAL, 2, ''],
    [0x11021, 0, STT_SECTION, STB_LOCAL, 3, ''],
    [0x11025, 0, STT_SECTION, STB_LOCAL, 4, ''],
    [0, 0, STT_SECTION, STB_LOCAL, 5, ''],
    [0, 0, STT_FILE, STB_LOCAL, SHN_ABS, `prog-rv${bits}.o`],
    [0x10000, 0, STT_NOTYPE, STB_LOCAL, 1, `$xrv${bits}i2p1_m2p0_a2p1_c2p0_zicsr2p0_zifencei2p0_zmmul1p0`],
    [0x1001c, 0, STT_NOTYPE, STB_LOCAL, 1, 'local_label'],
    [0x1001e, 0, STT_NOTYPE, STB_LOCAL, 2, 'msg'],
    [0x11821, 0, STT_NOTYPE, STB_GLOBAL, SHN_ABS, '__global_pointer$'],
    [0x11025, 0, STT_NOTYPE, STB_GLOBAL, 3, '__SDATA_BEGIN__'],
    [0x1234, 0, STT_NOTYPE, STB_GLOBAL, SHN_ABS, 'ABSVAL'],
    [0x10000, 0, STT_NOTYPE, STB_GLOBAL, 1, '_start'],
    [0x11038, 0, STT_NOTYPE, STB_GLOBAL, 4, '__BSS_END__'],
    [0x11025, 0, STT_NOTYPE, STB_GLOBAL, 4, 'counter'],
    [0x11025, 0, STT_NOTYPE, STB_GLOBAL, 4, '__bss_start'],
    [0x11021, 0, STT_NOTYPE, STB_GLOBAL, 3, '__DATA_BEGIN__'],
    [0x11025, 0, STT_NOTYPE, STB_GLOBAL, 3, '_edata'],
    [0x11038, 0, STT_NOTYPE, STB_GLOBAL, 4, '_end'],
    [0x11021, 0, STT_NOTYPE, STB_GLOBAL, 3, 'value'],
  ];
}

describe('readElf on GNU ld output', () => {
  it('reads the ELF32 header, segments, sections and symbols readelf reports', () => {
    const elf = readElf(fixture('prog-rv32.elf'), 'prog-rv32.elf');
    expect([elf.bits, elf.type, elf.machine, elf.flags, elf.entry]).toEqual([32, ET_EXEC, EM_RISCV, EF_RISCV_RVC, 0x10000]);
    expect(segmentRows(elf)).toEqual(GNU_SEGMENTS);
    expect(sectionRows(elf)).toEqual([
      ['', SHT_NULL, 0, 0, 0, 0, 0],
      ['.text', SHT_PROGBITS, A | X, 0x10000, 0x1000, 0x1e, 2],
      ['.rodata', SHT_PROGBITS, A, 0x1001e, 0x101e, 3, 1],
      ['.data', SHT_PROGBITS, W | A, 0x11021, 0x1021, 4, 1],
      ['.bss', SHT_NOBITS, W | A, 0x11025, 0x1025, 0x13, 1],
      ['.riscv.attributes', SHT_RISCV_ATTRIBUTES, 0, 0, 0x1025, 0x47, 1],
      ['.symtab', SHT_SYMTAB, 0, 0, 0x106c, 0x150, 4],
      ['.strtab', SHT_STRTAB, 0, 0, 0x11bc, 0xbf, 1],
      ['.shstrtab', SHT_STRTAB, 0, 0, 0x127b, 0x46, 1],
    ]);
    expect(symbolRows(elf)).toEqual(gnuSymbols(32));
  });

  it('gives section and segment contents as the file bytes', () => {
    const elf = readElf(fixture('prog-rv32.elf'));
    expect(section(elf, '.text').data).toEqual(GNU_TEXT);
    expect(section(elf, '.rodata').data).toEqual(Uint8Array.of(0x68, 0x69, 0)); // "hi"
    expect(section(elf, '.bss').data).toEqual(new Uint8Array(0));
    expect(elf.segments[1]!.data.length).toBe(0x1021);
    expect(elf.segments[1]!.data.subarray(0x1000, 0x101e)).toEqual(GNU_TEXT);
    expect(elf.segments[2]!.data).toEqual(Uint8Array.of(42, 0, 0, 0));
  });

  it('reads the ELF64 build of the same program', () => {
    const elf = readElf(fixture('prog-rv64.elf'));
    expect([elf.bits, elf.type, elf.machine, elf.flags, elf.entry]).toEqual([64, ET_EXEC, EM_RISCV, EF_RISCV_RVC, 0x10000]);
    expect(segmentRows(elf)).toEqual(GNU_SEGMENTS);
    expect(sectionRows(elf).slice(5)).toEqual([
      ['.riscv.attributes', SHT_RISCV_ATTRIBUTES, 0, 0, 0x1025, 0x47, 1],
      ['.symtab', SHT_SYMTAB, 0, 0, 0x1070, 0x1f8, 8],
      ['.strtab', SHT_STRTAB, 0, 0, 0x1268, 0xbf, 1],
      ['.shstrtab', SHT_STRTAB, 0, 0, 0x1327, 0x46, 1],
    ]);
    expect(symbolRows(elf)).toEqual(gnuSymbols(64));
    expect(section(elf, '.text').data).toEqual(GNU_TEXT);
  });

  it('reads a relocatable object only when asked to', () => {
    const elf = readElf(fixture('prog-rv32.o'), 'prog-rv32.o', { allowRelocatable: true });
    expect([elf.bits, elf.type, elf.entry, elf.segments.length]).toEqual([32, ET_REL, 0, 0]);
    expect(sectionRows(elf)).toEqual([
      ['', SHT_NULL, 0, 0, 0, 0, 0],
      ['.text', SHT_PROGBITS, A | X, 0, 0x34, 0x22, 2],
      ['.rela.text', SHT_RELA, I, 0, 0x200, 0x6c, 4],
      ['.data', SHT_PROGBITS, W | A, 0, 0x56, 4, 1],
      ['.bss', SHT_NOBITS, W | A, 0, 0x5a, 0x10, 1],
      ['.rodata', SHT_PROGBITS, A, 0, 0x5a, 3, 1],
      ['.riscv.attributes', SHT_RISCV_ATTRIBUTES, 0, 0, 0x5d, 0x47, 1],
      ['.symtab', SHT_SYMTAB, 0, 0, 0xa4, 0xf0, 4],
      ['.strtab', SHT_STRTAB, 0, 0, 0x194, 0x6a, 1],
      ['.shstrtab', SHT_STRTAB, 0, 0, 0x26c, 0x4b, 1],
    ]);
    expect(symbolRows(elf).slice(7)).toEqual([
      [0, 0, STT_NOTYPE, STB_LOCAL, 5, 'msg'],
      [0, 0, STT_NOTYPE, STB_LOCAL, 1, '.L0 '],
      [0xc, 0, STT_NOTYPE, STB_LOCAL, 1, '.L0 '],
      [0, 0, STT_SECTION, STB_LOCAL, 6, ''],
      [0, 0, STT_NOTYPE, STB_GLOBAL, 1, '_start'],
      [0, 0, STT_NOTYPE, STB_GLOBAL, 3, 'value'],
      [0, 0, STT_NOTYPE, STB_GLOBAL, 4, 'counter'],
      [0x1234, 0, STT_NOTYPE, STB_GLOBAL, SHN_ABS, 'ABSVAL'],
    ]);
  });
});

describe('symbolValue', () => {
  const elf = readElf(fixture('prog-rv32.elf'));

  it('finds global, absolute and local symbols', () => {
    expect(symbolValue(elf, '_start')).toBe(0x10000);
    expect(symbolValue(elf, 'value')).toBe(0x11021);
    expect(symbolValue(elf, 'ABSVAL')).toBe(0x1234);
    expect(symbolValue(elf, 'local_label')).toBe(0x1001c);
  });

  it('returns undefined for a missing name and for the empty name', () => {
    expect(symbolValue(elf, 'missing')).toBeUndefined();
    expect(symbolValue(elf, '')).toBeUndefined(); // the STT_SECTION symbols are unnamed but defined
  });

  it('prefers a global definition to a local one of the same name', () => {
    const image = sampleImage();
    image.symbols.push({ name: 'dup', value: 1, size: 0, type: STT_NOTYPE, bind: STB_LOCAL, section: null });
    image.symbols.push({ name: 'dup', value: 2, size: 0, type: STT_NOTYPE, bind: STB_GLOBAL, section: null });
    expect(symbolValue(readElf(writeElf(image)), 'dup')).toBe(2);
  });

  it('ignores undefined (SHN_UNDEF) symbols', () => {
    expect(symbolValue(readElf(buildElf64()), 'ext')).toBeUndefined();
  });
});

describe('readElf on writeElf output', () => {
  const bytes = writeElf(sampleImage());
  const elf = readElf(bytes);

  it('reads back every header field', () => {
    expect([elf.bits, elf.type, elf.machine, elf.flags, elf.entry]).toEqual([32, ET_EXEC, EM_RISCV, EF_RISCV_RVC, 0x10000]);
    expect(segmentRows(elf)).toEqual([
      [PT_LOAD, PF_R | PF_X, 0x1000, 0x10000, 0x10000, 12, 12, 0x1000],
      [PT_LOAD, PF_R, 0x2000, 0x11000, 0x11000, 4, 4, 0x1000],
      [PT_LOAD, PF_R | PF_W, 0x3000, 0x12000, 0x12000, 4, 0x24, 0x1000],
    ]);
    expect(sectionRows(elf)).toEqual([
      ['', SHT_NULL, 0, 0, 0, 0, 0],
      ['.text', SHT_PROGBITS, A | X, 0x10000, 0x1000, 12, 4],
      ['.rodata', SHT_PROGBITS, A, 0x11000, 0x2000, 4, 4],
      ['.data', SHT_PROGBITS, W | A, 0x12000, 0x3000, 4, 4],
      ['.bss', SHT_NOBITS, W | A, 0x12004, 0x3004, 0x20, 4],
      ['.symtab', SHT_SYMTAB, 0, 0, 0x3004, 0x60, 4],
      ['.strtab', SHT_STRTAB, 0, 0, 0x3064, 0x22, 1],
      ['.shstrtab', SHT_STRTAB, 0, 0, 0x3086, 0x34, 1],
    ]);
    expect(symbolRows(elf)).toEqual([
      [0, 0, STT_NOTYPE, STB_LOCAL, 0, ''],
      [0x10004, 0, STT_NOTYPE, STB_LOCAL, 1, 'loop'],
      [0x1234, 0, STT_NOTYPE, STB_LOCAL, SHN_ABS, 'ABSVAL'],
      [0x10000, 12, STT_FUNC, STB_GLOBAL, 1, '_start'],
      [0x12000, 4, STT_OBJECT, STB_GLOBAL, 3, 'value'],
      [0x12004, 0x20, STT_OBJECT, STB_GLOBAL, 4, 'counter'],
    ]);
  });

  it('returns views of the input bytes, not copies', () => {
    expect(elf.segments[0]!.data).toEqual(TEXT);
    expect(elf.segments[0]!.data.buffer).toBe(bytes.buffer);
    expect(section(elf, '.strtab').data).toEqual(new TextEncoder().encode('\0loop\0ABSVAL\0_start\0value\0counter\0'));
  });

  it('reads a file that starts part-way into a larger buffer', () => {
    const padded = new Uint8Array(bytes.length + 7);
    padded.set(bytes, 3);
    const again = readElf(padded.subarray(3, 3 + bytes.length));
    expect(segmentRows(again)).toEqual(segmentRows(elf));
    expect(symbolRows(again)).toEqual(symbolRows(elf));
    expect(again.segments[0]!.data).toEqual(TEXT);
  });

  it('reads a file without section headers as having no sections or symbols', () => {
    const copy = bytes.slice();
    const v = new DataView(copy.buffer);
    v.setUint32(EHDR32.shoff, 0, true);
    v.setUint16(EHDR32.shnum, 0, true);
    v.setUint16(EHDR32.shstrndx, 0, true);
    const stripped = readElf(copy);
    expect([stripped.sections.length, stripped.symbols.length, stripped.segments.length]).toEqual([0, 0, 3]);
  });

  it('names every section "" when e_shstrndx is SHN_UNDEF', () => {
    const copy = bytes.slice();
    new DataView(copy.buffer).setUint16(EHDR32.shstrndx, 0, true);
    expect(readElf(copy).sections.map((s) => s.name)).toEqual(['', '', '', '', '', '', '', '']);
  });

  it('decodes a name shared by many symbols once', () => {
    // 5000 symbols all pointing at one 2000-byte name: 10 MB if each were
    // decoded separately, far over the string table's decoding budget.
    const image = sampleImage();
    image.symbols = Array.from({ length: 5000 }, (_, i) => ({
      name: i === 0 ? 'L'.repeat(2000) : `s${i}`,
      value: i,
      size: 0,
      type: STT_NOTYPE,
      bind: STB_LOCAL,
      section: null,
    }));
    const many = writeElf(image);
    const v = new DataView(many.buffer);
    const symtab = readElf(many).sections[5]!.offset;
    for (let k = 1; k <= 5000; k++) v.setUint32(symtab + k * 16, 1, true);
    const names = readElf(many).symbols.map((s) => s.name);
    expect(names.length).toBe(5001);
    expect(names.slice(1).every((n) => n === 'L'.repeat(2000))).toBe(true);
  });

  it('ignores the other fields of PT_NULL program headers', () => {
    const copy = bytes.slice();
    const v = new DataView(copy.buffer);
    const ph1 = 52 + 32;
    v.setUint32(ph1 + PHDR32.type, PT_NULL, true);
    v.setUint32(ph1 + PHDR32.offset, 0xffffff00, true);
    v.setUint32(ph1 + PHDR32.filesz, 0xffff, true);
    const seg = readElf(copy).segments[1]!;
    expect([seg.type, seg.offset, seg.filesz, seg.data.length]).toEqual([PT_NULL, 0xffffff00, 0xffff, 0]);
  });
});

describe('readElf on a hand-built ELF64 executable', () => {
  const elf = readElf(buildElf64());

  it('reads the 64-bit header and program headers', () => {
    expect([elf.bits, elf.type, elf.machine, elf.flags, elf.entry]).toEqual([64, ET_EXEC, EM_RISCV, EF_RISCV_RVC, 0x10000]);
    expect(segmentRows(elf)).toEqual([
      [PT_LOAD, PF_R | PF_X, 0x1000, 0x10000, 0x10000, 12, 12, 0x1000],
      [PT_LOAD, PF_R | PF_W, 0x2000, 0x11000, 0x11000, 4, 0x24, 0x1000],
    ]);
    expect(elf.segments[0]!.data).toEqual(TEXT);
  });

  it('reads the 64-bit section headers and symbols', () => {
    expect(sectionRows(elf)).toEqual([
      ['', SHT_NULL, 0, 0, 0, 0, 0],
      ['.text', SHT_PROGBITS, A | X, 0x10000, 0x1000, 12, 4],
      ['.data', SHT_PROGBITS, W | A, 0x11000, 0x2000, 4, 4],
      ['.bss', SHT_NOBITS, W | A, 0x11004, 0x2004, 0x20, 4],
      ['.symtab', SHT_SYMTAB, 0, 0, 0x2008, 120, 8],
      ['.strtab', SHT_STRTAB, 0, 0, 0x2080, 25, 1],
      ['.shstrtab', SHT_STRTAB, 0, 0, 0x2099, 44, 1],
    ]);
    expect(symbolRows(elf)).toEqual([
      [0, 0, STT_NOTYPE, STB_LOCAL, 0, ''],
      [0x10004, 0, STT_NOTYPE, STB_LOCAL, 1, 'loop'],
      [0x10000, 12, STT_FUNC, STB_GLOBAL, 1, '_start'],
      [0x11004, 0x20, STT_OBJECT, STB_GLOBAL, 3, 'counter'],
      [0, 0, STT_NOTYPE, STB_GLOBAL, 0, 'ext'],
    ]);
  });

  it('accepts 64-bit values up to 2^53 - 1', () => {
    const bytes = buildElf64();
    new DataView(bytes.buffer).setBigUint64(24, 2n ** 53n - 1n, true); // e_entry
    expect(readElf(bytes).entry).toBe(Number.MAX_SAFE_INTEGER);
  });
});
