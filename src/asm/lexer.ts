// The lexer: one source line becomes statements (split at `;`, GNU's line
// separator for RISC-V) of tokens; `#` starts a comment, as in GNU as for
// RISC-V. C-style block comments are removed beforehand by stripBlockComments.
import { fail, type SourceLoc } from './diagnostics.js';

export type TokenKind = 'ident' | 'number' | 'string' | 'localref' | 'punct';

export interface Token {
  readonly kind: TokenKind;
  /** The identifier, punctuation (`<<`, `(`...), or the decoded string. */
  readonly text: string;
  /** Numbers and character constants, wrapped to 64 bits as GNU as does. */
  readonly value: bigint;
  /** 1-based column of the token's first character. */
  readonly column: number;
  /** 1-based column just after its last character (strings and character constants include their quotes). */
  readonly end: number;
}

/** One statement: the tokens between separators of one line. */
export interface Statement {
  readonly loc: SourceLoc;
  readonly tokens: Token[];
}

const TWO_CHAR_PUNCT = ['<<', '>>', '==', '!=', '<>', '<=', '>=', '&&', '||'];
const ONE_CHAR_PUNCT = ',()+-*/%&|^~!<>:=@';
const MAX_U64 = (1n << 64n) - 1n;

function isIdentStart(c: string): boolean {
  return /[A-Za-z_.$]/.test(c);
}
function isIdentChar(c: string): boolean {
  return /[A-Za-z0-9_.$]/.test(c);
}

/** `text` with every `/* ... *\/` replaced by spaces, newlines kept so lines keep their numbers. */
export function stripBlockComments(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\//g, (c) => c.replace(/[^\n]/g, ' '));
}

/** Splits a line into statements; `loc` gives the file, line number and line text. */
export function tokenizeLine(loc: SourceLoc): Statement[] {
  const line = loc.sourceLine;
  const statements: Statement[] = [];
  let tokens: Token[] = [];
  let i = 0;
  const at = (column: number): SourceLoc => ({ ...loc, column });
  const endStatement = (): void => {
    if (tokens.length > 0) statements.push({ loc: at(tokens[0]!.column), tokens });
    tokens = [];
  };
  while (i < line.length) {
    const c = line[i]!;
    const column = i + 1;
    if (c === ' ' || c === '\t' || c === '\r' || c === '\f' || c === '\v') {
      i++;
    } else if (c === '#') {
      break;
    } else if (c === ';') {
      endStatement();
      i++;
    } else if (c === '"') {
      const [text, next] = readString(line, i, at(column));
      tokens.push({ kind: 'string', text, value: 0n, column, end: next + 1 });
      i = next;
    } else if (c === "'") {
      const [value, next] = readCharConstant(line, i, at(column));
      tokens.push({ kind: 'number', text: line.slice(i, next), value, column, end: next + 1 });
      i = next;
    } else if (/[0-9]/.test(c)) {
      const token = readNumber(line, i, at(column));
      tokens.push(token);
      i += token.text.length;
    } else if (isIdentStart(c)) {
      let j = i + 1;
      while (j < line.length && isIdentChar(line[j]!)) j++;
      tokens.push({ kind: 'ident', text: line.slice(i, j), value: 0n, column, end: j + 1 });
      i = j;
    } else {
      const two = line.slice(i, i + 2);
      if (TWO_CHAR_PUNCT.includes(two)) {
        tokens.push({ kind: 'punct', text: two, value: 0n, column, end: column + 2 });
        i += 2;
      } else if (ONE_CHAR_PUNCT.includes(c)) {
        tokens.push({ kind: 'punct', text: c, value: 0n, column, end: column + 1 });
        i++;
      } else {
        fail(at(column), `unexpected character '${c}'`);
      }
    }
  }
  endStatement();
  return statements;
}

/** A number (decimal, 0x, 0b, leading-0 octal) or a local label reference like `1b` / `2f`. */
function readNumber(line: string, start: number, loc: SourceLoc): Token {
  let j = start;
  while (j < line.length && /[0-9A-Za-z_]/.test(line[j]!)) j++;
  const text = line.slice(start, j);
  const column = start + 1;
  const localRef = /^([0-9]+)([bf])$/.exec(text);
  const end = column + text.length;
  if (localRef && !/^0b[01]+$/.test(text)) return { kind: 'localref', text, value: BigInt(localRef[1]!), column, end };
  let value: bigint;
  if (/^0[xX][0-9a-fA-F]+$/.test(text)) value = BigInt(text);
  else if (/^0[bB][01]+$/.test(text)) value = BigInt('0b' + text.slice(2));
  else if (/^0[0-7]+$/.test(text)) value = BigInt('0o' + text.slice(1));
  else if (/^[0-9]+$/.test(text)) value = BigInt(text);
  else fail(loc, `invalid number '${text}'`);
  if (value > MAX_U64) fail(loc, `number '${text}' does not fit in 64 bits`);
  return { kind: 'number', text, value: BigInt.asIntN(64, value), column, end };
}

const SIMPLE_ESCAPES: Record<string, number> = {
  n: 10, t: 9, r: 13, b: 8, f: 12, v: 11, a: 7, '\\': 92, '"': 34, "'": 39, e: 27,
};

/** One possibly escaped character at `i`: its code and the index after it. */
function readEscapedChar(line: string, i: number, loc: SourceLoc): [number, number] {
  const c = line[i]!;
  if (c !== '\\') return [c.charCodeAt(0) & 0xff, i + 1];
  const e = line[i + 1];
  if (e === undefined) fail(loc, 'unterminated escape sequence');
  if (e in SIMPLE_ESCAPES) return [SIMPLE_ESCAPES[e]!, i + 2];
  if (/[0-7]/.test(e)) {
    let j = i + 1;
    let v = 0;
    while (j < line.length && j < i + 4 && /[0-7]/.test(line[j]!)) v = v * 8 + Number(line[j++]);
    return [v & 0xff, j];
  }
  if (e === 'x' || e === 'X') {
    let j = i + 2;
    let v = 0;
    while (j < line.length && /[0-9a-fA-F]/.test(line[j]!)) v = (v * 16 + parseInt(line[j++]!, 16)) & 0xff;
    if (j === i + 2) fail(loc, 'bad \\x escape');
    return [v, j];
  }
  return [e.charCodeAt(0) & 0xff, i + 2];
}

/** A "string": its bytes as a latin-1 JS string and the index after the closing quote. */
function readString(line: string, start: number, loc: SourceLoc): [string, number] {
  let i = start + 1;
  let out = '';
  while (i < line.length && line[i] !== '"') {
    if (line.charCodeAt(i) > 0x7f) {
      // Source text is UTF-8: a non-ASCII character is its UTF-8 bytes, as GNU as sees them.
      const ch = String.fromCodePoint(line.codePointAt(i)!);
      for (const b of new TextEncoder().encode(ch)) out += String.fromCharCode(b);
      i += ch.length;
      continue;
    }
    const [code, next] = readEscapedChar(line, i, loc);
    out += String.fromCharCode(code);
    i = next;
  }
  if (i >= line.length) fail(loc, 'unterminated string');
  return [out, i + 1];
}

/** A character constant 'a' or '\n' (the closing quote is optional in GNU as). */
function readCharConstant(line: string, start: number, loc: SourceLoc): [bigint, number] {
  if (start + 1 >= line.length) fail(loc, 'unterminated character constant');
  const [code, next] = readEscapedChar(line, start + 1, loc);
  return [BigInt(code), line[next] === "'" ? next + 1 : next];
}
