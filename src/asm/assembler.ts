// Reading the source: statements in order, labels, directives and
// instructions, into sections of items and a symbol table (program.ts).
// Errors are recorded per statement and reading goes on.
import { fail, type DiagnosticList, type SourceLoc } from './diagnostics.js';
import { defaultSectionAttrs, runDirective, type DirectiveContext, type SectionAttrs } from './directives.js';
import { evaluate, type Expr, type ExprNames } from './expr.js';
import { assembleTableInstruction } from './instructions.js';
import { INSN_BY_NAME } from './isa.js';
import { Conditionals, CONDITIONAL_STARTS } from './conditionals.js';
import { argumentTexts, leadingDirective, MacroExpander, type Block } from './macros.js';
import { RAW_DIRECTIVES } from './raw-directives.js';
import { stripBlockComments, tokenizeLine, type Statement, type Token } from './lexer.js';
import { splitOperands } from './operands.js';
import { itemSize, type Item, type Section, type SymbolDef } from './program.js';
import { assemblePseudo } from './pseudo.js';
import { SHF_EXECINSTR, SHT_NOBITS, STT_NOTYPE, STT_OBJECT } from '../elf/types.js';

export type ReadFile = (path: string) => string;

const MAX_INCLUDE_DEPTH = 32;
/** Files read by .include in one assembly; more means a runaway (e.g. two files including each other by new paths). */
const MAX_INCLUDES = 1000;
/** Longest .include path (as resolved): PATH_MAX on Linux. */
const MAX_PATH_LENGTH = 4096;

/** The directory part of `path` ('' for a bare file name), with a trailing slash. */
function directoryOf(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash < 0 ? '' : path.slice(0, slash + 1);
}

export class Assembler implements DirectiveContext {
  readonly sections: Section[] = [];
  readonly symbols = new Map<string, SymbolDef>();
  section!: Section;
  /** The section before the last switch, for .previous. */
  private previous: Section | undefined;
  private readonly sectionStack: Section[] = [];
  source = '';
  private rvcStack: boolean[] = [];
  rvc = true;
  private readonly localLabelCounts = new Map<bigint, number>();
  private internalCount = 0;
  private readonly includeStack: string[] = [];
  private readonly localCommons: { sym: SymbolDef; size: number }[] = [];
  private includes = 0;
  private evaluating = new Set<string>();
  private readonly macros = new MacroExpander((loc) => this.assembleLine(loc));
  readonly conditions = new Conditionals();

  constructor(
    private readonly diagnostics: DiagnosticList,
    private readonly readFile: ReadFile,
  ) {
    this.switchSection('.text', undefined, { file: '', line: 0, column: 0, sourceLine: '' });
    // GNU as starts .text (only) aligned for a compressed instruction, even if it holds none.
    this.section.align = 2;
  }

  readonly names: ExprNames = {
    dot: () => this.hereLabel(),
    localLabel: (n, direction, column) => {
      const count = this.localLabelCounts.get(n) ?? 0;
      if (direction === 'b' && count === 0) {
        fail({ ...this.currentLoc, column }, `local label ${n} is not defined before this reference`);
      }
      return `.L${n}^B${direction === 'b' ? count : count + 1}`;
    },
  };
  private currentLoc: SourceLoc = { file: '', line: 0, column: 0, sourceLine: '' };

  /** Assembles `text` as file `file` (the top-level source or an included one). */
  assembleFile(text: string, file: string): void {
    this.diagnostics.noteFile(file);
    // A UTF-8 byte order mark some editors write is not part of the program.
    const lines = stripBlockComments(text.replace(/^\uFEFF/, '')).split('\n');
    lines.forEach((sourceLine, i) => {
      this.assembleLine({ file, line: i + 1, column: 1, sourceLine: sourceLine.replace(/\r$/, '') });
    });
  }

  /** One line of the source or of a macro expansion. */
  private assembleLine(loc: SourceLoc): void {
    this.diagnostics.guard(() => {
      if (this.macros.capture(loc)) return;
      if (!this.conditions.active && !this.endsSkipping(loc)) return;
      for (const stmt of tokenizeLine(loc)) this.diagnostics.guard(() => this.statement(stmt));
    });
  }

  /**
   * In code skipped by a false condition only nesting matters: a nested .if
   * is counted, and .elseif/.else/.endif are assembled since they may end the
   * skipping. Returns whether to assemble the line.
   */
  private endsSkipping(loc: SourceLoc): boolean {
    const d = leadingDirective(loc.sourceLine);
    if (CONDITIONAL_STARTS.includes(d)) this.conditions.beginSkipped(loc);
    return d === '.elseif' || d === '.else' || d === '.endif';
  }

  /** Ends the input: reports a .macro or .rept left open. */
  finishInput(): void {
    this.diagnostics.guard(() => this.macros.finishInput());
    this.diagnostics.guard(() => this.conditions.finishInput());
    this.placeLocalCommons();
  }

  /**
   * GNU as ends each code section with nops up to the section's alignment
   * (write.c, subsegs_finish_section), so the next input section starts aligned.
   */
  padCodeSections(): void {
    for (const s of this.sections) {
      if (!(s.flags & SHF_EXECINSTR) || s.align <= 1 || s.items.length === 0) continue;
      const loc = s.items[s.items.length - 1]!.loc;
      s.items.push({ kind: 'align', boundary: s.align, fill: null, maxSkip: null, code: true, size: 0, loc, source: '' });
    }
  }

  private statement(stmt: Statement): void {
    this.currentLoc = stmt.loc;
    this.source = stmt.loc.sourceLine.trim();
    const t = stmt.tokens;
    let i = 0;
    while (i + 1 < t.length && t[i + 1]!.kind === 'punct' && t[i + 1]!.text === ':') {
      this.label(t[i]!, stmt.loc);
      i += 2;
    }
    if (i >= t.length) return;
    const head = t[i]!;
    const loc = { ...stmt.loc, column: head.column };
    const rest = t.slice(i + 1);
    if (head.kind !== 'ident') fail(loc, `expected an instruction or directive, got '${head.text}'`);
    if (rest[0]?.kind === 'punct' && rest[0].text === '=') {
      return runDirective(this, '.set', [head, { ...rest[0], text: ',' }, ...rest.slice(1)], loc);
    }
    if (head.text.startsWith('.')) {
      const name = head.text.toLowerCase();
      // Call-frame information: accepted and ignored (mmulab emits no unwind tables).
      if (name.startsWith('.cfi_')) return;
      const raw = RAW_DIRECTIVES[name];
      return raw !== undefined ? raw(this, rest, loc) : runDirective(this, name, rest, loc);
    }
    // Macros take precedence over instructions of the same name, as in GNU as.
    if (this.macros.isMacro(head.text)) return this.macros.invoke(head.text, argumentTexts(rest, loc.sourceLine), loc);
    this.instruction(head.text.toLowerCase(), rest, loc);
  }

  private instruction(mnemonic: string, rest: Token[], loc: SourceLoc): void {
    if (mnemonic.startsWith('c.') && !this.rvc) fail(loc, `${mnemonic} needs the C extension (enable it with .option rvc)`);
    const ops = splitOperands(rest, loc);
    if (assemblePseudo(this, mnemonic, ops, loc)) return;
    const insn = INSN_BY_NAME.get(mnemonic);
    if (insn === undefined) fail(loc, `unknown instruction '${mnemonic}'`);
    assembleTableInstruction(this, insn, ops, loc);
  }

  private label(token: Token, loc: SourceLoc): void {
    const at = { ...loc, column: token.column };
    if (token.kind === 'number') {
      const n = token.value;
      const count = (this.localLabelCounts.get(n) ?? 0) + 1;
      this.localLabelCounts.set(n, count);
      return this.defineLabel(`.L${n}^B${count}`, at);
    }
    if (token.kind !== 'ident' || token.text === '.') fail(at, `bad label '${token.text}'`);
    this.defineLabel(token.text, at);
  }

  private symbol(name: string, loc: SourceLoc): SymbolDef {
    let sym = this.symbols.get(name);
    if (sym === undefined) {
      const internal = name.startsWith('.L');
      sym = { name, loc, def: { kind: 'undefined' }, redefinable: true, bind: 'local', type: STT_NOTYPE, internal };
      this.symbols.set(name, sym);
    }
    return sym;
  }

  private defineLabel(name: string, loc: SourceLoc): void {
    const sym = this.symbol(name, loc);
    if (sym.def.kind !== 'undefined') fail(loc, `symbol '${name}' is already defined`);
    sym.def = { kind: 'label', section: this.section, index: this.section.items.length };
    sym.loc = loc;
    sym.redefinable = false;
  }

  hereLabel(): string {
    const name = `.L.mmulab${this.internalCount++}`;
    this.defineLabel(name, this.currentLoc);
    return name;
  }

  emit(item: Item): void {
    const zeros =
      item.kind === 'align' ||
      (item.kind === 'org' && item.fill === 0) ||
      (item.kind === 'fill' && item.pattern.every((b) => b === 0)) ||
      (item.kind === 'bytes' && item.bytes.every((b) => b === 0));
    if (this.section.type === SHT_NOBITS && !zeros) {
      fail(item.loc, `section ${this.section.name} holds no data (only .zero, .space and alignment)`);
    }
    if (item.kind === 'insn' || item.kind === 'branch') {
      // GNU as gives code sections 2-byte alignment (RVC is in the ISA) even under .option norvc.
      this.section.align = Math.max(this.section.align, 2);
    }
    this.section.items.push(item);
  }

  constant(expr: Expr, loc: SourceLoc): bigint | undefined {
    return evaluate(expr, (name, column) => this.parseTimeValue(name, { ...loc, column }), loc);
  }

  /**
   * `a - b` for two labels of one section with only instructions and data
   * between them (one GNU as fragment): GNU as knows such a difference once
   * both labels are defined, but only through a symbol (`.equ LEN, end -
   * start`, then `li a2, LEN`); the same difference written directly as an
   * operand is not a constant to it.
   */
  private labelDistance(a: string, b: string): bigint | undefined {
    const x = this.symbols.get(a)?.def;
    const y = this.symbols.get(b)?.def;
    if (x?.kind !== 'label' || y?.kind !== 'label' || x.section !== y.section || x.index < 0 || y.index < 0) {
      return undefined;
    }
    const [from, to] = x.index >= y.index ? [y.index, x.index] : [x.index, y.index];
    let size = 0;
    for (const item of x.section.items.slice(from, to)) {
      // Branches and alignments are sized at layout (relax.ts), and GNU as
      // starts a new fragment after a .fill/.space: not known yet.
      if (item.kind === 'branch' || item.kind === 'align' || item.kind === 'org' || item.kind === 'fill') return undefined;
      size += itemSize(item);
    }
    return x.index >= y.index ? BigInt(size) : -BigInt(size);
  }

  private parseTimeValue(name: string, loc: SourceLoc): bigint | undefined {
    const sym = this.symbol(name, loc);
    if (sym.def.kind !== 'equ') return undefined;
    if (this.evaluating.has(name)) fail(loc, `symbol '${name}' is defined in terms of itself`);
    this.evaluating.add(name);
    try {
      return evaluate(sym.def.expr, (n, column) => this.parseTimeValue(n, { ...loc, column }), loc,
        (a, b) => this.labelDistance(a, b));
    } finally {
      this.evaluating.delete(name);
    }
  }

  switchSection(name: string, attrs: SectionAttrs | undefined, loc: SourceLoc): void {
    const s = this.sectionNamed(name, attrs, loc);
    this.previous = this.section;
    this.section = s;
  }

  /** The section called `name`, created (with `attrs` or the defaults for its name) if new. */
  private sectionNamed(name: string, attrs: SectionAttrs | undefined, loc: SourceLoc): Section {
    let s = this.sections.find((x) => x.name === name);
    if (s === undefined) {
      const a = attrs ?? defaultSectionAttrs(name);
      s = { name, type: a.type, flags: a.flags, align: 1, items: [], offsets: [], addr: 0 };
      this.sections.push(s);
    } else if (attrs !== undefined && (attrs.flags !== s.flags || attrs.type !== s.type)) {
      fail(loc, `section ${name} was already declared with different flags`);
    }
    return s;
  }

  /**
   * .lcomm name, size: `size` zero bytes for a local symbol in .bss. GNU as
   * puts them after everything else in .bss (its subsection 1), in order,
   * each aligned by its size (2, 4 or 8 bytes for sizes of at least that).
   */
  localCommon(name: string, size: number, loc: SourceLoc): void {
    const sym = this.symbol(name, loc);
    if (sym.def.kind !== 'undefined') fail(loc, `symbol '${name}' is already defined`);
    const bss = this.sectionNamed('.bss', undefined, loc);
    // The index is known only when the block is placed, at the end of the input (placeLocalCommons).
    sym.def = { kind: 'label', section: bss, index: -1 };
    sym.loc = loc;
    sym.redefinable = false;
    // Recorded in the symbol table as a data object of that size, as GNU as does.
    sym.type = STT_OBJECT;
    sym.sizeExpr = { kind: 'num', value: BigInt(size), column: loc.column };
    this.localCommons.push({ sym, size });
  }

  private placeLocalCommons(): void {
    for (const { sym, size } of this.localCommons) {
      if (sym.def.kind !== 'label') continue;
      const bss = sym.def.section;
      const boundary = size >= 8 ? 8 : size >= 4 ? 4 : size >= 2 ? 2 : 1;
      const base = { loc: sym.loc, source: sym.loc.sourceLine.trim() };
      bss.items.push({ kind: 'align', boundary, fill: null, maxSkip: null, code: false, size: 0, ...base });
      sym.def = { ...sym.def, index: bss.items.length };
      bss.items.push({ kind: 'fill', size, pattern: Uint8Array.of(0), ...base });
      bss.align = Math.max(bss.align, boundary);
    }
  }

  beginBlock(block: Block, loc: SourceLoc): void {
    this.macros.begin(block, loc);
  }

  isDefined(name: string): boolean {
    const sym = this.symbols.get(name);
    return sym !== undefined && sym.def.kind !== 'undefined';
  }

  exitMacro(loc: SourceLoc): void {
    this.macros.exit(loc);
  }

  pushSection(saved: Section): void {
    this.sectionStack.push(saved);
  }

  popSection(loc: SourceLoc): void {
    const top = this.sectionStack.pop();
    if (top === undefined) fail(loc, '.popsection without a matching .pushsection');
    [this.previous, this.section] = [this.section, top];
  }

  previousSection(loc: SourceLoc): void {
    if (this.previous === undefined) fail(loc, '.previous without an earlier section change');
    [this.previous, this.section] = [this.section, this.previous];
  }

  setOption(option: 'rvc' | 'norvc' | 'push' | 'pop', loc: SourceLoc): void {
    if (option === 'rvc') this.rvc = true;
    else if (option === 'norvc') this.rvc = false;
    else if (option === 'push') this.rvcStack.push(this.rvc);
    else {
      const top = this.rvcStack.pop();
      if (top === undefined) fail(loc, '.option pop without a matching .option push');
      this.rvc = top;
    }
  }

  defineSymbol(name: string, expr: Expr, mode: 'set' | 'equiv', loc: SourceLoc): void {
    const sym = this.symbol(name, loc);
    const redefining = sym.def.kind !== 'undefined';
    if (redefining && (mode === 'equiv' || !sym.redefinable)) fail(loc, `symbol '${name}' is already defined`);
    // Fold what is known now, so `.set x, x + 1` refers to the old x.
    const v = this.constant(expr, loc);
    sym.def = { kind: 'equ', expr: v === undefined ? expr : { kind: 'num', value: v, column: loc.column } };
    sym.loc = loc;
    sym.redefinable = mode === 'set';
  }

  setBinding(name: string, bind: 'local' | 'global' | 'weak', loc: SourceLoc): void {
    this.symbol(name, loc).bind = bind;
  }

  setType(name: string, type: number, loc: SourceLoc): void {
    this.symbol(name, loc).type = type;
  }

  setSize(name: string, size: Expr, loc: SourceLoc): void {
    this.symbol(name, loc).sizeExpr = size;
  }

  include(path: string, loc: SourceLoc): void {
    const resolved = path.startsWith('/') ? path : directoryOf(loc.file) + path;
    if (resolved.length > MAX_PATH_LENGTH) fail(loc, `.include path longer than ${MAX_PATH_LENGTH} characters`);
    if (this.includeStack.includes(resolved) || resolved === loc.file) fail(loc, `recursive .include of '${path}'`);
    if (this.includeStack.length >= MAX_INCLUDE_DEPTH) fail(loc, `.include nested more than ${MAX_INCLUDE_DEPTH} deep`);
    if (++this.includes > MAX_INCLUDES) fail(loc, `more than ${MAX_INCLUDES} .include files`);
    let text: string;
    try {
      text = this.readFile(resolved);
    } catch (err) {
      fail(loc, `cannot read .include file '${path}': ${err instanceof Error ? err.message : String(err)}`);
    }
    this.includeStack.push(loc.file);
    try {
      this.assembleFile(text, resolved);
    } finally {
      this.includeStack.pop();
    }
  }
}
