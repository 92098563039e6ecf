// `objdump -d` listings of an ELF file: every executable section, a `<sym>:`
// header wherever a symbol starts, and one line per instruction laid out
// exactly as GNU objdump 2.40 lays it out (address column, raw bytes in
// 16- or 32-bit chunks, `...` for runs of zero bytes).

import {
  SHF_EXECINSTR, SHN_COMMON, SHN_UNDEF, SHT_NOBITS, STB_GLOBAL, STB_LOCAL, STT_FILE, STT_FUNC, STT_OBJECT,
  STT_SECTION, type ElfFile, type ElfSection, type ElfSymbol,
} from '../elf/index.js';
import { AddressTracker, disassembleOne, instructionLength, type DisasmOptions } from './disasm-one.js';

/** objdump skips runs of at least this many zero bytes... */
const SKIP_ZEROES = 8;
/** ...and shorter-than-this runs that end a block. */
const SKIP_ZEROES_AT_END = 3;
/** Raw bytes shown on one line; longer instructions continue on the next. */
const BYTES_PER_LINE = 8;
/** What objdump's read_memory returns (EIO) when an instruction runs past its block; it then advances by it. */
const EIO = 5;
const GP_SYMBOL = '__global_pointer$';

/** A symbol objdump can name addresses after, with its index in the symbol table. */
interface Label {
  readonly sym: ElfSymbol;
  readonly name: string;
  readonly value: number;
  readonly section: number;
}

/** RISC-V mapping symbols ($x, $d, $xrv32i2p1...) mark code and data, they are not labels. */
const isMappingSymbol = (name: string): boolean => /^\$[xd]/.test(name);
/** GNU as names the labels it invents for relocations `.L0 ` (with the space). */
const FAKE_LABEL = '.L0 ';
const namesAddresses = (name: string): boolean => !isMappingSymbol(name) && name !== FAKE_LABEL;

/** The symbols objdump keeps for naming addresses (it drops section, file, undefined and common ones). */
function usefulSymbols(elf: ElfFile): ElfSymbol[] {
  return elf.symbols.filter((s) => s.name !== '' && s.type !== STT_SECTION && s.type !== STT_FILE
    && s.sectionIndex !== SHN_UNDEF && s.sectionIndex !== SHN_COMMON);
}

/**
 * objdump's order for symbols: by address; at equal addresses, those in the
 * section being disassembled, then functions, objects, globals, weak,
 * locals, names not starting with '.', then by name.
 */
function compareLabels(current: number): (a: Label, b: Label) => number {
  const rank = (l: Label): number[] => [
    l.section === current ? 0 : 1,
    l.sym.type === STT_FUNC ? 0 : 1,
    l.sym.type === STT_OBJECT ? 0 : 1,
    l.sym.bind === STB_LOCAL ? 1 : 0,
    l.sym.bind === STB_GLOBAL ? 0 : 1,
    l.name.startsWith('.') ? 1 : 0,
  ];
  return (a, b) => {
    if (a.value !== b.value) return a.value < b.value ? -1 : 1;
    const ra = rank(a), rb = rank(b);
    for (let i = 0; i < ra.length; i++) if (ra[i] !== rb[i]) return ra[i]! - rb[i]!;
    return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
  };
}

/** The symbols of a file sorted for one section, and objdump's lookups in them. */
class SymbolTable {
  readonly labels: Label[];

  constructor(symbols: readonly ElfSymbol[], readonly sectionIndex: number, private readonly relocatable: boolean,
    private readonly section: ElfSection) {
    this.labels = symbols.filter((s) => namesAddresses(s.name))
      .map((sym) => ({ sym, name: sym.name, value: sym.value >>> 0, section: sym.sectionIndex }))
      .sort(compareLabels(sectionIndex));
  }

  private inSection(addr: number): boolean {
    return addr >= this.section.addr && addr < this.section.addr + this.section.size;
  }

  /** objdump's find_symbol_for_address: the label at or before addr, preferring this section. */
  find(addr: number, requireSection: boolean): Label | undefined {
    const labels = this.labels;
    if (labels.length === 0) return undefined;
    let lo = 0, hi = labels.length; // first index with value > addr
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (labels[mid]!.value <= addr) lo = mid + 1; else hi = mid;
    }
    let place = Math.max(lo - 1, 0);
    while (place > 0 && labels[place - 1]!.value === labels[place]!.value) place--;
    for (let i = place; i < labels.length && labels[i]!.value === labels[place]!.value; i++) {
      if (labels[i]!.section === this.sectionIndex) { place = i; break; }
    }
    const wantSection = requireSection || (this.relocatable && this.inSection(addr));
    if (labels[place]!.section === this.sectionIndex || !wantSection) return labels[place];
    return this.nearestInSection(lo - 1) ?? labels.slice(place + 1).find((l) => l.section === this.sectionIndex);
  }

  /** The first label of this section at the highest address at or below labels[from]. */
  private nearestInSection(from: number): Label | undefined {
    let found: Label | undefined;
    for (let i = from; i >= 0; i--) {
      const l = this.labels[i]!;
      if (l.section !== this.sectionIndex) continue;
      if (found && l.value !== found.value) break;
      found = l;
    }
    return found;
  }

  /** The next label of this section after `label` (at a higher address). */
  next(label: Label): Label | undefined {
    return this.labels.find((l) => l.section === this.sectionIndex && l.value > label.value);
  }
}

const hexDigits = (n: number, width: number): string => (n >>> 0).toString(16).padStart(width, '0');

/** `<name+0x8>`, or `<.text+0x8>` when no symbol applies. */
function symbolRef(addr: number, label: Label | undefined, section: ElfSection): string {
  const [name, base] = label ? [label.name, label.value] : [section.name, section.addr];
  if (addr > base) return `<${name}+0x${(addr - base).toString(16)}>`;
  if (addr < base) return `<${name}-0x${(base - addr).toString(16)}>`;
  return `<${name}>`;
}

/** How many leading address digits every line of a block drops (in fours, keeping one zero). */
function skippedAddressDigits(section: ElfSection, width: number): number {
  const end = hexDigits(section.addr + section.size, width);
  let zeros = 0;
  while (end[zeros] === '0') zeros++;
  if (zeros === width && section.addr !== 0) return 0;
  return zeros === 0 ? 0 : (zeros - 1) & ~3;
}

/** The address column: fixed width, leading zeros as spaces, then ":\t". */
function addressColumn(addr: number, width: number, skip: number): string {
  const digits = hexDigits(addr, width).slice(skip);
  const firstNonZero = digits.search(/[^0]/);
  const keep = firstNonZero === -1 ? digits.length - 1 : firstNonZero;
  return `${' '.repeat(keep)}${digits.slice(keep)}:\t`;
}

/** The raw-bytes column for bytes [from, from+count) of an instruction of `size` bytes. */
function rawColumn(bytes: Uint8Array, at: number, count: number, chunk: number, end: number): string {
  let out = '';
  for (let j = at; j < at + count; j += chunk) {
    if (j + chunk <= end) for (let k = chunk - 1; k >= 0; k--) out += hexDigits(bytes[j + k]!, 2);
    out += ' ';
  }
  return out;
}

interface BlockContext {
  readonly data: Uint8Array;
  readonly section: ElfSection;
  readonly width: number;
  readonly options: DisasmOptions;
}

/** objdump's disassemble_bytes: the lines for section offsets [start, stop). */
function listBlock(ctx: BlockContext, start: number, stop: number): string {
  const { data, section, width } = ctx;
  const skip = skippedAddressDigits(section, width);
  let out = '';
  let offset = start;
  while (offset < stop) {
    let zeros = 0;
    while (offset + zeros < stop && data[offset + zeros] === 0) zeros++;
    const atEnd = offset + zeros === stop;
    if (zeros >= SKIP_ZEROES || (atEnd && zeros < SKIP_ZEROES_AT_END)) {
      out += '\t...\n';
      offset += atEnd ? zeros : zeros & ~3;
      continue;
    }
    const addr = (section.addr + offset) >>> 0;
    const size = instructionLength(data[offset]! | ((offset + 1 < stop ? data[offset + 1]! : 0) << 8));
    let text: string;
    let consumed: number;
    let chunk: number;
    if (offset + size > stop) {
      // objdump cannot read the whole instruction: it prints the bytes it
      // has one by one and moves on by the error code it got back.
      text = `Address 0x${addr.toString(16)} is out of bounds.\n`;
      consumed = EIO;
      chunk = 1;
    } else {
      text = disassembleOne(data.subarray(offset, offset + size), addr, ctx.options).text;
      consumed = size;
      chunk = size % 4 === 0 ? 4 : 2;
    }
    const shown = Math.min(consumed, BYTES_PER_LINE);
    let line = addressColumn(addr, width, skip) + rawColumn(data, offset, shown, chunk, stop);
    for (let pad = shown; pad < BYTES_PER_LINE; pad += chunk) line += `${'  '.repeat(chunk)} `;
    line += `\t${text}`;
    for (let at = BYTES_PER_LINE; at < consumed; at += BYTES_PER_LINE) {
      line += `\n${addressColumn(addr + at, width, skip)}${rawColumn(data, offset + at, Math.min(BYTES_PER_LINE, consumed - at), chunk, stop)}`;
    }
    out += `${line}\n`;
    offset += consumed;
  }
  return out;
}

/** One executable section: headers at symbols, blocks between them (objdump's disassemble_section). */
function listSection(elf: ElfFile, index: number, symbols: readonly ElfSymbol[], base: DisasmOptions): string {
  const section = elf.sections[index]!;
  const table = new SymbolTable(symbols, index, elf.type === 1, section);
  const width = elf.bits / 4;
  const symbolize = symbols.length === 0 && !elf.symbols.some((s) => isMappingSymbol(s.name)) ? undefined
    : (addr: number): string => symbolRef(addr, table.find(addr, false), section);
  const ctx: BlockContext = { data: section.data, section, width, options: { ...base, symbolize } };
  let out = `\nDisassembly of section ${section.name}:\n`;
  let offset = 0;
  let label = table.find(section.addr, true);
  while (offset < section.size) {
    const addr = section.addr + offset;
    out += `\n${hexDigits(addr, width)} ${symbolRef(addr, label && label.value <= addr ? label : label, section)}:\n`;
    let next: Label | undefined;
    if (label && label.value > addr) next = label;
    else if (label) next = table.next(label);
    let stop = next ? next.value - section.addr : section.size;
    if (stop > section.size || stop <= offset) stop = section.size;
    out += listBlock(ctx, offset, stop);
    offset = stop;
    label = next;
  }
  return out;
}

/**
 * An `objdump -d` listing of every executable section of `elf` (everything
 * objdump prints after its "file format" line).
 */
export function disassembleElf(elf: ElfFile, options: DisasmOptions = {}): string {
  const symbols = usefulSymbols(elf);
  const gp = elf.symbols.find((s) => s.name === GP_SYMBOL);
  const tracker = options.tracker ?? new AddressTracker(gp?.value);
  let out = '';
  elf.sections.forEach((section, index) => {
    if ((section.flags & SHF_EXECINSTR) === 0 || section.type === SHT_NOBITS || section.size === 0) return;
    out += listSection(elf, index, symbols, { ...options, tracker });
  });
  return out;
}
