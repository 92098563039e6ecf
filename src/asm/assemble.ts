// assemble(): source text to a runnable ELF executable. Reading builds
// sections and symbols (assembler.ts); relaxation fixes branch sizes
// (relax.ts); layout gives addresses (layout.ts); emission fills in bytes
// (emit.ts); writeElf encodes the file. Every stage records its errors and
// goes on, so one AsmError reports all of them.
import { Assembler, type ReadFile } from './assembler.js';
import { DiagnosticList, TooManyErrors, type SourceLoc } from './diagnostics.js';
import { imageSections, imageSymbols } from './elf-image.js';
import { Emitter, SymbolValues } from './emit.js';
import { layoutSections, type LayoutName } from './layout.js';
import { itemSize, type Section } from './program.js';
import { relaxSection } from './relax.js';
import { ElfError, writeElf, EF_RISCV_RVC, SHF_EXECINSTR, STT_NOTYPE } from '../elf/index.js';

export interface AssembleOptions {
  /** Name used in messages; default '<input>'. */
  file?: string;
  /** Memory layout (layout.ts); default 'hosted'. */
  layout?: LayoutName;
  /** Reads a file named by .include (the path is relative to the including file's directory). */
  readFile?: ReadFile;
}

export interface AssembleResult {
  elf: Uint8Array;
  entry: number;
  symbols: Map<string, number>;
  sections: { name: string; addr: number; size: number }[];
  listing: { addr: number; bytes: Uint8Array; file: string; line: number; source: string }[];
}

export const GLOBAL_POINTER_SYMBOL = '__global_pointer$';
export const ENTRY_SYMBOL = '_start';

const noReadFile: ReadFile = (path) => {
  throw new Error(`no readFile was given to read ${path}`);
};

export function assembleWith(source: string, options: AssembleOptions = {}): AssembleResult {
  const diagnostics = new DiagnosticList();
  try {
    return assembleCollecting(source, options, diagnostics);
  } catch (err) {
    if (!(err instanceof TooManyErrors)) throw err;
    throw diagnostics.error();
  }
}

function assembleCollecting(source: string, options: AssembleOptions, diagnostics: DiagnosticList): AssembleResult {
  const file = options.file ?? '<input>';
  const asm = new Assembler(diagnostics, options.readFile ?? noReadFile);
  asm.assembleFile(source, file);
  asm.finishInput();
  asm.padCodeSections();

  for (const s of asm.sections) diagnostics.guard(() => relaxSection(s, asm.symbols));
  for (const s of asm.sections) if (s.offsets.length !== s.items.length + 1) fallbackOffsets(s);
  const layout = layoutSections(asm.sections, options.layout ?? 'hosted');
  const wholeFile: SourceLoc = { file, line: 1, column: 1, sourceLine: source.split('\n')[0] ?? '' };
  defineGlobalPointer(asm, layout.globalPointer, wholeFile);

  const values = new SymbolValues(asm.symbols);
  const emitter = new Emitter(values, diagnostics);
  const bytes = new Map<Section, Uint8Array>(asm.sections.map((s) => [s, emitter.emitSection(s)]));
  const sections = imageSections(addressOrder(asm.sections, layout.order), bytes);
  const emitted = new Set(sections.map((s) => s.name));
  const symbols = imageSymbols(asm.symbols, values, emitted, diagnostics);
  const entry = entryPoint(asm, values, layout.order, wholeFile);
  diagnostics.throwIfAny();

  let elf: Uint8Array;
  try {
    elf = writeElf({ entry, flags: EF_RISCV_RVC, sections, symbols }, file);
  } catch (err) {
    if (!(err instanceof ElfError)) throw err;
    diagnostics.report(wholeFile, err.message);
    throw diagnostics.error();
  }
  return {
    elf,
    entry,
    symbols: new Map(symbols.map((s) => [s.name, s.value])),
    sections: sections.map((s) => ({ name: s.name, addr: s.addr, size: s.size })),
    listing: listing(asm.sections, bytes),
  };
}

/** Allocated sections by address, then the others in source order. */
function addressOrder(sections: Section[], allocated: Section[]): Section[] {
  return [...allocated, ...sections.filter((s) => !allocated.includes(s))];
}

/** Offsets from plain sizes, for a section whose relaxation failed (its error is already recorded). */
function fallbackOffsets(s: Section): void {
  let offset = 0;
  s.offsets = s.items.map((item) => ((offset += itemSize(item)), offset - itemSize(item)));
  s.offsets.push(offset);
}

function defineGlobalPointer(asm: Assembler, value: number, loc: SourceLoc): void {
  const existing = asm.symbols.get(GLOBAL_POINTER_SYMBOL);
  if (existing !== undefined && existing.def.kind !== 'undefined') return;
  asm.symbols.set(GLOBAL_POINTER_SYMBOL, {
    name: GLOBAL_POINTER_SYMBOL,
    loc: existing?.loc ?? loc,
    def: { kind: 'equ', expr: { kind: 'num', value: BigInt(value), column: 1 } },
    redefinable: false,
    bind: 'global',
    type: STT_NOTYPE,
    internal: false,
  });
}

/** `_start` if defined, else the first executable section (as GNU ld), else the layout base. */
function entryPoint(asm: Assembler, values: SymbolValues, order: Section[], loc: SourceLoc): number {
  const start = asm.symbols.get(ENTRY_SYMBOL);
  if (start !== undefined && start.def.kind !== 'undefined') return Number(BigInt.asUintN(32, values.value(ENTRY_SYMBOL, loc)));
  const text = order.find((s) => s.flags & SHF_EXECINSTR);
  return (text ?? order[0])?.addr ?? 0;
}

function listing(sections: Section[], bytes: Map<Section, Uint8Array>): AssembleResult['listing'] {
  const out: AssembleResult['listing'] = [];
  for (const s of sections) {
    const data = bytes.get(s)!;
    s.items.forEach((item, i) => {
      const [from, to] = [s.offsets[i]!, s.offsets[i + 1]!];
      if (from === to) return; // nothing placed (e.g. an alignment already satisfied)
      out.push({ addr: s.addr + from, bytes: data.slice(from, to), file: item.loc.file, line: item.loc.line, source: item.source });
    });
  }
  return out;
}
