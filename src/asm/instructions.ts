// Real instructions, parsed by the operand syntax of their entry in isa.ts,
// plus the helpers pseudo.ts builds on to emit instructions.
import { compress, type BaseOperands } from './compress.js';
import type { AsmContext } from './context.js';
import { fail, type SourceLoc } from './diagnostics.js';
import { encode, rangeError, type FieldValues } from './encode.js';
import type { Expr } from './expr.js';
import { FIELDS, type FieldName, type InsnSpec } from './isa.js';
import {
  parseBareMemory,
  parseCsr,
  parseFenceSet,
  parseImmediate,
  parseMemory,
  parseRegister,
  type Immediate,
  type Operand,
} from './operands.js';
import type { Fixup, FixupKind } from './program.js';
import { isCompressedRegister, REG_RA, REG_SP, REG_ZERO } from './registers.js';

export function expectOperands(ops: Operand[], counts: number[], mnemonic: string, loc: SourceLoc): void {
  if (counts.includes(ops.length)) return;
  const want = counts.join(' or ');
  fail(ops[0]?.loc ?? loc, `wrong number of operands for ${mnemonic} (expected ${want}, got ${ops.length})`);
}

/** Emits one instruction word, 2 or 4 bytes by its encoding. */
export function emitWord(ctx: AsmContext, mnemonic: string, word: number, loc: SourceLoc, fixup?: Fixup): void {
  const size = (word & 3) === 3 ? 4 : 2;
  const base = { kind: 'insn', size, word: word >>> 0, mnemonic, loc, source: ctx.source } as const;
  ctx.emit(fixup === undefined ? base : { ...base, fixup });
}

/** Emits `base` with `fields`, or the compressed form GNU as picks for `written` when RVC is on. */
export function emitCompressible(
  ctx: AsmContext,
  written: string,
  base: string,
  fields: FieldValues,
  operands: BaseOperands,
  loc: SourceLoc,
): void {
  const c = ctx.rvc ? compress(written, operands) : undefined;
  if (c !== undefined) emitWord(ctx, c.name, encode(c.name, c.fields), loc);
  else emitWord(ctx, base, encode(base, fields), loc);
}

/** An immediate operand that must be a constant now (GNU as rejects labels here). */
export function constantImmediate(ctx: AsmContext, imm: Immediate, mnemonic: string): bigint {
  if (imm.modifier !== undefined) fail(imm.loc, `%${imm.modifier} is not allowed for ${mnemonic} here`);
  const v = ctx.constant(imm.expr, imm.loc);
  if (v !== undefined) return v;
  if (imm.expr.kind === 'sym') {
    fail(imm.loc, `'${imm.expr.name}' is not a register or a constant known here (${mnemonic} needs %hi/%lo/%pcrel_* for addresses)`);
  }
  fail(imm.loc, `immediate for ${mnemonic} must be a constant (use %hi/%lo/%pcrel_* for addresses)`);
}

export function checkedField(field: FieldName, value: bigint, mnemonic: string, loc: SourceLoc): number {
  const err = rangeError(field, value, mnemonic);
  if (err !== undefined) fail(loc, err);
  return Number(BigInt.asIntN(32, value));
}

/** Which modifier each immediate field takes, and the fixup it becomes. */
const MODIFIER_FIXUPS: Partial<Record<FieldName, Partial<Record<string, FixupKind>>>> = {
  imm12: { lo: 'lo12_i', pcrel_lo: 'pcrel_lo12_i' },
  simm12: { lo: 'lo12_s', pcrel_lo: 'pcrel_lo12_s' },
};

/** A branch or jump target: any expression, resolved at layout. */
export function branchTarget(ctx: AsmContext, op: Operand, mnemonic: string): Expr {
  const imm = parseImmediate(op, ctx.names);
  if (imm.modifier !== undefined) fail(op.loc, `%${imm.modifier} is not allowed for ${mnemonic}`);
  return imm.expr;
}

/** Emits a conditional branch (funct3 from `base`) to `target`, relaxable as GNU as does. */
export function emitBranch(ctx: AsmContext, mnemonic: string, base: string, rs1: number, rs2: number, target: Expr, loc: SourceLoc): void {
  const word = encode(base, { rs1, rs2 });
  const rvcEligible = ctx.rvc && rs2 === REG_ZERO && isCompressedRegister(rs1) && (base === 'beq' || base === 'bne');
  const rvcWord = rvcEligible ? encode(base === 'beq' ? 'c.beqz' : 'c.bnez', { crs1q: rs1 }) : undefined;
  const item = { kind: 'branch', mnemonic, word, uncond: false, target, size: 4, loc, source: ctx.source } as const;
  ctx.emit(rvcWord === undefined ? { ...item } : { ...item, rvcWord });
}

/** Emits `jal rd, target` (compressible to c.j only when written as `j`). */
export function emitJump(ctx: AsmContext, mnemonic: string, rd: number, target: Expr, loc: SourceLoc, rvcJ: boolean): void {
  const word = encode('jal', { rd });
  const item = { kind: 'branch', mnemonic, word, uncond: true, target, size: 4, loc, source: ctx.source } as const;
  ctx.emit(rvcJ && ctx.rvc ? { ...item, rvcWord: encode('c.j', {}) } : { ...item });
}

/**
 * c.j, c.jal, c.beqz and c.bnez written out: GNU as relaxes them like j and
 * beqz, to the 32-bit form (or an inverted branch over a jal) when out of reach.
 */
function emitCompressedBranch(ctx: AsmContext, name: string, fields: FieldValues, target: Expr, loc: SourceLoc): void {
  const rvcWord = encode(name, fields);
  const uncond = name === 'c.j' || name === 'c.jal';
  const word = uncond
    ? encode('jal', { rd: name === 'c.jal' ? REG_RA : REG_ZERO })
    : encode(name === 'c.beqz' ? 'beq' : 'bne', { rs1: fields.crs1q!, rs2: REG_ZERO });
  ctx.emit({ kind: 'branch', mnemonic: name, word, rvcWord, uncond, target, size: 2, loc, source: ctx.source });
}

/** Parses an operand for `field` of `insn`; sets the field, or returns a fixup for a relocated immediate. */
function parseField(
  ctx: AsmContext,
  insn: InsnSpec,
  field: string,
  op: Operand,
  fields: FieldValues,
): ParsedField {
  if (field === 'sp') {
    if (parseRegister(op) !== REG_SP) fail(op.loc, `${insn.name} requires sp here`);
    return {};
  }
  const name = field as FieldName;
  const f = FIELDS[name];
  if (f === undefined) throw new Error(`unknown field ${field} in the ISA table`);
  switch (f.kind) {
    case 'reg': {
      const r = parseRegister(op);
      if (f.regOffset && !isCompressedRegister(r)) fail(op.loc, `${insn.name} needs one of x8..x15 (s0, s1, a0..a5) here`);
      fields[name] = r;
      return {};
    }
    case 'csr': {
      const csr = parseCsr(op, ctx.names);
      let n: bigint;
      if ('number' in csr) n = BigInt(csr.number);
      else {
        const v = ctx.constant(csr.expr, op.loc);
        if (v === undefined) fail(op.loc, csr.unknownName ? `unknown CSR '${csr.unknownName}'` : 'CSR number must be a constant');
        n = v;
      }
      if (n < 0n || n > 0xfffn) fail(op.loc, `CSR number ${n} out of range (0..4095)`);
      fields[name] = Number(n);
      return {};
    }
    case 'fence':
      fields[name] = parseFenceSet(op);
      return {};
    default:
      break;
  }
  if (name === 'bimm13' || name === 'jimm21' || name === 'cjimm12' || name === 'cbimm9') {
    return { target: branchTarget(ctx, op, insn.name) };
  }
  return immediateField(ctx, insn, name, parseImmediate(op, ctx.names), fields);
}

/** What parsing one operand produced besides field values: a relocated immediate or a branch target. */
interface ParsedField {
  fixup?: Fixup;
  target?: Expr;
}

function immediateField(ctx: AsmContext, insn: InsnSpec, name: FieldName, imm: Immediate, fields: FieldValues): ParsedField {
  if (imm.modifier !== undefined) {
    let kind = MODIFIER_FIXUPS[name]?.[imm.modifier];
    if (insn.name === 'lui' && imm.modifier === 'hi') kind = 'hi20';
    if (insn.name === 'auipc' && imm.modifier === 'pcrel_hi') kind = 'pcrel_hi20';
    if (kind === undefined) fail(imm.loc, `%${imm.modifier} is not allowed for ${insn.name}`);
    return { fixup: { kind, expr: imm.expr, loc: imm.loc } };
  }
  fields[name] = checkedField(name, constantImmediate(ctx, imm, insn.name), insn.name, imm.loc);
  return {};
}

/** Operands of `insn` as written, by the syntax in isa.ts (`rd,imm12(rs1)`, `rd,(rs1)`, ...). */
function parseBySyntax(ctx: AsmContext, insn: InsnSpec, ops: Operand[], loc: SourceLoc) {
  const syntax = insn.operands === '' ? [] : insn.operands.split(',');
  expectOperands(ops, [syntax.length], insn.name, loc);
  const fields: FieldValues = {};
  let fixup: Fixup | undefined;
  let target: Expr | undefined;
  const take = (r: ParsedField): void => {
    fixup = r.fixup ?? fixup;
    target = r.target ?? target;
  };
  syntax.forEach((part, i) => {
    const op = ops[i]!;
    const mem = /^(\w*)\((\w+)\)$/.exec(part);
    if (mem === null) {
      take(parseField(ctx, insn, part, op, fields));
    } else if (mem[1] === '') {
      fields[mem[2] as FieldName] = parseBareMemory(op, ctx.names);
    } else {
      const m = parseMemory(op, ctx.names);
      if (m === undefined) fail(op.loc, `expected a memory operand offset(reg) for ${insn.name}`);
      const baseOp: Operand = { tokens: op.tokens.slice(-2, -1), loc: { ...op.loc, column: op.tokens[op.tokens.length - 2]!.column } };
      take(parseField(ctx, insn, mem[2]!, baseOp, fields));
      take(immediateField(ctx, insn, mem[1] as FieldName, m.offset, fields));
    }
  });
  return { fields, fixup, target };
}

/** The base operands compress.ts looks at, from parsed fields. */
function baseOperands(fields: FieldValues): BaseOperands {
  const imm = fields.imm12 ?? fields.simm12 ?? fields.shamt5 ?? fields.uimm20;
  const o: BaseOperands = {};
  if (fields.rd !== undefined) o.rd = fields.rd;
  if (fields.rs1 !== undefined) o.rs1 = fields.rs1;
  if (fields.rs2 !== undefined) o.rs2 = fields.rs2;
  if (imm !== undefined) o.imm = BigInt(imm);
  return o;
}

/**
 * Operands a written-out compressed instruction may not have, because the
 * encoding is reserved or is another instruction (c.lui with sp is
 * c.addi16sp, c.mv with rs2 = zero is c.jr, ...). HINT encodings (rd = zero)
 * are allowed, as GNU as allows them. On RV32 shift amounts are 1..31.
 */
function checkCompressedOperands(insn: InsnSpec, fields: FieldValues, ops: Operand[]): void {
  const name = insn.name;
  const refuse = (op: Operand | undefined, why: string): never => fail(op?.loc ?? ops[0]!.loc, `${name} ${why}`);
  if (name === 'c.lui' && fields.crd === REG_SP) refuse(ops[0], 'cannot write sp (that encoding is c.addi16sp)');
  if (name === 'c.lwsp' && fields.crd === REG_ZERO) refuse(ops[0], 'cannot load into zero (a reserved encoding)');
  if ((name === 'c.jr' || name === 'c.jalr') && fields.crd === REG_ZERO) {
    refuse(ops[0], `cannot jump through zero (${name === 'c.jr' ? 'a reserved encoding' : 'that encoding is c.ebreak'})`);
  }
  if ((name === 'c.mv' || name === 'c.add') && fields.crs2 === REG_ZERO) {
    refuse(ops[1], `cannot take zero as its source (that encoding is ${name === 'c.mv' ? 'c.jr' : 'c.jalr'})`);
  }
  const shamt = fields.cshamt6;
  if (shamt !== undefined && (shamt === 0 || shamt > 31)) refuse(ops[1], `shift amount ${shamt} out of range on RV32 (1..31)`);
}

/** Assembles a real instruction of the table; `written` is the mnemonic as written (for compression). */
export function assembleTableInstruction(ctx: AsmContext, insn: InsnSpec, ops: Operand[], loc: SourceLoc, written = insn.name): void {
  const { fields, fixup, target } = parseBySyntax(ctx, insn, ops, loc);
  if (insn.ext === 'C') checkCompressedOperands(insn, fields, ops);
  if (target !== undefined) {
    // Errors about the target point at it.
    const targetLoc = ops[ops.length - 1]!.loc;
    if (insn.name === 'jal') return emitJump(ctx, written, fields.rd!, target, targetLoc, false);
    if (insn.ext !== 'C') return emitBranch(ctx, written, insn.name, fields.rs1!, fields.rs2!, target, targetLoc);
    return emitCompressedBranch(ctx, insn.name, fields, target, targetLoc);
  }
  if (fixup !== undefined || insn.ext === 'C' || !ctx.rvc) {
    return emitWord(ctx, insn.name, encode(insn.name, fields), loc, fixup);
  }
  emitCompressible(ctx, written, insn.name, fields, baseOperands(fields), loc);
}
