// The section header table, section names and the symbol table: the parts
// of an ELF file that tools (disassemblers, symbol lookup) rather than the
// loader use. Called by readElf after the ELF header has been checked.
import { hex, printable } from './errors.js';
import type { FieldReader } from './field-reader.js';
import { isPowerOfTwo } from './align.js';
import type { ElfHeader } from './read.js';
import { StringTable } from './string-table.js';
import {
  ELF32_SHDR_SIZE,
  ELF32_SYM_SIZE,
  ELF64_SHDR_SIZE,
  ELF64_SYM_SIZE,
  SHN_LORESERVE,
  SHN_UNDEF,
  SHN_XINDEX,
  SHT_NOBITS,
  SHT_NULL,
  SHT_STRTAB,
  SHT_SYMTAB,
  type ElfSection,
  type ElfSectionHeader,
  type ElfSymbol,
} from './types.js';

/** A section plus the header fields only the reader itself needs. */
export interface SectionEntry {
  section: ElfSection;
  /** "section 3 (.text)": how errors name it. */
  label: string;
  link: number;
  info: number;
  entsize: number;
}

export function readSections(r: FieldReader, h: ElfHeader): SectionEntry[] {
  const size = r.bits === 32 ? ELF32_SHDR_SIZE : ELF64_SHDR_SIZE;
  const headers: ElfSectionHeader[] = [];
  for (let i = 0; i < h.shnum; i++) {
    const base = h.shoff + i * size;
    r.requireInFile(base + size, `section header ${i}`);
    headers.push(readSectionHeader(r, base, i));
  }
  const names = readSectionNames(r, headers, h.shstrndx);
  return headers.map((raw, i) => {
    const label = names[i] === '' ? `section ${i}` : `section ${i} (${printable(names[i]!)})`;
    if (raw.align > 1 && !isPowerOfTwo(raw.align)) {
      r.fail(`${label}: sh_addralign ${hex(raw.align)} is not a power of two`);
    }
    if (raw.align > 1 && raw.addr % raw.align !== 0) {
      r.fail(`${label}: sh_addr ${hex(raw.addr)} is not a multiple of sh_addralign ${hex(raw.align)}`);
    }
    const section: ElfSection = {
      name: names[i]!,
      type: raw.type,
      flags: raw.flags,
      addr: raw.addr,
      offset: raw.offset,
      size: raw.size,
      align: raw.align,
      data: sectionData(r, raw, label),
    };
    return { section, label, link: raw.link, info: raw.info, entsize: raw.entsize };
  });
}

function readSectionHeader(r: FieldReader, base: number, index: number): ElfSectionHeader {
  if (r.bits === 32) {
    return {
      name: r.u32(base),
      type: r.u32(base + 4),
      flags: r.u32(base + 8),
      addr: r.u32(base + 12),
      offset: r.u32(base + 16),
      size: r.u32(base + 20),
      link: r.u32(base + 24),
      info: r.u32(base + 28),
      align: r.u32(base + 32),
      entsize: r.u32(base + 36),
    };
  }
  const what = (field: string): string => `section header ${index} ${field}`;
  return {
    name: r.u32(base),
    type: r.u32(base + 4),
    flags: r.word(base + 8, what('sh_flags')),
    addr: r.word(base + 16, what('sh_addr')),
    offset: r.word(base + 24, what('sh_offset')),
    size: r.word(base + 32, what('sh_size')),
    link: r.u32(base + 40),
    info: r.u32(base + 44),
    align: r.word(base + 48, what('sh_addralign')),
    entsize: r.word(base + 56, what('sh_entsize')),
  };
}

/** A section's bytes in the file; SHT_NOBITS and SHT_NULL occupy none. */
function sectionData(r: FieldReader, raw: ElfSectionHeader, label: string): Uint8Array {
  if (raw.type === SHT_NOBITS || raw.type === SHT_NULL) return new Uint8Array(0);
  const end = raw.offset + raw.size;
  r.requireInFile(end, `${label} data`);
  return r.bytes.subarray(raw.offset, end);
}

function readSectionNames(r: FieldReader, headers: ElfSectionHeader[], shstrndx: number): string[] {
  // SHN_UNDEF means the file has no section name string table.
  if (shstrndx === SHN_UNDEF) return headers.map(() => '');
  const strtab = headers[shstrndx]!;
  const label = `section ${shstrndx} (e_shstrndx)`;
  if (strtab.type !== SHT_STRTAB) r.fail(`${label} has type ${strtab.type}, expected ${SHT_STRTAB} (SHT_STRTAB)`);
  const names = new StringTable(r, sectionData(r, strtab, label), label);
  return headers.map((h, i) => names.name(h.name, `section ${i}`));
}

/** The symbol table (SHT_SYMTAB) as written, entry 0 included; [] if there is none. */
export function readSymbols(r: FieldReader, sections: SectionEntry[]): ElfSymbol[] {
  const tables = sections.filter((s) => s.section.type === SHT_SYMTAB);
  if (tables.length === 0) return [];
  // The gABI allows one SHT_SYMTAB per file: a second one would be ambiguous.
  if (tables.length > 1) r.fail(`more than one symbol table (${tables[0]!.label} and ${tables[1]!.label})`);
  const symtab = tables[0]!;
  const entrySize = r.bits === 32 ? ELF32_SYM_SIZE : ELF64_SYM_SIZE;
  const { label, section } = symtab;
  if (symtab.entsize !== entrySize) r.fail(`${label} sh_entsize ${symtab.entsize} is wrong, expected ${entrySize}`);
  if (section.size % entrySize !== 0) {
    r.fail(`${label} size ${hex(section.size)} is not a multiple of its entry size ${entrySize}`);
  }
  const count = section.size / entrySize;
  if (symtab.info > count) r.fail(`${label} sh_info ${symtab.info} is past the last symbol (${count} symbols)`);
  const strings = symbolStringTable(r, sections, symtab);
  const symbols: ElfSymbol[] = [];
  for (let i = 0; i < count; i++) {
    symbols.push(readSymbol(r, section.offset + i * entrySize, i, strings, sections.length));
  }
  return symbols;
}

function symbolStringTable(r: FieldReader, sections: SectionEntry[], symtab: SectionEntry): StringTable {
  const strtab = sections[symtab.link];
  if (strtab === undefined) {
    r.fail(`${symtab.label} string table index sh_link ${symtab.link} is out of range (${sections.length} sections)`);
  }
  if (strtab.section.type !== SHT_STRTAB) {
    const { label, link } = symtab;
    r.fail(`${label} sh_link ${link} has type ${strtab.section.type}, expected ${SHT_STRTAB} (SHT_STRTAB)`);
  }
  return new StringTable(r, strtab.section.data, strtab.label);
}

function readSymbol(r: FieldReader, base: number, index: number, strings: StringTable, shnum: number): ElfSymbol {
  const what = (field: string): string => `symbol ${index} ${field}`;
  const is32 = r.bits === 32;
  const info = r.u8(is32 ? base + 12 : base + 4);
  const sectionIndex = r.u16(is32 ? base + 14 : base + 6);
  const symbol: ElfSymbol = {
    name: strings.name(r.u32(base), `symbol ${index}`),
    value: is32 ? r.u32(base + 4) : r.word(base + 8, what('st_value')),
    size: is32 ? r.u32(base + 8) : r.word(base + 16, what('st_size')),
    type: info & 0xf,
    bind: info >> 4,
    sectionIndex,
  };
  const label = symbol.name === '' ? `symbol ${index}` : `symbol ${index} (${printable(symbol.name)})`;
  if (sectionIndex === SHN_XINDEX) {
    r.fail(`${label} uses an extended section index (SHN_XINDEX), which is not supported`);
  }
  // Indexes from SHN_LORESERVE up are special (SHN_ABS, SHN_COMMON, ...), not sections.
  if (sectionIndex < SHN_LORESERVE && sectionIndex >= shnum) {
    r.fail(`${label} section index ${sectionIndex} is out of range (${shnum} sections)`);
  }
  return symbol;
}
