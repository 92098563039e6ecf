// writeElf: lay out a static little-endian ELF32 RISC-V executable the way a
// Linux loader expects to map it, then encode it. Layout in the file:
//
//   ELF header | program headers | loadable sections, one PT_LOAD per run of
//   sections with the same permissions | other sections | .symtab | .strtab |
//   .shstrtab | section headers
import { alignUp } from './align.js';
import { validateImage } from './write-validate.js';
import {
  EI_CLASS,
  EI_DATA,
  EI_OSABI,
  EI_VERSION,
  ELF32_EHDR_SIZE,
  ELF32_PHDR_SIZE,
  ELF32_SHDR_SIZE,
  ELF32_SYM_SIZE,
  ELFCLASS32,
  ELFDATA2LSB,
  ELFMAG,
  ELFOSABI_NONE,
  EM_RISCV,
  ET_EXEC,
  EV_CURRENT,
  PF_R,
  PF_W,
  PF_X,
  PT_LOAD,
  SHF_ALLOC,
  SHF_EXECINSTR,
  SHF_WRITE,
  SHN_ABS,
  SHT_NOBITS,
  SHT_STRTAB,
  SHT_SYMTAB,
  STB_LOCAL,
  type ElfImage,
  type ElfImageSection,
  type ElfImageSymbol,
  type ElfSectionHeader,
} from './types.js';

// Linux maps executables in 4 KiB pages, so each PT_LOAD's file offset must
// equal its address modulo the page size.
export const PAGE_SIZE = 0x1000;

/** One PT_LOAD being planned: sections in address order sharing permissions. */
interface SegmentPlan {
  flags: number;
  sections: ElfImageSection[];
  vaddr: number;
  /** End of the last byte that has contents in the file. */
  fileEnd: number;
  /** End of the last byte in memory (includes trailing NOBITS). */
  memEnd: number;
  offset: number;
}

/** Encodes `image` as an ELF32 executable; throws ElfError (named `file`) if it cannot. */
export function writeElf(image: ElfImage, file = '<output>'): Uint8Array {
  validateImage(image, file);
  const segments = planSegments(image.sections);
  const sectionOffsets = new Map<ElfImageSection, number>();
  let cursor = ELF32_EHDR_SIZE + segments.length * ELF32_PHDR_SIZE;
  cursor = placeSegments(segments, cursor, sectionOffsets);
  cursor = placeUnmappedSections(image.sections, cursor, sectionOffsets);

  const symtab = encodeSymbols(image);
  const shstrtab = new StringTable();
  const symtabOffset = alignUp(cursor, 4);
  const strtabOffset = symtabOffset + symtab.entries.length;
  const headers: ElfSectionHeader[] = [nullSectionHeader()];
  for (const s of image.sections) {
    headers.push({
      name: shstrtab.add(s.name),
      type: s.type,
      flags: s.flags,
      addr: s.addr,
      offset: sectionOffsets.get(s)!,
      size: s.size,
      link: 0,
      info: 0,
      align: s.align,
      entsize: 0,
    });
  }
  const symtabIndex = headers.length;
  headers.push({
    name: shstrtab.add('.symtab'),
    type: SHT_SYMTAB,
    flags: 0,
    addr: 0,
    offset: symtabOffset,
    size: symtab.entries.length,
    link: symtabIndex + 1, // .strtab comes next
    info: symtab.firstGlobal,
    align: 4,
    entsize: ELF32_SYM_SIZE,
  });
  headers.push(stringTableHeader(shstrtab.add('.strtab'), strtabOffset, symtab.strings.length));
  const shstrtabName = shstrtab.add('.shstrtab');
  const shstrtabBytes = shstrtab.bytes();
  const shstrtabOffset = strtabOffset + symtab.strings.length;
  headers.push(stringTableHeader(shstrtabName, shstrtabOffset, shstrtabBytes.length));
  const shoff = alignUp(shstrtabOffset + shstrtabBytes.length, 4);

  const out = new Uint8Array(shoff + headers.length * ELF32_SHDR_SIZE);
  const view = new DataView(out.buffer);
  writeElfHeader(out, view, image, segments.length, shoff, headers.length);
  segments.forEach((seg, i) => writeProgramHeader(view, ELF32_EHDR_SIZE + i * ELF32_PHDR_SIZE, seg));
  for (const s of image.sections) {
    if (s.type !== SHT_NOBITS) out.set(s.data, sectionOffsets.get(s)!);
  }
  out.set(symtab.entries, symtabOffset);
  out.set(symtab.strings, strtabOffset);
  out.set(shstrtabBytes, shstrtabOffset);
  headers.forEach((h, i) => writeSectionHeader(view, shoff + i * ELF32_SHDR_SIZE, h));
  return out;
}

function segmentFlags(s: ElfImageSection): number {
  return PF_R | (s.flags & SHF_WRITE ? PF_W : 0) | (s.flags & SHF_EXECINSTR ? PF_X : 0);
}

/**
 * Groups the allocatable sections, in address order, into PT_LOADs. A new
 * segment starts when the permissions change, when file contents would have
 * to follow NOBITS bytes (memsz can only extend past filesz at the end), or
 * when a gap of a page or more would only pad the file with zeros.
 */
function planSegments(sections: ElfImageSection[]): SegmentPlan[] {
  const loadable = sections
    .filter((s) => s.flags & SHF_ALLOC && s.size > 0)
    .sort((a, b) => a.addr - b.addr);
  const plans: SegmentPlan[] = [];
  let current: SegmentPlan | undefined;
  for (const s of loadable) {
    const flags = segmentFlags(s);
    const hasContents = s.type !== SHT_NOBITS;
    const startNew =
      current === undefined ||
      current.flags !== flags ||
      (hasContents && current.fileEnd < current.memEnd) ||
      s.addr - current.memEnd >= PAGE_SIZE;
    if (startNew) {
      current = { flags, sections: [], vaddr: s.addr, fileEnd: s.addr, memEnd: s.addr, offset: 0 };
      plans.push(current);
    }
    current!.sections.push(s);
    current!.memEnd = s.addr + s.size;
    if (hasContents) current!.fileEnd = s.addr + s.size;
  }
  return plans;
}

/** Gives each segment the first file offset at or after `cursor` that is congruent to its address. */
function placeSegments(plans: SegmentPlan[], cursor: number, offsets: Map<ElfImageSection, number>): number {
  for (const plan of plans) {
    plan.offset = cursor + ((((plan.vaddr - cursor) % PAGE_SIZE) + PAGE_SIZE) % PAGE_SIZE);
    // Sections keep their distance from the segment start, so gaps between
    // them are zero bytes in the file too; NOBITS ones get the offset they
    // would have, as GNU ld does.
    for (const s of plan.sections) offsets.set(s, plan.offset + (s.addr - plan.vaddr));
    cursor = plan.offset + (plan.fileEnd - plan.vaddr);
  }
  return cursor;
}

/** Non-allocatable and empty sections: after the segments, aligned, not mapped. */
function placeUnmappedSections(
  sections: ElfImageSection[],
  cursor: number,
  offsets: Map<ElfImageSection, number>,
): number {
  for (const s of sections) {
    if (offsets.has(s)) continue;
    cursor = alignUp(cursor, Math.max(s.align, 1));
    offsets.set(s, cursor);
    if (s.type !== SHT_NOBITS) cursor += s.size;
  }
  return cursor;
}

/** A growing string table; byte 0 is the NUL that index 0 (the empty name) refers to. */
class StringTable {
  private readonly parts: Uint8Array[] = [new Uint8Array(1)];
  private readonly offsets = new Map<string, number>([['', 0]]);
  private length = 1;

  add(name: string): number {
    const known = this.offsets.get(name);
    if (known !== undefined) return known;
    const encoded = new TextEncoder().encode(`${name}\0`);
    const offset = this.length;
    this.parts.push(encoded);
    this.offsets.set(name, offset);
    this.length += encoded.length;
    return offset;
  }

  bytes(): Uint8Array {
    const out = new Uint8Array(this.length);
    let at = 0;
    for (const p of this.parts) {
      out.set(p, at);
      at += p.length;
    }
    return out;
  }
}

/**
 * The .symtab entries and .strtab bytes. The gABI requires all STB_LOCAL
 * symbols first; sh_info is the index of the first non-local one.
 */
function encodeSymbols(image: ElfImage): { entries: Uint8Array; strings: Uint8Array; firstGlobal: number } {
  const locals = image.symbols.filter((s) => s.bind === STB_LOCAL);
  const globals = image.symbols.filter((s) => s.bind !== STB_LOCAL);
  const ordered = [...locals, ...globals];
  const sectionIndex = new Map(image.sections.map((s, i) => [s.name, i + 1]));
  const strings = new StringTable();
  const entries = new Uint8Array((ordered.length + 1) * ELF32_SYM_SIZE); // entry 0 stays all zero
  const view = new DataView(entries.buffer);
  ordered.forEach((sym, i) => {
    const base = (i + 1) * ELF32_SYM_SIZE;
    view.setUint32(base, strings.add(sym.name), true);
    view.setUint32(base + 4, sym.value, true);
    view.setUint32(base + 8, sym.size, true);
    view.setUint8(base + 12, (sym.bind << 4) | sym.type);
    view.setUint8(base + 13, 0); // st_other: STV_DEFAULT
    view.setUint16(base + 14, symbolSectionIndex(sym, sectionIndex), true);
  });
  return { entries, strings: strings.bytes(), firstGlobal: locals.length + 1 };
}

function symbolSectionIndex(sym: ElfImageSymbol, sectionIndex: Map<string, number>): number {
  return sym.section === null ? SHN_ABS : sectionIndex.get(sym.section)!;
}

function nullSectionHeader(): ElfSectionHeader {
  return { name: 0, type: 0, flags: 0, addr: 0, offset: 0, size: 0, link: 0, info: 0, align: 0, entsize: 0 };
}

function stringTableHeader(name: number, offset: number, size: number): ElfSectionHeader {
  return { name, type: SHT_STRTAB, flags: 0, addr: 0, offset, size, link: 0, info: 0, align: 1, entsize: 0 };
}

function writeElfHeader(
  out: Uint8Array,
  view: DataView,
  image: ElfImage,
  phnum: number,
  shoff: number,
  shnum: number,
): void {
  out.set(ELFMAG, 0);
  out[EI_CLASS] = ELFCLASS32;
  out[EI_DATA] = ELFDATA2LSB;
  out[EI_VERSION] = EV_CURRENT;
  out[EI_OSABI] = ELFOSABI_NONE;
  view.setUint16(16, ET_EXEC, true);
  view.setUint16(18, EM_RISCV, true);
  view.setUint32(20, EV_CURRENT, true);
  view.setUint32(24, image.entry, true);
  view.setUint32(28, phnum > 0 ? ELF32_EHDR_SIZE : 0, true); // e_phoff
  view.setUint32(32, shoff, true);
  view.setUint32(36, image.flags, true);
  view.setUint16(40, ELF32_EHDR_SIZE, true);
  view.setUint16(42, ELF32_PHDR_SIZE, true);
  view.setUint16(44, phnum, true);
  view.setUint16(46, ELF32_SHDR_SIZE, true);
  view.setUint16(48, shnum, true);
  view.setUint16(50, shnum - 1, true); // e_shstrndx: .shstrtab is last
}

function writeProgramHeader(view: DataView, base: number, seg: SegmentPlan): void {
  view.setUint32(base, PT_LOAD, true);
  view.setUint32(base + 4, seg.offset, true);
  view.setUint32(base + 8, seg.vaddr, true);
  view.setUint32(base + 12, seg.vaddr, true); // p_paddr: no separate load address
  view.setUint32(base + 16, seg.fileEnd - seg.vaddr, true);
  view.setUint32(base + 20, seg.memEnd - seg.vaddr, true);
  view.setUint32(base + 24, seg.flags, true);
  view.setUint32(base + 28, PAGE_SIZE, true);
}

function writeSectionHeader(view: DataView, base: number, h: ElfSectionHeader): void {
  view.setUint32(base, h.name, true);
  view.setUint32(base + 4, h.type, true);
  view.setUint32(base + 8, h.flags, true);
  view.setUint32(base + 12, h.addr, true);
  view.setUint32(base + 16, h.offset, true);
  view.setUint32(base + 20, h.size, true);
  view.setUint32(base + 24, h.link, true);
  view.setUint32(base + 28, h.info, true);
  view.setUint32(base + 32, h.align, true);
  view.setUint32(base + 36, h.entsize, true);
}
