// Operands as written: registers, immediates (optionally wrapped in %hi, %lo,
// %pcrel_hi or %pcrel_lo), memory references `offset(reg)`, CSRs and fence
// sets. An instruction's operand list is split at top-level commas first.
import { CSR_NUMBER_BY_NAME } from './csr-names.js';
import { fail, type SourceLoc } from './diagnostics.js';
import { parseExpression, TokenStream, type Expr, type ExprNames } from './expr.js';
import type { Token } from './lexer.js';
import { registerNumber } from './registers.js';

/** One written operand: its tokens and where it starts. */
export interface Operand {
  readonly tokens: Token[];
  readonly loc: SourceLoc;
}

export type Modifier = 'hi' | 'lo' | 'pcrel_hi' | 'pcrel_lo';
const MODIFIERS: readonly string[] = ['hi', 'lo', 'pcrel_hi', 'pcrel_lo'];

/** An immediate: an expression, possibly under a relocation modifier such as %lo(...). */
export interface Immediate {
  readonly expr: Expr;
  readonly modifier?: Modifier;
  readonly loc: SourceLoc;
}

/** Splits `tokens` (everything after the mnemonic) at commas outside parentheses; `allowEmpty` for `.balign 8,,4`. */
export function splitOperands(tokens: Token[], loc: SourceLoc, allowEmpty = false): Operand[] {
  if (tokens.length === 0) return [];
  const operands: Operand[] = [];
  let current: Token[] = [];
  let depth = 0;
  let start = tokens[0]!.column;
  for (const t of tokens) {
    if (t.kind === 'punct' && t.text === '(') depth++;
    if (t.kind === 'punct' && t.text === ')') depth--;
    if (t.kind === 'punct' && t.text === ',' && depth === 0) {
      if (current.length === 0 && !allowEmpty) fail({ ...loc, column: t.column }, 'missing operand');
      operands.push({ tokens: current, loc: { ...loc, column: start } });
      current = [];
      start = t.column + 1;
      continue;
    }
    if (current.length === 0) start = t.column;
    current.push(t);
  }
  if (current.length === 0) fail({ ...loc, column: start }, 'missing operand');
  operands.push({ tokens: current, loc: { ...loc, column: start } });
  return operands;
}

function endColumn(op: Operand): number {
  const last = op.tokens[op.tokens.length - 1]!;
  return last.column + Math.max(1, last.text.length);
}

/** The register named by `op`, or undefined if it is not a lone register name. */
export function asRegister(op: Operand): number | undefined {
  if (op.tokens.length !== 1 || op.tokens[0]!.kind !== 'ident') return undefined;
  return registerNumber(op.tokens[0]!.text);
}

export function parseRegister(op: Operand): number {
  const r = asRegister(op);
  if (r === undefined) fail(op.loc, `expected a register, got '${op.tokens.map((t) => t.text).join('')}'`);
  return r;
}

/** Parses an immediate from the whole of `tokens`. */
function parseImmediateTokens(tokens: Token[], loc: SourceLoc, end: number, names: ExprNames): Immediate {
  const ts = new TokenStream(tokens, loc, end);
  let modifier: Modifier | undefined;
  if (ts.isPunct('%')) {
    const name = ts.peek(1);
    if (name === undefined || name.kind !== 'ident' || !MODIFIERS.includes(name.text)) {
      fail({ ...loc, column: (name ?? tokens[0]!).column }, `unknown relocation modifier '%${name?.text ?? ''}'`);
    }
    modifier = name.text as Modifier;
    ts.pos += 2;
    if (!ts.isPunct('(')) fail(ts.here(), `expected '(' after %${modifier}`);
  }
  const expr = parseExpression(ts, names);
  if (!ts.atEnd()) fail(ts.here(), `unexpected '${ts.peek()!.text}' after expression`);
  return modifier === undefined ? { expr, loc } : { expr, modifier, loc };
}

export function parseImmediate(op: Operand, names: ExprNames): Immediate {
  return parseImmediateTokens(op.tokens, op.loc, endColumn(op), names);
}

/** A memory operand `offset(reg)`, `(reg)` or `%lo(sym)(reg)`; undefined if `op` has no `(reg)` at its end. */
export function parseMemory(op: Operand, names: ExprNames): { offset: Immediate; base: number } | undefined {
  const t = op.tokens;
  const n = t.length;
  if (n < 3 || !isPunct(t[n - 1]!, ')') || !isPunct(t[n - 3]!, '(') || t[n - 2]!.kind !== 'ident') return undefined;
  const base = registerNumber(t[n - 2]!.text);
  if (base === undefined) fail({ ...op.loc, column: t[n - 2]!.column }, `expected a register, got '${t[n - 2]!.text}'`);
  const offsetTokens = t.slice(0, n - 3);
  if (offsetTokens.length === 0) return { offset: { expr: { kind: 'num', value: 0n, column: op.loc.column }, loc: op.loc }, base };
  const offset = parseImmediateTokens(offsetTokens, op.loc, t[n - 3]!.column, names);
  return { offset, base };
}

/** `(reg)` as in `lr.w a0, (a1)`; also accepts `0(reg)` like GNU as. */
export function parseBareMemory(op: Operand, names: ExprNames): number {
  const m = parseMemory(op, names);
  if (m === undefined) fail(op.loc, 'expected a memory operand (reg)');
  const off = m.offset.expr;
  if (m.offset.modifier !== undefined || off.kind !== 'num' || off.value !== 0n) fail(m.offset.loc, 'offset must be 0');
  return m.base;
}

function isPunct(t: Token, text: string): boolean {
  return t.kind === 'punct' && t.text === text;
}

/** A CSR operand: a name from the CSR table, or an expression for its number (checked by the caller). */
export function parseCsr(op: Operand, names: ExprNames): { number: number } | { expr: Expr; unknownName?: string } {
  if (op.tokens.length === 1 && op.tokens[0]!.kind === 'ident') {
    const n = CSR_NUMBER_BY_NAME.get(op.tokens[0]!.text);
    if (n !== undefined) return { number: n };
    return { expr: { kind: 'sym', name: op.tokens[0]!.text, column: op.loc.column }, unknownName: op.tokens[0]!.text };
  }
  const imm = parseImmediate(op, names);
  if (imm.modifier !== undefined) fail(op.loc, 'a CSR number cannot take a relocation modifier');
  return { expr: imm.expr };
}

/** A fence set such as `rw` or `iorw`: bits i=8, o=4, r=2, w=1 (or 0 for `0`). */
export function parseFenceSet(op: Operand): number {
  const t = op.tokens;
  if (t.length === 1 && t[0]!.kind === 'number' && t[0]!.value === 0n) return 0;
  const text = t.length === 1 && t[0]!.kind === 'ident' ? t[0]!.text : '';
  const bits: Record<string, number> = { i: 8, o: 4, r: 2, w: 1 };
  let set = 0;
  let last = -1;
  for (const c of text) {
    const order = 'iorw'.indexOf(c);
    // GNU as wants the letters in the order i, o, r, w, each at most once.
    if (order <= last) fail(op.loc, `bad fence set '${text}' (expected letters of 'iorw' in that order)`);
    set |= bits[c]!;
    last = order;
  }
  if (text === '') fail(op.loc, `bad fence set (expected letters of 'iorw' in that order)`);
  return set;
}
