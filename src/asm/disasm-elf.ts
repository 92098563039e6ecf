// `objdump -d` listings of an ELF file: every executable section, a `<sym>:`
// header wherever a symbol starts, and one line per instruction laid out
// exactly as GNU objdump 2.40 lays it out (address column, raw bytes in
// 16- or 32-bit chunks, `...` for runs of zero bytes).

import {
  SHF_EXECINSTR, SHN_COMMON, SHN_UNDEF, SHT_NOBITS, STB_GLOBAL, STB_LOCAL, STT_FILE, STT_FUNC, STT_OBJECT,
  STT_SECTION, type ElfFile, type ElfSection, type ElfSymbol,
} from '../elf/index.js';
import {
  AddressTracker, DisasmError, disassembleOne, hexDigits, instructionLength, type DisasmOptions,
} from './disasm-one.js';

/** objdump skips runs of at least this many zero bytes... */
const SKIP_ZEROES = 8;
/** ...and shorter-than-this runs that end a block. */
const SKIP_ZEROES_AT_END = 3;
/** Raw bytes shown on one line; longer instructions continue on the next. */
const BYTES_PER_LINE = 8;
/** Bytes per line of an object's hex dump. */
const OBJECT_BYTES_PER_LINE = 16;
/** What objdump's read_memory returns (EIO) when an instruction runs past its block; it then advances by it. */
const EIO = 5;
const GP_SYMBOL = '__global_pointer$';

/** A symbol objdump can name addresses after. */
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

/** A name as objdump prints it: control characters as ^X (so `.L1\x021` is `.L1^B1`). */
function sanitize(name: string): string {
  const caret = (c: string): string => (c === '\x7f' ? '^?' : `^${String.fromCharCode(c.charCodeAt(0) + 0x40)}`);
  return name.replace(/[\x00-\x1f\x7f]/g, caret);
}

/** `<name+0x8>`, or `<.text+0x8>` when no symbol applies. */
function symbolRef(addr: number, label: Label | undefined, section: ElfSection): string {
  const [raw, base] = label ? [label.name, label.value] : [section.name, section.addr];
  const name = sanitize(raw);
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

/**
 * The `$x`/`$d` mapping symbols of a section, by address: GNU as marks
 * data it places among instructions (`.word` in .text) with `$d`, and
 * objdump prints those bytes as data, not as instructions.
 */
class MappingSymbols {
  private readonly marks: { readonly addr: number; readonly data: boolean }[];

  constructor(symbols: readonly ElfSymbol[], sectionIndex: number) {
    this.marks = symbols.filter((s) => s.sectionIndex === sectionIndex && isMappingSymbol(s.name))
      .map((s) => ({ addr: s.value >>> 0, data: s.name.startsWith('$d') }))
      .sort((a, b) => a.addr - b.addr);
  }

  /** Index of the first mark after addr (binary search: objdump asks for every instruction). */
  private firstAfter(addr: number): number {
    let lo = 0, hi = this.marks.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.marks[mid]!.addr <= addr) lo = mid + 1; else hi = mid;
    }
    return lo;
  }

  /** Whether addr lies in data: the last mark at or before it is `$d` (code when there is none). */
  isData(addr: number): boolean {
    const at = this.firstAfter(addr) - 1;
    return at >= 0 && this.marks[at]!.data;
  }

  /** The address of the first mark after addr, if any. */
  nextAfter(addr: number): number | undefined {
    return this.marks[this.firstAfter(addr)]?.addr;
  }
}

interface BlockContext {
  readonly data: Uint8Array;
  readonly section: ElfSection;
  readonly width: number;
  readonly mapping: MappingSymbols;
  readonly options: DisasmOptions;
  /** Bytes per raw-byte group of the last item listed; objdump reuses it for object dumps. */
  readonly last: { chunk: number };
}

/** One item of a listing: its text, the bytes it consumes and how its raw bytes are grouped. */
interface Item {
  readonly text: string;
  readonly consumed: number;
  readonly chunk: number;
}

const DATA_DIRECTIVES: Record<number, string> = { 1: '.byte', 2: '.short', 4: '.word' };

/** Data in a code section: a word, or less up to the next mapping symbol or the end of the section. */
function dataItem(ctx: BlockContext, offset: number): Item {
  const addr = ctx.section.addr + offset;
  const limit = ctx.mapping.nextAfter(addr) ?? ctx.section.addr + ctx.section.size;
  let size = Math.min(4, limit - addr);
  if (size === 3) size = 2;
  let value = 0;
  for (let i = size - 1; i >= 0; i--) value = value * 256 + ctx.data[offset + i]!;
  return { text: `${DATA_DIRECTIVES[size]}\t0x${hexDigits(value, size * 2)}`, consumed: size, chunk: size };
}

function instructionItem(ctx: BlockContext, offset: number, stop: number): Item {
  const { data } = ctx;
  const addr = (ctx.section.addr + offset) >>> 0;
  const size = instructionLength(data[offset]! | ((offset + 1 < stop ? data[offset + 1]! : 0) << 8));
  if (offset + size > stop) {
    // objdump cannot read the whole instruction: it prints the bytes it has
    // one by one and moves on by the error code it got back.
    return { text: `Address 0x${addr.toString(16)} is out of bounds.\n`, consumed: EIO, chunk: 1 };
  }
  const text = disassembleOne(data.subarray(offset, offset + size), addr, ctx.options).text;
  return { text, consumed: size, chunk: size % 4 === 0 ? 4 : 2 };
}

/** A line of an object's bytes (objdump does not disassemble STT_OBJECT symbols): hex, then ASCII. */
function objectItem(ctx: BlockContext, offset: number, stop: number): Item {
  const count = Math.min(OBJECT_BYTES_PER_LINE, stop - offset);
  const printable = (b: number): string => (b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : '.');
  const ascii = Array.from(ctx.data.subarray(offset, offset + count), printable).join('');
  return { text: ascii, consumed: count, chunk: ctx.last.chunk };
}

/**
 * The zero bytes objdump replaces by a `...` line at `offset`, or 0: runs of
 * at least SKIP_ZEROES (in multiples of 4 unless they end the block), and
 * runs shorter than SKIP_ZEROES_AT_END that end it.
 */
function skippedZeroes(data: Uint8Array, offset: number, stop: number): number {
  let zeros = 0;
  while (offset + zeros < stop && data[offset + zeros] === 0) zeros++;
  const atEnd = offset + zeros === stop;
  if (zeros >= SKIP_ZEROES) return atEnd ? zeros : zeros & ~3;
  return atEnd && zeros < SKIP_ZEROES_AT_END ? zeros : 0;
}

/**
 * objdump's disassemble_bytes: the lines for section offsets [start, stop),
 * disassembled or, for an object, dumped.
 */
function listBlock(ctx: BlockContext, start: number, stop: number, dump: boolean): string {
  const { data, section, width } = ctx;
  const skip = skippedAddressDigits(section, width);
  const perLine = dump ? OBJECT_BYTES_PER_LINE : BYTES_PER_LINE;
  let out = '';
  let offset = start;
  while (offset < stop) {
    const zeros = skippedZeroes(data, offset, stop);
    if (zeros > 0) {
      out += '\t...\n';
      offset += zeros;
      continue;
    }
    const addr = (section.addr + offset) >>> 0;
    let item: Item;
    if (dump) item = objectItem(ctx, offset, stop);
    else item = ctx.mapping.isData(addr) ? dataItem(ctx, offset) : instructionItem(ctx, offset, stop);
    const { text, consumed, chunk } = item;
    ctx.last.chunk = chunk;
    const shown = Math.min(consumed, perLine);
    let line = addressColumn(addr, width, skip) + rawColumn(data, offset, shown, chunk, stop);
    for (let pad = shown; pad < perLine; pad += chunk) line += `${'  '.repeat(chunk)} `;
    line += (dump ? '    ' : '\t') + text;
    for (let at = perLine; at < consumed; at += perLine) {
      const count = Math.min(perLine, consumed - at);
      line += `\n${addressColumn(addr + at, width, skip)}${rawColumn(data, offset + at, count, chunk, stop)}`;
    }
    out += `${line}\n`;
    offset += consumed;
  }
  return out;
}

/** One executable section: headers at symbols, blocks between them (objdump's disassemble_section). */
function listSection(elf: ElfFile, index: number, symbols: readonly ElfSymbol[], base: DisasmOptions,
  last: { chunk: number }): string {
  const section = elf.sections[index]!;
  const table = new SymbolTable(symbols, index, elf.type === 1, section);
  const width = elf.bits / 4;
  const symbolize = symbols.length === 0 && !elf.symbols.some((s) => isMappingSymbol(s.name)) ? undefined
    : (addr: number): string => symbolRef(addr, table.find(addr, false), section);
  const mapping = new MappingSymbols(elf.symbols, index);
  const ctx: BlockContext = { data: section.data, section, width, mapping, options: { ...base, symbolize }, last };
  let out = `\nDisassembly of section ${sanitize(section.name)}:\n`;
  let offset = 0;
  let label = table.find(section.addr, true);
  while (offset < section.size) {
    const addr = section.addr + offset;
    out += `\n${hexDigits(addr, width)} ${symbolRef(addr, label, section)}:\n`;
    let next: Label | undefined;
    if (label && label.value > addr) next = label;
    else if (label) next = table.next(label);
    let stop = next ? next.value - section.addr : section.size;
    if (stop > section.size || stop <= offset) stop = section.size;
    const isObject = label !== undefined && label.value <= addr && label.section === index
      && label.sym.type === STT_OBJECT;
    out += listBlock(ctx, offset, stop, isObject);
    offset = stop;
    label = next;
  }
  return out;
}

export interface DisasmElfOptions extends DisasmOptions {
  /** Start with objdump's "<file>:     file format elf32-littleriscv" lines, naming the file so. */
  fileName?: string;
}

/**
 * An `objdump -d` listing of every executable section of `elf`: everything
 * objdump prints after its "file format" line, or all of it with `fileName`.
 * Instructions are decoded as rv32imac_zicsr_zifencei whatever the ELF's
 * .riscv.attributes say.
 */
export function disassembleElf(elf: ElfFile, options: DisasmElfOptions = {}): string {
  const { fileName, ...disasmOptions } = options;
  if (elf.bits !== 32) {
    // RV64 code would decode wrongly as RV32 (ld, addiw, 6-bit shifts...).
    throw new DisasmError(`${fileName ?? 'the file'} is a 64-bit ELF; the disassembler decodes RV32 code only`);
  }
  const symbols = usefulSymbols(elf);
  const gp = elf.symbols.find((s) => s.name === GP_SYMBOL);
  const tracker = options.tracker ?? new AddressTracker(gp?.value);
  const last = { chunk: 1 }; // objdump starts with no chunk size, which means single bytes
  let out = fileName === undefined ? '' : `\n${fileName}:     file format elf${elf.bits}-littleriscv\n\n`;
  elf.sections.forEach((section, index) => {
    if ((section.flags & SHF_EXECINSTR) === 0 || section.type === SHT_NOBITS || section.size === 0) return;
    out += listSection(elf, index, symbols, { ...disasmOptions, tracker }, last);
  });
  return out;
}
