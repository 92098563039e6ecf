// Assembler directives (GNU as syntax). Each handler gets the tokens after the
// directive name; data directives emit items into the current section.
import type { AsmContext } from './context.js';
import type { Section } from './program.js';
import type { Block } from './macros.js';
import type { Conditionals } from './conditionals.js';
import { fail, type SourceLoc } from './diagnostics.js';
import { parseExpression, TokenStream, type Expr } from './expr.js';
import type { Token } from './lexer.js';
import { splitOperands, type Operand } from './operands.js';
import { SHF_ALLOC, SHF_EXECINSTR, SHF_WRITE, SHT_NOBITS, SHT_PROGBITS, STT_FUNC, STT_NOTYPE, STT_OBJECT } from '../elf/types.js';

/** What directives need beyond instruction handlers: sections, symbols, options, includes. */
export interface DirectiveContext extends AsmContext {
  switchSection(name: string, attrs: SectionAttrs | undefined, loc: SourceLoc): void;
  /** .pushsection saves the current section; .popsection returns to it; .previous swaps with the last one. */
  pushSection(saved: Section): void;
  popSection(loc: SourceLoc): void;
  previousSection(loc: SourceLoc): void;
  /** Starts recording a .macro/.rept/.irp/.irpc body (macros.ts). */
  beginBlock(block: Block, loc: SourceLoc): void;
  exitMacro(loc: SourceLoc): void;
  readonly conditions: Conditionals;
  /** Whether `name` is defined (as a label or by .equ/.set) at this point. */
  isDefined(name: string): boolean;
  setOption(option: 'rvc' | 'norvc' | 'push' | 'pop', loc: SourceLoc): void;
  defineSymbol(name: string, expr: Expr, mode: 'set' | 'equiv', loc: SourceLoc): void;
  setBinding(name: string, bind: 'local' | 'global' | 'weak', loc: SourceLoc): void;
  setType(name: string, type: number, loc: SourceLoc): void;
  setSize(name: string, size: Expr, loc: SourceLoc): void;
  include(path: string, loc: SourceLoc): void;
  localCommon(name: string, size: number, loc: SourceLoc): void;
}

export interface SectionAttrs {
  type: number;
  flags: number;
}

type Directive = (ctx: DirectiveContext, ops: Operand[], loc: SourceLoc, name: string) => void;

/** Default attributes of a section by its name, as GNU as gives them. */
export function defaultSectionAttrs(name: string): SectionAttrs {
  const is = (prefix: string): boolean => name === prefix || name.startsWith(prefix + '.');
  if (is('.text')) return { type: SHT_PROGBITS, flags: SHF_ALLOC | SHF_EXECINSTR };
  if (is('.bss') || is('.sbss') || is('.tbss')) return { type: SHT_NOBITS, flags: SHF_ALLOC | SHF_WRITE };
  if (is('.data') || is('.sdata') || is('.tdata')) return { type: SHT_PROGBITS, flags: SHF_ALLOC | SHF_WRITE };
  if (is('.rodata') || is('.srodata')) return { type: SHT_PROGBITS, flags: SHF_ALLOC };
  return { type: SHT_PROGBITS, flags: 0 };
}

export function expression(ctx: AsmContext, op: Operand): Expr {
  if (op.tokens.length === 0) fail(op.loc, 'missing operand');
  const ts = new TokenStream(op.tokens, op.loc, op.tokens[op.tokens.length - 1]!.column + 1);
  const e = parseExpression(ts, ctx.names);
  if (!ts.atEnd()) fail(ts.here(), `unexpected '${ts.peek()!.text}' after expression`);
  return e;
}

export function constant(ctx: AsmContext, op: Operand, what: string): bigint {
  const v = ctx.constant(expression(ctx, op), op.loc);
  if (v === undefined) fail(op.loc, `${what} must be a constant`);
  return v;
}

function symbolName(op: Operand): string {
  if (op.tokens.length === 0) fail(op.loc, 'missing operand');
  if (op.tokens.length !== 1 || op.tokens[0]!.kind !== 'ident') fail(op.loc, 'expected a symbol name');
  return op.tokens[0]!.text;
}

export function expectCount(ops: Operand[], min: number, max: number, name: string, loc: SourceLoc): void {
  if (ops.length >= min && ops.length <= max) return;
  const want = min === max ? `${min}` : `${min} to ${max}`;
  fail(ops[max]?.loc ?? loc, `wrong number of operands for ${name} (expected ${want}, got ${ops.length})`);
}

function data(width: 1 | 2 | 4 | 8): Directive {
  return (ctx, ops) => {
    for (const op of ops) {
      const expr = expression(ctx, op);
      const v = ctx.constant(expr, op.loc);
      // Values known now are fixed now, so a later .set of a symbol does not change them (as in GNU as).
      if (v !== undefined) ctx.emit({ kind: 'bytes', bytes: littleEndian(v, width), loc: op.loc, source: ctx.source });
      else ctx.emit({ kind: 'data', width, expr, loc: op.loc, source: ctx.source });
    }
  };
}

export function littleEndian(value: bigint, width: number): Uint8Array {
  const out = new Uint8Array(width);
  let v = BigInt.asUintN(64, value);
  for (let i = 0; i < width; i++) {
    out[i] = Number(v & 0xffn);
    v >>= 8n;
  }
  return out;
}

function strings(terminate: boolean): Directive {
  return (ctx, ops, loc, name) => {
    if (ops.length === 0) fail(loc, `${name} needs a string`);
    for (const op of ops) {
      const t = op.tokens[0]!;
      if (op.tokens.length !== 1 || t.kind !== 'string') fail(op.loc, `${name} needs a string`);
      const bytes = Uint8Array.from(t.text + (terminate ? '\0' : ''), (ch) => ch.charCodeAt(0));
      ctx.emit({ kind: 'bytes', bytes, loc: op.loc, source: ctx.source });
    }
  };
}

/** Counts (repetitions, offsets, sizes of units): more than 16 Mi is taken to be a mistake. */
const MAX_COUNT = 1 << 24;

export function count(ctx: AsmContext, op: Operand, what: string): number {
  const n = constant(ctx, op, what);
  if (n < 0n || n > BigInt(MAX_COUNT)) fail(op.loc, `${what} ${n} out of range (0..${MAX_COUNT})`);
  return Number(n);
}

/** Largest .space/.zero/.fill: the 32-bit address space (writeElf reports sections that overflow it). */
const MAX_RESERVATION = 2 ** 32 - 1;

function reservation(ctx: AsmContext, op: Operand, what: string): number {
  const n = constant(ctx, op, what);
  if (n < 0n || n > BigInt(MAX_RESERVATION)) fail(op.loc, `${what} ${n} out of range (0..${MAX_RESERVATION})`);
  return Number(n);
}

const space: Directive = (ctx, ops, loc, name) => {
  expectCount(ops, 1, 2, name, loc);
  const n = reservation(ctx, ops[0]!, 'size');
  const fill = ops[1] ? Number(BigInt.asUintN(8, constant(ctx, ops[1], 'fill value'))) : 0;
  ctx.emit({ kind: 'fill', size: n, pattern: Uint8Array.of(fill), loc, source: ctx.source });
};

/** .fill repeat, size, value: `repeat` copies of `value` in `size` bytes (at most 8; bytes past 4 are zero). */
const fill: Directive = (ctx, ops, loc, name) => {
  expectCount(ops, 1, 3, name, loc);
  const repeat = reservation(ctx, ops[0]!, 'repeat count');
  const size = ops[1] ? Math.min(8, count(ctx, ops[1], 'size')) : 1;
  const value = ops[2] ? BigInt.asUintN(32, constant(ctx, ops[2], 'fill value')) : 0n;
  if (repeat * size > MAX_RESERVATION) fail(loc, `.fill of ${repeat * size} bytes is larger than the 32-bit address space`);
  if (size > 0) ctx.emit({ kind: 'fill', size: repeat * size, pattern: littleEndian(value, size), loc, source: ctx.source });
};

const MAX_ALIGN_POW = 16;

/** .align/.p2align take a power of two (on RISC-V), .balign a byte count. */
function align(byteCount: boolean): Directive {
  return (ctx, ops, loc, name) => {
    expectCount(ops, 1, 3, name, loc);
    const n = constant(ctx, ops[0]!, 'alignment');
    let boundary: number;
    if (byteCount) {
      if (n <= 0n || (n & (n - 1n)) !== 0n || n > 1n << BigInt(MAX_ALIGN_POW)) fail(ops[0]!.loc, `alignment ${n} is not a power of 2 up to ${1 << MAX_ALIGN_POW}`);
      boundary = Number(n);
    } else {
      if (n < 0n || n > BigInt(MAX_ALIGN_POW)) fail(ops[0]!.loc, `alignment 2^${n} out of range (0..${MAX_ALIGN_POW})`);
      boundary = 1 << Number(n);
    }
    const fillOp = ops[1] !== undefined && ops[1].tokens.length > 0 ? ops[1] : undefined;
    const fillValue = fillOp ? { value: constant(ctx, fillOp, 'fill value'), size: 1 } : null;
    // A maximum of 0 means no maximum, as in GNU as.
    const maxSkip = ops[2] ? count(ctx, ops[2], 'maximum skip') || null : null;
    const code = (ctx.section.flags & SHF_EXECINSTR) !== 0 && fillValue === null;
    ctx.section.align = Math.max(ctx.section.align, boundary);
    // GNU as (riscv_frag_align_code) skips code alignment no coarser than the instruction
    // alignment: 2 bytes with RVC on, 4 with it off; the section alignment is still raised.
    if (code && boundary <= (ctx.rvc ? 2 : 4)) return;
    ctx.emit({ kind: 'align', boundary, fill: fillValue, maxSkip, code, size: 0, loc, source: ctx.source });
  };
}

function sectionDirective(name: string): Directive {
  return (ctx, ops, loc, directive) => {
    expectCount(ops, 0, 1, directive, loc);
    ctx.switchSection(name, undefined, loc);
  };
}

/** .org offset[, fill]: pad up to `offset` bytes from the start of the section. */
const org: Directive = (ctx, ops, loc, name) => {
  expectCount(ops, 1, 2, name, loc);
  const offset = count(ctx, ops[0]!, 'offset');
  const fill = ops[1] ? Number(BigInt.asUintN(8, constant(ctx, ops[1], 'fill value'))) : 0;
  ctx.emit({ kind: 'org', offset, fill, size: 0, loc, source: ctx.source });
};

const section: Directive = (ctx, ops, loc, name) => {
  expectCount(ops, 1, 4, name, loc);
  const nameTokens = ops[0]!.tokens;
  if (nameTokens.length === 0) fail(ops[0]!.loc, 'expected a section name');
  // A name may be quoted (".note.GNU-stack") or not (.note.GNU-stack, which lexes as several tokens).
  const quoted = nameTokens.length === 1 && nameTokens[0]!.kind === 'string';
  const sectionName = quoted ? nameTokens[0]!.text : nameTokens.map((t) => t.text).join('');
  if (!/^[A-Za-z0-9_.$-]+$/.test(sectionName)) fail(ops[0]!.loc, 'expected a section name');
  if (ops.length === 1) return ctx.switchSection(sectionName, undefined, loc);
  const flagsTok = ops[1]!.tokens;
  if (flagsTok.length !== 1 || flagsTok[0]!.kind !== 'string') fail(ops[1]!.loc, 'expected a flags string such as "aw"');
  let flags = 0;
  for (const c of flagsTok[0]!.text) {
    if (c === 'a') flags |= SHF_ALLOC;
    else if (c === 'w') flags |= SHF_WRITE;
    else if (c === 'x') flags |= SHF_EXECINSTR;
    else if (!'MSGTd'.includes(c)) fail(ops[1]!.loc, `unknown section flag '${c}'`);
  }
  let type = defaultSectionAttrs(sectionName).type;
  if (ops[2] !== undefined) {
    const t = ops[2].tokens.map((x) => x.text).join('');
    if (t === '@progbits' || t === '%progbits') type = SHT_PROGBITS;
    else if (t === '@nobits' || t === '%nobits') type = SHT_NOBITS;
    else fail(ops[2].loc, `unknown section type '${t}'`);
  }
  ctx.switchSection(sectionName, { type, flags }, loc);
};

const setDirective: Directive = (ctx, ops, loc, name) => {
  expectCount(ops, 2, 2, name, loc);
  ctx.defineSymbol(symbolName(ops[0]!), expression(ctx, ops[1]!), name === '.equiv' ? 'equiv' : 'set', ops[0]!.loc);
};

function binding(bind: 'local' | 'global' | 'weak'): Directive {
  return (ctx, ops, loc, name) => {
    if (ops.length === 0) fail(loc, `${name} needs a symbol name`);
    for (const op of ops) ctx.setBinding(symbolName(op), bind, op.loc);
  };
}

const TYPE_NAMES: Record<string, number> = {
  function: STT_FUNC, object: STT_OBJECT, notype: STT_NOTYPE, STT_FUNC, STT_OBJECT, STT_NOTYPE,
};

const typeDirective: Directive = (ctx, ops, loc, name) => {
  expectCount(ops, 2, 2, name, loc);
  const text = ops[1]!.tokens.map((t) => t.text).join('').replace(/^[@%#]/, '');
  const type = TYPE_NAMES[text];
  if (type === undefined) fail(ops[1]!.loc, `unknown symbol type '${text}'`);
  ctx.setType(symbolName(ops[0]!), type, ops[0]!.loc);
};

const sizeDirective: Directive = (ctx, ops, loc, name) => {
  expectCount(ops, 2, 2, name, loc);
  ctx.setSize(symbolName(ops[0]!), expression(ctx, ops[1]!), ops[0]!.loc);
};

const option: Directive = (ctx, ops, loc, name) => {
  const text = ops[0]?.tokens.map((t) => t.text).join('') ?? '';
  if (text === 'arch') return archOption(ctx, ops.slice(1), loc);
  expectCount(ops, 1, 1, name, loc);
  if (text === 'rvc' || text === 'norvc' || text === 'push' || text === 'pop') return ctx.setOption(text, ops[0]!.loc);
  // Linker relaxation and PIC do not change what mmulab emits (no relaxation, no PIC): accepted and ignored.
  if (['relax', 'norelax', 'pic', 'nopic', 'csr-check', 'no-csr-check'].includes(text)) return;
  fail(ops[0]!.loc, `unknown .option '${text}'`);
};

/**
 * `.option arch, +c` / `-c` / `rv32imac_zicsr...`: of the extensions only C
 * changes what mmulab emits (it turns compression on or off); others are
 * accepted, as mmulab always assembles all of RV32IMA + Zicsr + Zifencei.
 */
function archOption(ctx: DirectiveContext, ops: Operand[], loc: SourceLoc): void {
  if (ops.length === 0) fail(loc, '.option arch needs an ISA string or +ext/-ext changes');
  for (const op of ops) {
    const text = op.tokens.map((t) => t.text).join('').toLowerCase();
    const isa = /^rv(32|64)([a-z]*)(_[a-z0-9_]+)?$/.exec(text);
    if (isa !== null) ctx.setOption(isa[2]!.includes('c') ? 'rvc' : 'norvc', op.loc);
    else if (/^[+-][a-z][a-z0-9]*$/.test(text)) {
      if (text.slice(1) === 'c') ctx.setOption(text[0] === '+' ? 'rvc' : 'norvc', op.loc);
    } else fail(op.loc, `bad .option arch argument '${text}'`);
  }
}

const include: Directive = (ctx, ops, loc, name) => {
  expectCount(ops, 1, 1, name, loc);
  const t = ops[0]!.tokens;
  if (t.length !== 1 || t[0]!.kind !== 'string') fail(ops[0]!.loc, '.include needs a file name in quotes');
  ctx.include(t[0]!.text, ops[0]!.loc);
};

const ignored: Directive = () => {};

/** .uleb128/.sleb128: the LEB128 encoding (DWARF's variable-length numbers) of one constant, as GNU as takes for RISC-V. */
function leb128(signed: boolean): Directive {
  return (ctx, ops, loc, name) => {
    expectCount(ops, 1, 1, name, loc);
    for (const op of ops) {
      let v = constant(ctx, op, 'a LEB128 value');
      const bytes: number[] = [];
      for (;;) {
        const byte = Number(BigInt.asUintN(7, v));
        v = signed ? v >> 7n : BigInt.asUintN(64, v) >> 7n;
        const done = signed ? (v === 0n && (byte & 0x40) === 0) || (v === -1n && (byte & 0x40) !== 0) : v === 0n;
        bytes.push(done ? byte : byte | 0x80);
        if (done) break;
      }
      ctx.emit({ kind: 'bytes', bytes: Uint8Array.from(bytes), loc: op.loc, source: ctx.source });
    }
  };
}


const DIRECTIVES: Record<string, Directive> = {
  '.text': sectionDirective('.text'),
  '.data': sectionDirective('.data'),
  '.rodata': sectionDirective('.rodata'),
  '.bss': sectionDirective('.bss'),
  '.section': section,
  '.pushsection': (ctx, ops, loc, name) => {
    const saved = ctx.section;
    section(ctx, ops, loc, name);
    ctx.pushSection(saved);
  },
  '.popsection': (ctx, ops, loc, name) => (expectCount(ops, 0, 0, name, loc), ctx.popSection(loc)),
  '.previous': (ctx, ops, loc, name) => (expectCount(ops, 0, 0, name, loc), ctx.previousSection(loc)),
  '.byte': data(1),
  '.half': data(2), '.short': data(2), '.2byte': data(2),
  '.word': data(4), '.long': data(4), '.4byte': data(4), '.int': data(4),
  '.dword': data(8), '.quad': data(8), '.8byte': data(8),
  '.ascii': strings(false),
  '.asciz': strings(true), '.string': strings(true),
  '.zero': (ctx, ops, loc, name) => (expectCount(ops, 1, 1, name, loc), space(ctx, ops, loc, name)),
  '.space': space, '.skip': space,
  '.fill': fill,
  '.align': align(false), '.p2align': align(false), '.balign': align(true),
  '.org': org,
  '.lcomm': (ctx, ops, loc, name) => {
    expectCount(ops, 2, 2, name, loc);
    ctx.localCommon(symbolName(ops[0]!), reservation(ctx, ops[1]!, 'size'), ops[0]!.loc);
  },
  '.equ': setDirective, '.set': setDirective, '.equiv': setDirective,
  '.globl': binding('global'), '.global': binding('global'), '.local': binding('local'), '.weak': binding('weak'),
  '.type': typeDirective,
  '.size': sizeDirective,
  '.option': option,
  '.include': include,
  '.file': ignored, '.ident': ignored, '.attribute': ignored,
  // Debug and unwind information compilers emit: mmulab makes no .debug_line, .eh_frame or address-significance tables.
  '.loc': ignored, '.addrsig': ignored, '.addrsig_sym': ignored,
  '.uleb128': leb128(false), '.sleb128': leb128(true),
};

/** Runs directive `name` (with its leading dot) on the tokens after it. */
export function runDirective(ctx: DirectiveContext, name: string, tokens: Token[], loc: SourceLoc): void {
  const handler = DIRECTIVES[name];
  if (handler === undefined) fail(loc, `unknown directive '${name}'`);
  handler(ctx, splitOperands(tokens, loc, name.endsWith('align')), loc, name);
}
