// Macros and repetition (GNU as: .macro/.endm, .rept, .irp, .irpc/.endr,
// .exitm). A block's body is recorded as raw lines up to its matching end,
// then assembled again once per repetition with `\param` replaced by the
// argument text, `\()` by nothing and, in macros, `\@` by the number of macro
// expansions so far.
import { fail, type SourceLoc } from './diagnostics.js';
import type { Token } from './lexer.js';

export interface MacroParam {
  readonly name: string;
  readonly defaultValue: string;
  /** `:req`: an invocation must give it. */
  readonly required: boolean;
  /** `:vararg` (last parameter): takes all remaining arguments, comma-separated. */
  readonly vararg: boolean;
}

export interface Macro {
  readonly name: string;
  readonly params: readonly MacroParam[];
  readonly body: readonly SourceLoc[];
}

/** A block whose body is being recorded. */
export type Block =
  | { kind: 'macro'; name: string; params: MacroParam[] }
  | { kind: 'rept'; count: number }
  | { kind: 'irp'; param: string; values: string[] };

/** Expansions within expansions deeper than this are taken to be runaway recursion. */
const MAX_EXPANSION_DEPTH = 100;
/** More expanded lines, or text, than this in one assembly are taken to be a runaway expansion. */
const MAX_EXPANDED_LINES = 100_000;
const MAX_EXPANDED_CHARS = 4_000_000;

const BLOCK_STARTS = ['.macro', '.rept', '.irp', '.irpc'];

/** The directive a raw line starts with (after any labels), lower-cased, or ''. */
export function leadingDirective(line: string): string {
  const m = /^\s*(?:[A-Za-z0-9_.$]+:\s*)*(\.[A-Za-z]+)\b/.exec(line);
  return m ? m[1]!.toLowerCase() : '';
}

export class MacroExpander {
  private readonly macros = new Map<string, Macro>();
  private recording: { block: Block; start: SourceLoc; body: SourceLoc[]; nesting: number } | undefined;
  private depth = 0;
  private expandedLines = 0;
  private expandedChars = 0;
  private macroExpansions = 0;
  private exitRequested = false;

  /** `assembleLine` assembles one (expanded) line, which may itself define or use macros. */
  constructor(private readonly assembleLine: (loc: SourceLoc) => void) {}

  isMacro(name: string): boolean {
    return this.macros.has(name.toLowerCase());
  }

  /** Takes `loc` into the block being recorded, if there is one (ending it at its .endm/.endr). */
  capture(loc: SourceLoc): boolean {
    const rec = this.recording;
    if (rec === undefined) return false;
    const d = leadingDirective(loc.sourceLine);
    if (BLOCK_STARTS.includes(d)) rec.nesting++;
    if (d === '.endm' || d === '.endr') {
      if (rec.nesting === 0) {
        this.recording = undefined;
        this.finish(rec.block, rec.body, { ...loc, column: 1 }, d);
        return true;
      }
      rec.nesting--;
    }
    rec.body.push(loc);
    return true;
  }

  begin(block: Block, loc: SourceLoc): void {
    this.recording = { block, start: loc, body: [], nesting: 0 };
  }

  /** Called at the end of the input: a block still open is an error. */
  finishInput(): void {
    const rec = this.recording;
    if (rec === undefined) return;
    this.recording = undefined;
    const end = rec.block.kind === 'macro' ? '.endm' : '.endr';
    fail(rec.start, `missing ${end} for this .${rec.block.kind === 'macro' ? 'macro' : rec.block.kind}`);
  }

  /** .exitm: stop expanding the innermost macro. */
  exit(loc: SourceLoc): void {
    if (this.depth === 0) fail(loc, '.exitm outside a macro');
    this.exitRequested = true;
  }

  private finish(block: Block, body: SourceLoc[], endLoc: SourceLoc, end: string): void {
    if ((block.kind === 'macro') !== (end === '.endm')) fail(endLoc, `${end} does not end a .${block.kind}`);
    switch (block.kind) {
      case 'macro':
        this.macros.set(block.name.toLowerCase(), { name: block.name, params: block.params, body });
        return;
      case 'rept':
        for (let i = 0; i < block.count; i++) this.expand(body, new Map(), endLoc, undefined);
        return;
      case 'irp':
        for (const value of block.values) this.expand(body, new Map([[block.param, value]]), endLoc, undefined);
        return;
    }
  }

  /** Expands macro `name` with the argument texts of an invocation. */
  invoke(name: string, args: string[], loc: SourceLoc): void {
    const macro = this.macros.get(name.toLowerCase())!;
    const values = new Map(macro.params.map((p) => [p.name, p.defaultValue] as const));
    const given = new Set<string>();
    let position = 0;
    for (const arg of args) {
      const keyword = /^([A-Za-z_$][A-Za-z0-9_$]*)\s*=(.*)$/s.exec(arg);
      if (keyword && values.has(keyword[1]!)) {
        values.set(keyword[1]!, keyword[2]!.trim());
        given.add(keyword[1]!);
        continue;
      }
      const last = macro.params[macro.params.length - 1];
      if (position >= macro.params.length && last?.vararg) {
        values.set(last.name, `${values.get(last.name)},${arg}`);
        continue;
      }
      const param = macro.params[position++];
      if (param === undefined) fail(loc, `too many arguments for macro ${macro.name} (it takes ${macro.params.length})`);
      values.set(param.name, arg);
      given.add(param.name);
    }
    const missing = macro.params.find((p) => p.required && !given.has(p.name));
    if (missing !== undefined) fail(loc, `missing argument '${missing.name}' for macro ${macro.name}`);
    this.expand(macro.body, values, loc, String(this.macroExpansions++));
    this.exitRequested = false;
  }

  /** Assembles `body` with `values` substituted; `count` is what `\@` becomes (macros only). */
  private expand(body: readonly SourceLoc[], values: ReadonlyMap<string, string>, loc: SourceLoc, count: string | undefined): void {
    if (this.depth >= MAX_EXPANSION_DEPTH) fail(loc, `macro expansion nested more than ${MAX_EXPANSION_DEPTH} deep`);
    this.depth++;
    try {
      for (const line of body) {
        if (this.exitRequested) break;
        if (++this.expandedLines > MAX_EXPANDED_LINES) fail(loc, `macro expansion produces more than ${MAX_EXPANDED_LINES} lines`);
        const text = substitute(line.sourceLine, values, count);
        this.expandedChars += text.length;
        if (this.expandedChars > MAX_EXPANDED_CHARS) fail(loc, `macro expansion produces more than ${MAX_EXPANDED_CHARS} characters`);
        this.assembleLine({ ...line, sourceLine: text });
      }
    } finally {
      this.depth--;
    }
  }
}

/** `text` with `\name` replaced by its value, `\@` by `count` (if given) and `\()` removed. */
function substitute(text: string, values: ReadonlyMap<string, string>, count: string | undefined): string {
  return text.replace(/\\(@|\(\)|[A-Za-z_$][A-Za-z0-9_$]*)/g, (whole, name: string) => {
    if (name === '@') return count ?? whole;
    if (name === '()') return '';
    return values.get(name) ?? whole;
  });
}

/**
 * The raw texts of macro arguments or parameters, as written: split at
 * top-level commas or, when there is no comma, at blanks between two words.
 * GNU as's input scrubber drops blanks next to operators, so `sum 4 - 1` is
 * one argument while `two 1 2` is two.
 */
export function argumentTexts(tokens: readonly Token[], line: string): string[] {
  if (tokens.length === 0) return [];
  const groups: Token[][] = [[]];
  let depth = 0;
  const hasComma = tokens.some((t, i) => t.kind === 'punct' && t.text === ',' && depthAt(tokens, i) === 0);
  tokens.forEach((t, i) => {
    if (t.kind === 'punct' && t.text === '(') depth++;
    if (t.kind === 'punct' && t.text === ')') depth--;
    const prev = tokens[i - 1];
    if (hasComma && depth === 0 && t.kind === 'punct' && t.text === ',') return void groups.push([]);
    if (!hasComma && depth === 0 && prev !== undefined && t.column > prev.end && isWord(prev) && isWord(t)) groups.push([]);
    groups[groups.length - 1]!.push(t);
  });
  return groups.map((g) => (g.length === 0 ? '' : line.slice(g[0]!.column - 1, g[g.length - 1]!.end - 1)));
}

/** A token GNU as keeps blanks around (a name, number or string, not an operator). */
function isWord(t: Token): boolean {
  return t.kind !== 'punct';
}

/** Parenthesis depth just before tokens[index]. */
function depthAt(tokens: readonly Token[], index: number): number {
  let depth = 0;
  for (let i = 0; i < index; i++) {
    if (tokens[i]!.kind === 'punct' && tokens[i]!.text === '(') depth++;
    if (tokens[i]!.kind === 'punct' && tokens[i]!.text === ')') depth--;
  }
  return depth;
}
