// Expressions with GNU as's operators and precedence (the op_rank table of
// GNU as's expr.c, finer than its manual's four levels): * / % << >> bind
// tightest, then | & ^ ! (or-not), then + -, then the comparisons, then &&,
// then ||, each level left-associative. Values are 64-bit, as in GNU as for
// RISC-V; comparisons give -1 for true, && and || give 1.
import { fail, type SourceLoc } from './diagnostics.js';
import type { Token } from './lexer.js';

export type Expr =
  | { readonly kind: 'num'; readonly value: bigint; readonly column: number }
  | { readonly kind: 'sym'; readonly name: string; readonly column: number }
  | { readonly kind: 'unary'; readonly op: string; readonly arg: Expr; readonly column: number }
  | { readonly kind: 'binary'; readonly op: string; readonly left: Expr; readonly right: Expr; readonly column: number };

/** What the parser needs from the assembler: names for `.` and for local label references. */
export interface ExprNames {
  /** A fresh label standing for the current location `.`. */
  dot(): string;
  /** The internal name of numeric local label `n` looking backwards or forwards. */
  localLabel(n: bigint, direction: 'b' | 'f', column: number): string;
}

const BINARY_PRECEDENCE: Record<string, number> = {
  '*': 9, '/': 9, '%': 9, '<<': 9, '>>': 9,
  '|': 8, '&': 8, '^': 8, '!': 8,
  '+': 7, '-': 7,
  '==': 5, '!=': 5, '<>': 5, '<': 5, '>': 5, '<=': 5, '>=': 5,
  '&&': 3,
  '||': 2,
};
/** Nesting beyond this is rejected rather than risking the JS stack. */
const MAX_DEPTH = 200;

/** A cursor over a statement's tokens. */
export class TokenStream {
  pos = 0;
  constructor(
    readonly tokens: readonly Token[],
    readonly loc: SourceLoc,
    /** Column to blame when the tokens run out. */
    readonly endColumn: number,
  ) {}

  peek(offset = 0): Token | undefined {
    return this.tokens[this.pos + offset];
  }
  atEnd(): boolean {
    return this.pos >= this.tokens.length;
  }
  next(): Token | undefined {
    return this.tokens[this.pos++];
  }
  isPunct(text: string, offset = 0): boolean {
    const t = this.peek(offset);
    return t !== undefined && t.kind === 'punct' && t.text === text;
  }
  column(): number {
    return this.peek()?.column ?? this.endColumn;
  }
  here(): SourceLoc {
    return { ...this.loc, column: this.column() };
  }
  expectPunct(text: string): void {
    if (!this.isPunct(text)) fail(this.here(), `expected '${text}'`);
    this.pos++;
  }
}

export function parseExpression(ts: TokenStream, names: ExprNames): Expr {
  return parseBinary(ts, names, 1, 0);
}

function parseBinary(ts: TokenStream, names: ExprNames, minPrec: number, depth: number): Expr {
  let left = parseUnary(ts, names, depth);
  for (;;) {
    const t = ts.peek();
    if (t === undefined || t.kind !== 'punct') return left;
    const prec = BINARY_PRECEDENCE[t.text];
    if (prec === undefined || prec < minPrec) return left;
    ts.next();
    // `!!` between operands is exclusive or (GNU as, for MRI compatibility; its
    // input scrubber joins `! !` into `!!` too).
    const op = t.text === '!' && ts.isPunct('!') ? (ts.next(), '^') : t.text;
    const right = parseBinary(ts, names, prec + 1, depth + 1);
    left = { kind: 'binary', op, left, right, column: t.column };
  }
}

function parseUnary(ts: TokenStream, names: ExprNames, depth: number): Expr {
  if (depth > MAX_DEPTH) fail(ts.here(), 'expression nested too deeply');
  const t = ts.next();
  if (t === undefined) fail({ ...ts.loc, column: ts.endColumn }, 'missing expression');
  switch (t.kind) {
    case 'number':
      return { kind: 'num', value: t.value, column: t.column };
    case 'localref':
      return { kind: 'sym', name: names.localLabel(t.value, t.text.endsWith('b') ? 'b' : 'f', t.column), column: t.column };
    case 'ident':
      return { kind: 'sym', name: t.text === '.' ? names.dot() : t.text, column: t.column };
    case 'punct':
      if (t.text === '(') {
        const inner = parseBinary(ts, names, 1, depth + 1);
        ts.expectPunct(')');
        return inner;
      }
      if (t.text === '-' || t.text === '~' || t.text === '!' || t.text === '+') {
        return { kind: 'unary', op: t.text, arg: parseUnary(ts, names, depth + 1), column: t.column };
      }
      break;
    case 'string':
      break;
  }
  fail({ ...ts.loc, column: t.column }, `bad expression: unexpected '${t.kind === 'string' ? '"' : t.text}'`);
}

/** Looks a symbol up: its value, or undefined when it is not known (yet). */
export type SymbolResolver = (name: string, column: number) => bigint | undefined;

const wrap = (v: bigint): bigint => BigInt.asIntN(64, v);
const truth = (b: boolean): bigint => (b ? -1n : 0n);

/** `a - b` for two symbols whose distance is known before their addresses are, else undefined. */
export type DistanceResolver = (a: string, b: string) => bigint | undefined;

/** The value of `expr`, or undefined if it uses a symbol whose value is not known. */
export function evaluate(expr: Expr, resolve: SymbolResolver, loc: SourceLoc, distance?: DistanceResolver): bigint | undefined {
  switch (expr.kind) {
    case 'num':
      return expr.value;
    case 'sym':
      return resolve(expr.name, expr.column);
    case 'unary': {
      const v = evaluate(expr.arg, resolve, loc, distance);
      if (v === undefined) return undefined;
      if (expr.op === '-') return wrap(-v);
      if (expr.op === '~') return wrap(~v);
      if (expr.op === '!') return v === 0n ? 1n : 0n;
      return v;
    }
    case 'binary': {
      if (distance !== undefined && expr.op === '-' && expr.left.kind === 'sym' && expr.right.kind === 'sym') {
        const d = distance(expr.left.name, expr.right.name);
        if (d !== undefined) return d;
      }
      const a = evaluate(expr.left, resolve, loc, distance);
      const b = evaluate(expr.right, resolve, loc, distance);
      if (a === undefined || b === undefined) return undefined;
      return applyBinary(expr.op, a, b, { ...loc, column: expr.column });
    }
  }
}

function applyBinary(op: string, a: bigint, b: bigint, loc: SourceLoc): bigint {
  switch (op) {
    case '+': return wrap(a + b);
    case '-': return wrap(a - b);
    case '*': return wrap(a * b);
    case '/':
    case '%':
      if (b === 0n) fail(loc, 'division by zero');
      return wrap(op === '/' ? a / b : a % b);
    case '<<': return b < 0n || b > 63n ? 0n : wrap(a << b);
    case '>>': return b < 0n || b > 63n ? 0n : wrap(BigInt.asUintN(64, a) >> b); // logical, as GNU as
    case '&': return a & b;
    case '|': return a | b;
    case '^': return a ^ b;
    case '!': return a | ~b; // or-not
    case '==': return truth(a === b);
    case '!=':
    case '<>': return truth(a !== b);
    case '<': return truth(a < b);
    case '>': return truth(a > b);
    case '<=': return truth(a <= b);
    case '>=': return truth(a >= b);
    case '&&': return a !== 0n && b !== 0n ? 1n : 0n; // GNU as: 1, not -1
    default: return a !== 0n || b !== 0n ? 1n : 0n; // '||'
  }
}

/** The value of `expr` if it uses no symbols at all (and divides by no zero), else undefined. */
function symbolFreeValue(expr: Expr): bigint | undefined {
  const uses = (e: Expr): boolean =>
    e.kind === 'sym' || (e.kind === 'unary' && uses(e.arg)) || (e.kind === 'binary' && (uses(e.left) || uses(e.right)));
  if (uses(expr)) return undefined;
  try {
    return evaluate(expr, () => undefined, { file: '', line: 0, column: 0, sourceLine: '' });
  } catch {
    return undefined; // division by zero: reported where the expression is evaluated for real
  }
}

/** The symbol and constant of `sym`, `sym ± c`, `c + sym` (c any symbol-free expression), or undefined for any other shape. */
export function symbolPlusOffset(expr: Expr): { name: string; offset: bigint } | undefined {
  if (expr.kind === 'sym') return { name: expr.name, offset: 0n };
  if (expr.kind !== 'binary' || (expr.op !== '+' && expr.op !== '-')) return undefined;
  const right = symbolFreeValue(expr.right);
  if (right !== undefined) {
    const inner = symbolPlusOffset(expr.left);
    return inner && { name: inner.name, offset: inner.offset + (expr.op === '+' ? right : -right) };
  }
  const left = symbolFreeValue(expr.left);
  if (left !== undefined && expr.op === '+') {
    const inner = symbolPlusOffset(expr.right);
    return inner && { name: inner.name, offset: inner.offset + left };
  }
  return undefined;
}
