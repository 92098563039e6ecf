// readElf: parse a little-endian RISC-V ELF32 or ELF64 file, checking every
// offset and size against the file before it is used, so that any byte
// sequence either parses or fails with one ElfError that says what is wrong.
import { ElfError, hex } from './errors.js';
import { FieldReader } from './field-reader.js';
import { isPowerOfTwo } from './align.js';
import { readSections, readSymbols } from './read-sections.js';
import {
  EI_CLASS,
  EI_DATA,
  EI_NIDENT,
  EI_VERSION,
  ELF32_EHDR_SIZE,
  ELF32_PHDR_SIZE,
  ELF32_SHDR_SIZE,
  ELF64_EHDR_SIZE,
  ELF64_PHDR_SIZE,
  ELF64_SHDR_SIZE,
  ELFCLASS32,
  ELFCLASS64,
  ELFDATA2LSB,
  ELFDATA2MSB,
  ELFMAG,
  EM_RISCV,
  ET_EXEC,
  ET_REL,
  EV_CURRENT,
  PN_XNUM,
  PT_LOAD,
  PT_NULL,
  SHN_XINDEX,
  STB_LOCAL,
  SHN_UNDEF,
  type ElfFile,
  type ElfSegment,
} from './types.js';

export interface ReadElfOptions {
  /** Also accept ET_REL objects (tools read their sections and symbols). */
  allowRelocatable?: boolean;
}

/** The ELF header fields the rest of the reader needs. */
export interface ElfHeader {
  type: number;
  machine: number;
  entry: number;
  phoff: number;
  shoff: number;
  flags: number;
  phnum: number;
  shnum: number;
  shstrndx: number;
}

const TYPE_NAMES: Record<number, string> = { 0: 'ET_NONE', 1: 'ET_REL', 2: 'ET_EXEC', 3: 'ET_DYN', 4: 'ET_CORE' };

// Enough machines to make the common mistakes (feeding a host binary) readable.
const MACHINE_NAMES: Record<number, string> = {
  3: 'i386',
  8: 'MIPS',
  20: 'PowerPC',
  21: 'PowerPC64',
  40: 'ARM',
  62: 'x86-64',
  183: 'AArch64',
  243: 'RISC-V',
  258: 'LoongArch',
};

export function readElf(bytes: Uint8Array, file = '<input>', options: ReadElfOptions = {}): ElfFile {
  const bits = readIdent(bytes, file);
  const r = new FieldReader(bytes, file, bits);
  const header = readHeader(r, options);
  const segments = readSegments(r, header);
  const sections = readSections(r, header);
  const symbols = readSymbols(r, sections);
  return {
    bits,
    type: header.type,
    machine: header.machine,
    flags: header.flags,
    entry: header.entry,
    segments,
    sections: sections.map((s) => s.section),
    symbols,
  };
}

/**
 * The value of the defined symbol called `name`: a global or weak definition
 * wins over a local one, since locals of the same name may repeat. Unnamed
 * symbols (the null symbol, STT_SECTION ones) cannot be looked up.
 */
export function symbolValue(elf: ElfFile, name: string): number | undefined {
  if (name === '') return undefined;
  const defined = elf.symbols.filter((s) => s.name === name && s.sectionIndex !== SHN_UNDEF);
  const global = defined.find((s) => s.bind !== STB_LOCAL);
  return (global ?? defined[0])?.value;
}

/** Checks e_ident and returns the class: everything after it depends on it. */
function readIdent(bytes: Uint8Array, file: string): 32 | 64 {
  const fail = (detail: string): never => {
    throw new ElfError(file, detail);
  };
  if (bytes.length < ELFMAG.length || ELFMAG.some((b, i) => bytes[i] !== b)) fail('not an ELF file (bad magic)');
  if (bytes.length < EI_NIDENT) {
    fail(`truncated: e_ident ends at ${hex(EI_NIDENT)}, past the end of the file (${hex(bytes.length)} bytes)`);
  }
  const elfClass = bytes[EI_CLASS]!;
  if (elfClass !== ELFCLASS32 && elfClass !== ELFCLASS64) {
    fail(`unsupported ELF class ${elfClass} (expected ${ELFCLASS32} for ELF32 or ${ELFCLASS64} for ELF64)`);
  }
  const data = bytes[EI_DATA]!;
  if (data === ELFDATA2MSB) fail('big-endian ELF is not supported');
  if (data !== ELFDATA2LSB) fail(`unsupported data encoding ${data} (expected ${ELFDATA2LSB}, little-endian)`);
  const version = bytes[EI_VERSION]!;
  if (version !== EV_CURRENT) fail(`unsupported ELF version ${version} in e_ident (expected ${EV_CURRENT})`);
  return elfClass === ELFCLASS32 ? 32 : 64;
}

function readHeader(r: FieldReader, options: ReadElfOptions): ElfHeader {
  const is32 = r.bits === 32;
  const ehdrSize = is32 ? ELF32_EHDR_SIZE : ELF64_EHDR_SIZE;
  r.requireInFile(ehdrSize, 'ELF header');

  const type = r.u16(16);
  checkType(r, type, options);
  const machine = r.u16(18);
  if (machine !== EM_RISCV) {
    r.fail(`wrong machine ${describe(machine, MACHINE_NAMES)}, expected ${describe(EM_RISCV, MACHINE_NAMES)}`);
  }
  const version = r.u32(20);
  if (version !== EV_CURRENT) r.fail(`unsupported ELF version ${version} in e_version (expected ${EV_CURRENT})`);

  // The fields after e_entry move by the width of the three class-sized ones.
  const w = is32 ? 4 : 8;
  const entry = r.word(24, 'e_entry');
  const phoff = r.word(24 + w, 'e_phoff');
  const shoff = r.word(24 + 2 * w, 'e_shoff');
  const rest = 24 + 3 * w;
  const header: ElfHeader = {
    type,
    machine,
    entry,
    phoff,
    shoff,
    flags: r.u32(rest),
    phnum: r.u16(rest + 8),
    shnum: r.u16(rest + 12),
    shstrndx: r.u16(rest + 14),
  };
  checkEntrySize(r, 'e_ehsize', r.u16(rest + 4), ehdrSize);
  checkProgramHeaderTable(r, header, r.u16(rest + 6));
  checkSectionHeaderTable(r, header, r.u16(rest + 10));
  return header;
}

function checkType(r: FieldReader, type: number, options: ReadElfOptions): void {
  if (type === ET_EXEC || (type === ET_REL && options.allowRelocatable)) return;
  const wanted = options.allowRelocatable
    ? 'only executables (ET_EXEC) and relocatable objects (ET_REL) are supported'
    : 'only static executables (ET_EXEC) are supported';
  r.fail(`unsupported ELF type ${describe(type, TYPE_NAMES)}: ${wanted}`);
}

function describe(value: number, names: Record<number, string>): string {
  const name = names[value];
  return name === undefined ? `${value}` : `${value} (${name})`;
}

function checkEntrySize(r: FieldReader, field: string, actual: number, expected: number): void {
  if (actual !== expected) r.fail(`is ELF${r.bits} but ${field} is ${actual}, expected ${expected}`);
}

function checkProgramHeaderTable(r: FieldReader, h: ElfHeader, phentsize: number): void {
  if (h.phnum === PN_XNUM) r.fail('extended program header numbering (e_phnum = PN_XNUM) is not supported');
  if (h.phnum === 0) return;
  if (h.phoff === 0) r.fail(`e_phnum is ${h.phnum} but e_phoff is 0`);
  checkEntrySize(r, 'e_phentsize', phentsize, r.bits === 32 ? ELF32_PHDR_SIZE : ELF64_PHDR_SIZE);
}

function checkSectionHeaderTable(r: FieldReader, h: ElfHeader, shentsize: number): void {
  // With more than SHN_LORESERVE sections the real counts move into section 0.
  if ((h.shnum === 0 && h.shoff !== 0) || h.shstrndx === SHN_XINDEX) {
    r.fail('extended section numbering (counts stored in section 0) is not supported');
  }
  if (h.shnum !== 0) {
    if (h.shoff === 0) r.fail(`e_shnum is ${h.shnum} but e_shoff is 0`);
    checkEntrySize(r, 'e_shentsize', shentsize, r.bits === 32 ? ELF32_SHDR_SIZE : ELF64_SHDR_SIZE);
  }
  if (h.shstrndx !== SHN_UNDEF && h.shstrndx >= h.shnum) {
    r.fail(`string table index e_shstrndx ${h.shstrndx} is out of range (${h.shnum} sections)`);
  }
}

function readSegments(r: FieldReader, h: ElfHeader): ElfSegment[] {
  const size = r.bits === 32 ? ELF32_PHDR_SIZE : ELF64_PHDR_SIZE;
  // The whole table first, so a short file is reported as such rather than
  // as whatever the first header's data happens to point at.
  const headers: ProgramHeader[] = [];
  for (let i = 0; i < h.phnum; i++) {
    const base = h.phoff + i * size;
    r.requireInFile(base + size, `program header ${i}`);
    headers.push(readProgramHeader(r, base, i));
  }
  const segments = headers.map((ph, i) => {
    const segment = { ...ph, data: segmentData(r, ph, i) };
    checkSegment(r, segment, i);
    return segment;
  });
  checkNoOverlap(r, segments);
  return segments;
}

type ProgramHeader = Omit<ElfSegment, 'data'>;

function readProgramHeader(r: FieldReader, base: number, index: number): ProgramHeader {
  if (r.bits === 32) {
    return {
      type: r.u32(base),
      offset: r.u32(base + 4),
      vaddr: r.u32(base + 8),
      paddr: r.u32(base + 12),
      filesz: r.u32(base + 16),
      memsz: r.u32(base + 20),
      flags: r.u32(base + 24),
      align: r.u32(base + 28),
    };
  }
  const what = (field: string): string => `program header ${index} ${field}`;
  return {
    type: r.u32(base),
    flags: r.u32(base + 4),
    offset: r.word(base + 8, what('p_offset')),
    vaddr: r.word(base + 16, what('p_vaddr')),
    paddr: r.word(base + 24, what('p_paddr')),
    filesz: r.word(base + 32, what('p_filesz')),
    memsz: r.word(base + 40, what('p_memsz')),
    align: r.word(base + 48, what('p_align')),
  };
}

function segmentData(r: FieldReader, ph: ProgramHeader, index: number): Uint8Array {
  // PT_NULL entries are unused slots: their other fields mean nothing.
  if (ph.type === PT_NULL) return new Uint8Array(0);
  const end = ph.offset + ph.filesz;
  r.requireInFile(end, `segment ${index} data`);
  return r.bytes.subarray(ph.offset, end);
}

/** The gABI rules for loadable segments; other types are only carried along. */
function checkSegment(r: FieldReader, s: ElfSegment, index: number): void {
  if (s.type !== PT_LOAD) return;
  if (s.filesz > s.memsz) r.fail(`segment ${index}: filesz ${hex(s.filesz)} > memsz ${hex(s.memsz)}`);
  const limit = r.bits === 32 ? 2 ** 32 : Number.MAX_SAFE_INTEGER;
  if (s.vaddr + s.memsz > limit) {
    r.fail(`segment ${index} address range overflows (${hex(s.vaddr)} + ${hex(s.memsz)} > ${hex(limit)})`);
  }
  // p_align 0 and 1 mean "no alignment"; otherwise the loader maps the file
  // page by page, so the offset and address must agree modulo the alignment.
  if (s.align > 1) {
    if (!isPowerOfTwo(s.align)) r.fail(`segment ${index}: p_align ${hex(s.align)} is not a power of two`);
    if ((s.vaddr - s.offset) % s.align !== 0) {
      r.fail(
        `segment ${index}: p_vaddr ${hex(s.vaddr)} and p_offset ${hex(s.offset)} differ modulo p_align ${hex(s.align)}`,
      );
    }
  }
}

/** Two loadable segments claiming the same byte would make loading order-dependent. */
function checkNoOverlap(r: FieldReader, segments: ElfSegment[]): void {
  const loads: { index: number; start: number; end: number }[] = [];
  segments.forEach((s, index) => {
    if (s.type === PT_LOAD && s.memsz > 0) loads.push({ index, start: s.vaddr, end: s.vaddr + s.memsz });
  });
  loads.sort((a, b) => a.start - b.start || a.index - b.index);
  // Sorted by start, any overlap shows up between neighbours.
  for (let i = 1; i < loads.length; i++) {
    const prev = loads[i - 1]!;
    const next = loads[i]!;
    if (next.start < prev.end) {
      const [a, b] = prev.index < next.index ? [prev, next] : [next, prev];
      r.fail(
        `segments ${a.index} and ${b.index} overlap in memory ` +
          `(${hex(a.start)}-${hex(a.end - 1)} and ${hex(b.start)}-${hex(b.end - 1)})`,
      );
    }
  }
}
