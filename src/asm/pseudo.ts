// Pseudo-instructions and alternative operand forms GNU as 2.40 accepts for
// RV32IMAC + Zicsr (the "Pseudoinstructions" tables of the unprivileged spec,
// plus GNU's aliases such as `add rd, rs, imm`). Each expands to real
// instructions through instructions.ts.
import type { AsmContext } from './context.js';
import type { SourceLoc } from './diagnostics.js';
import { encode, spec } from './encode.js';
import type { Expr } from './expr.js';
import {
  assembleTableInstruction,
  branchTarget,
  checkedField,
  constantImmediate,
  emitBranch,
  emitCompressible,
  emitJump,
  emitWord,
  expectOperands,
} from './instructions.js';
import { loadImmediate } from './li.js';
import { asRegister, parseImmediate, parseMemory, parseRegister, type Operand } from './operands.js';
import { REG_RA, REG_T1, REG_ZERO } from './registers.js';

type Handler = (ctx: AsmContext, ops: Operand[], loc: SourceLoc, mnemonic: string) => void;

const CSR_CYCLE = 0xc00;
const CSR_TIME = 0xc01;
const CSR_INSTRET = 0xc02;
/** unimp: `csrrw x0, cycle, x0` (a write to a read-only CSR), or with RVC the all-zero halfword, defined illegal. */
const UNIMP_32 = encode('csrrw', { rd: REG_ZERO, csr: CSR_CYCLE, rs1: REG_ZERO });
const UNIMP_16 = 0x0000;

const reg = parseRegister;

/** auipc rd, %pcrel_hi(target), labelled so the second instruction's %pcrel_lo can find it. */
function emitAuipcPcrel(ctx: AsmContext, rd: number, target: Expr, loc: SourceLoc): Expr {
  const label = ctx.hereLabel();
  emitWord(ctx, 'auipc', encode('auipc', { rd }), loc, { kind: 'pcrel_hi20', expr: target, loc });
  return { kind: 'sym', name: label, column: loc.column };
}

/** `la`/`lla rd, symbol`: auipc + addi (mmulab, like GNU's riscv64-unknown-elf, does not build PIC). */
const loadAddress: Handler = (ctx, ops, loc, mn) => {
  expectOperands(ops, [2], mn, loc);
  const rd = reg(ops[0]!);
  const target = branchTarget(ctx, ops[1]!, mn);
  // An address known now is loaded like li (GNU as does the same).
  const value = ctx.constant(target, ops[1]!.loc);
  if (value !== undefined) {
    for (const s of loadImmediate(ctx, rd, value, ops[1]!.loc)) emitWord(ctx, s.mnemonic, s.word, loc);
    return;
  }
  const lo = emitAuipcPcrel(ctx, rd, target, ops[1]!.loc);
  emitWord(ctx, 'addi', encode('addi', { rd, rs1: rd }), loc, { kind: 'pcrel_lo12_i', expr: lo, loc: ops[1]!.loc });
};

/** `call`/`tail`/`jump`: auipc + jalr through `temp`, linking to `rd`. */
function farCall(ctx: AsmContext, rd: number, temp: number, targetOp: Operand, loc: SourceLoc, mn: string): void {
  const lo = emitAuipcPcrel(ctx, temp, branchTarget(ctx, targetOp, mn), targetOp.loc);
  emitWord(ctx, 'jalr', encode('jalr', { rd, rs1: temp }), loc, { kind: 'pcrel_lo12_i', expr: lo, loc: targetOp.loc });
}

/** Loads and stores whose address operand is a symbol rather than offset(reg). */
function symbolLoadStore(ctx: AsmContext, ops: Operand[], loc: SourceLoc, mn: string): boolean {
  const isStore = mn === 'sb' || mn === 'sh' || mn === 'sw';
  if (ops.length < 2 || parseMemory(ops[1]!, ctx.names) !== undefined) return false;
  if (isStore) {
    expectOperands(ops, [3], mn, loc);
    const [rs2, temp] = [reg(ops[0]!), reg(ops[2]!)];
    const lo = emitAuipcPcrel(ctx, temp, branchTarget(ctx, ops[1]!, mn), ops[1]!.loc);
    emitWord(ctx, mn, encode(mn, { rs2, rs1: temp }), loc, { kind: 'pcrel_lo12_s', expr: lo, loc: ops[1]!.loc });
  } else {
    expectOperands(ops, [2], mn, loc);
    const rd = reg(ops[0]!);
    const lo = emitAuipcPcrel(ctx, rd, branchTarget(ctx, ops[1]!, mn), ops[1]!.loc);
    emitWord(ctx, mn, encode(mn, { rd, rs1: rd }), loc, { kind: 'pcrel_lo12_i', expr: lo, loc: ops[1]!.loc });
  }
  return true;
}

/** A register-register instruction with operands picked from the written ones. */
function rType(base: string, pick: (r: number[]) => [number, number, number]): Handler {
  return (ctx, ops, loc, mn) => {
    expectOperands(ops, [3], mn, loc);
    const [rd, rs1, rs2] = pick(ops.map(reg));
    emitWord(ctx, base, encode(base, { rd, rs1, rs2 }), loc);
  };
}

/** A two-register alias: `op rd, rs` → base rd, rs1, rs2 as picked. */
function twoReg(base: string, pick: (rd: number, rs: number) => [number, number, number]): Handler {
  return (ctx, ops, loc, mn) => {
    expectOperands(ops, [2], mn, loc);
    const [rd, rs1, rs2] = pick(reg(ops[0]!), reg(ops[1]!));
    emitWord(ctx, base, encode(base, { rd, rs1, rs2 }), loc);
  };
}

/** A branch alias: operands mapped to (rs1, rs2) of `base`. */
function branchAlias(base: string, pick: (a: number, b: number) => [number, number], arity: 2 | 3): Handler {
  return (ctx, ops, loc, mn) => {
    expectOperands(ops, [arity], mn, loc);
    const a = reg(ops[0]!);
    const b = arity === 3 ? reg(ops[1]!) : REG_ZERO;
    const [rs1, rs2] = pick(a, b);
    emitBranch(ctx, mn, base, rs1, rs2, branchTarget(ctx, ops[arity - 1]!, mn), ops[arity - 1]!.loc);
  };
}

/** `op rd, rs, imm` written with a register-register mnemonic: GNU's alias for the immediate form. */
function immediateAlias(imm: string): Handler {
  return (ctx, ops, loc, mn) => {
    if (ops.length === 3 && asRegister(ops[2]!) === undefined) return assembleTableInstruction(ctx, spec(imm), ops, loc, mn);
    assembleTableInstruction(ctx, spec(mn), ops, loc);
  };
}

/** csrr/csrw/... : a CSR instruction with rd or rs1 fixed to x0; a constant source selects the `i` form. */
function csrAlias(base: string, withRd: boolean): Handler {
  return (ctx, ops, loc, mn) => {
    expectOperands(ops, [2], mn, loc);
    const zero: Operand = { tokens: [{ kind: 'ident', text: 'zero', value: 0n, column: loc.column, end: loc.column }], loc };
    const full = withRd ? [ops[0]!, ops[1]!, zero] : [zero, ops[0]!, ops[1]!];
    const source = full[2]!;
    const name = asRegister(source) === undefined && !base.endsWith('i') ? `${base}i` : base;
    assembleTableInstruction(ctx, spec(name), full, loc, mn);
  };
}

/** csrrw/csrrs/csrrc with a constant third operand mean csrrwi/csrrsi/csrrci. */
function csrImmediateAlias(ctx: AsmContext, ops: Operand[], loc: SourceLoc, mn: string): void {
  const name = ops.length === 3 && asRegister(ops[2]!) === undefined ? `${mn}i` : mn;
  assembleTableInstruction(ctx, spec(name), ops, loc, mn);
}

function counterRead(csr: number): Handler {
  return (ctx, ops, loc, mn) => {
    expectOperands(ops, [1], mn, loc);
    emitWord(ctx, 'csrrs', encode('csrrs', { rd: reg(ops[0]!), csr, rs1: REG_ZERO }), loc);
  };
}

/** `jr`/`jalr` short forms: `r`, `r, imm`, `imm(r)`; `link` is the rd they imply. */
function jumpRegister(link: number): Handler {
  return (ctx, ops, loc, mn) => {
    if (mn === 'jalr' && ops.length === 3) return assembleJalr3(ctx, ops, loc);
    if (mn === 'jalr' && ops.length === 2 && parseMemory(ops[1]!, ctx.names) !== undefined) {
      return assembleTableInstruction(ctx, spec('jalr'), ops, loc);
    }
    if (mn === 'jalr' && ops.length === 2 && asRegister(ops[1]!) !== undefined) {
      const [rd, rs1] = [reg(ops[0]!), reg(ops[1]!)];
      return emitWord(ctx, 'jalr', encode('jalr', { rd, rs1 }), loc);
    }
    expectOperands(ops, [1, 2], mn, loc);
    const mem = parseMemory(ops[0]!, ctx.names);
    if (mem !== undefined && ops.length === 1) {
      const imm = checkedField('imm12', constantImmediate(ctx, mem.offset, mn), mn, mem.offset.loc);
      return emitWord(ctx, 'jalr', encode('jalr', { rd: link, rs1: mem.base, imm12: imm }), loc);
    }
    const rs1 = reg(ops[0]!);
    if (ops.length === 2) {
      const imm = parseImmediate(ops[1]!, ctx.names);
      const v = checkedField('imm12', constantImmediate(ctx, imm, mn), mn, imm.loc);
      return emitWord(ctx, 'jalr', encode('jalr', { rd: link, rs1, imm12: v }), loc);
    }
    emitCompressible(ctx, `${mn} rs`, 'jalr', { rd: link, rs1 }, { rs1 }, loc);
  };
}

/** `jalr rd, rs1, imm`. */
function assembleJalr3(ctx: AsmContext, ops: Operand[], loc: SourceLoc): void {
  const [rd, rs1] = [reg(ops[0]!), reg(ops[1]!)];
  const imm = parseImmediate(ops[2]!, ctx.names);
  if (imm.modifier === 'lo' || imm.modifier === 'pcrel_lo') {
    const kind = imm.modifier === 'lo' ? 'lo12_i' : 'pcrel_lo12_i';
    return emitWord(ctx, 'jalr', encode('jalr', { rd, rs1 }), loc, { kind, expr: imm.expr, loc: imm.loc });
  }
  const v = checkedField('imm12', constantImmediate(ctx, imm, 'jalr'), 'jalr', imm.loc);
  emitWord(ctx, 'jalr', encode('jalr', { rd, rs1, imm12: v }), loc);
}

const HANDLERS: Record<string, Handler> = {
  nop: (ctx, ops, loc, mn) => {
    expectOperands(ops, [0], mn, loc);
    emitCompressible(ctx, 'nop', 'addi', {}, {}, loc);
  },
  li: (ctx, ops, loc, mn) => {
    expectOperands(ops, [2], mn, loc);
    const rd = reg(ops[0]!);
    const value = constantImmediate(ctx, parseImmediate(ops[1]!, ctx.names), mn);
    for (const s of loadImmediate(ctx, rd, value, ops[1]!.loc)) emitWord(ctx, s.mnemonic, s.word, loc);
  },
  la: loadAddress,
  lla: loadAddress,
  call: (ctx, ops, loc, mn) => {
    expectOperands(ops, [1, 2], mn, loc);
    if (ops.length === 1) farCall(ctx, REG_RA, REG_RA, ops[0]!, loc, mn);
    else farCall(ctx, reg(ops[0]!), REG_T1, ops[1]!, loc, mn);
  },
  tail: (ctx, ops, loc, mn) => {
    expectOperands(ops, [1], mn, loc);
    farCall(ctx, REG_ZERO, REG_T1, ops[0]!, loc, mn);
  },
  jump: (ctx, ops, loc, mn) => {
    expectOperands(ops, [2], mn, loc);
    farCall(ctx, REG_ZERO, reg(ops[1]!), ops[0]!, loc, mn);
  },
  j: (ctx, ops, loc, mn) => {
    expectOperands(ops, [1], mn, loc);
    emitJump(ctx, mn, REG_ZERO, branchTarget(ctx, ops[0]!, mn), ops[0]!.loc, true);
  },
  jal: (ctx, ops, loc, mn) => {
    if (ops.length === 2) return assembleTableInstruction(ctx, spec('jal'), ops, loc);
    expectOperands(ops, [1, 2], mn, loc);
    emitJump(ctx, mn, REG_RA, branchTarget(ctx, ops[0]!, mn), ops[0]!.loc, false);
  },
  jr: jumpRegister(REG_ZERO),
  jalr: jumpRegister(REG_RA),
  ret: (ctx, ops, loc, mn) => {
    expectOperands(ops, [0], mn, loc);
    emitCompressible(ctx, 'jr rs', 'jalr', { rd: REG_ZERO, rs1: REG_RA }, { rs1: REG_RA }, loc);
  },
  mv: (ctx, ops, loc, mn) => {
    expectOperands(ops, [2], mn, loc);
    const [rd, rs1] = [reg(ops[0]!), reg(ops[1]!)];
    emitCompressible(ctx, 'mv', 'addi', { rd, rs1 }, { rd, rs1 }, loc);
  },
  move: (ctx, ops, loc, mn) => {
    expectOperands(ops, [2], mn, loc);
    const [rd, rs1] = [reg(ops[0]!), reg(ops[1]!)];
    emitCompressible(ctx, 'move', 'addi', { rd, rs1 }, { rd, rs1 }, loc);
  },
  not: (ctx, ops, loc, mn) => {
    expectOperands(ops, [2], mn, loc);
    emitWord(ctx, 'xori', encode('xori', { rd: reg(ops[0]!), rs1: reg(ops[1]!), imm12: -1 }), loc);
  },
  seqz: (ctx, ops, loc, mn) => {
    expectOperands(ops, [2], mn, loc);
    emitWord(ctx, 'sltiu', encode('sltiu', { rd: reg(ops[0]!), rs1: reg(ops[1]!), imm12: 1 }), loc);
  },
  'zext.b': (ctx, ops, loc, mn) => {
    expectOperands(ops, [2], mn, loc);
    emitWord(ctx, 'andi', encode('andi', { rd: reg(ops[0]!), rs1: reg(ops[1]!), imm12: 255 }), loc);
  },
  neg: twoReg('sub', (rd, rs) => [rd, REG_ZERO, rs]),
  snez: twoReg('sltu', (rd, rs) => [rd, REG_ZERO, rs]),
  sltz: twoReg('slt', (rd, rs) => [rd, rs, REG_ZERO]),
  sgtz: twoReg('slt', (rd, rs) => [rd, REG_ZERO, rs]),
  sgt: rType('slt', ([rd, a, b]) => [rd!, b!, a!]),
  sgtu: rType('sltu', ([rd, a, b]) => [rd!, b!, a!]),
  beqz: branchAlias('beq', (a) => [a, REG_ZERO], 2),
  bnez: branchAlias('bne', (a) => [a, REG_ZERO], 2),
  blez: branchAlias('bge', (a) => [REG_ZERO, a], 2),
  bgez: branchAlias('bge', (a) => [a, REG_ZERO], 2),
  bltz: branchAlias('blt', (a) => [a, REG_ZERO], 2),
  bgtz: branchAlias('blt', (a) => [REG_ZERO, a], 2),
  bgt: branchAlias('blt', (a, b) => [b, a], 3),
  ble: branchAlias('bge', (a, b) => [b, a], 3),
  bgtu: branchAlias('bltu', (a, b) => [b, a], 3),
  bleu: branchAlias('bgeu', (a, b) => [b, a], 3),
  add: immediateAlias('addi'),
  and: immediateAlias('andi'),
  or: immediateAlias('ori'),
  xor: immediateAlias('xori'),
  sll: immediateAlias('slli'),
  srl: immediateAlias('srli'),
  sra: immediateAlias('srai'),
  slt: immediateAlias('slti'),
  sltu: immediateAlias('sltiu'),
  csrr: csrAlias('csrrs', true),
  csrw: csrAlias('csrrw', false),
  csrs: csrAlias('csrrs', false),
  csrc: csrAlias('csrrc', false),
  csrwi: csrAlias('csrrwi', false),
  csrsi: csrAlias('csrrsi', false),
  csrci: csrAlias('csrrci', false),
  csrrw: csrImmediateAlias,
  csrrs: csrImmediateAlias,
  csrrc: csrImmediateAlias,
  rdcycle: counterRead(CSR_CYCLE),
  rdtime: counterRead(CSR_TIME),
  rdinstret: counterRead(CSR_INSTRET),
  rdcycleh: counterRead(CSR_CYCLE + 0x80),
  rdtimeh: counterRead(CSR_TIME + 0x80),
  rdinstreth: counterRead(CSR_INSTRET + 0x80),
  fence: (ctx, ops, loc) => {
    if (ops.length !== 0) return assembleTableInstruction(ctx, spec('fence'), ops, loc);
    emitWord(ctx, 'fence', encode('fence', { pred: 0xf, succ: 0xf }), loc);
  },
  'sfence.vma': (ctx, ops, loc, mn) => {
    expectOperands(ops, [0, 1, 2], mn, loc);
    const [rs1, rs2] = [ops[0] ? reg(ops[0]) : REG_ZERO, ops[1] ? reg(ops[1]) : REG_ZERO];
    emitWord(ctx, 'sfence.vma', encode('sfence.vma', { rs1, rs2 }), loc);
  },
  unimp: (ctx, ops, loc, mn) => {
    expectOperands(ops, [0], mn, loc);
    emitWord(ctx, ctx.rvc ? 'c.unimp' : 'unimp', ctx.rvc ? UNIMP_16 : UNIMP_32, loc);
  },
  ebreak: (ctx, ops, loc, mn) => {
    expectOperands(ops, [0], mn, loc);
    emitCompressible(ctx, 'ebreak', 'ebreak', {}, {}, loc);
  },
  // GNU as writes c.nop without operands (the table's immediate is the HINT space, always 0 here).
  'c.nop': (ctx, ops, loc, mn) => {
    expectOperands(ops, [0], mn, loc);
    emitWord(ctx, 'c.nop', encode('c.nop', { csimm6: 0 }), loc);
  },
  sbreak: (ctx, ops, loc) => HANDLERS.ebreak!(ctx, ops, loc, 'sbreak'),
  scall: (ctx, ops, loc) => assembleTableInstruction(ctx, spec('ecall'), ops, loc),
};

const LOADS_STORES = new Set(['lb', 'lh', 'lw', 'lbu', 'lhu', 'sb', 'sh', 'sw']);

/** Assembles `mnemonic` if it is a pseudo-instruction or an alias form; false if it is not one. */
export function assemblePseudo(ctx: AsmContext, mnemonic: string, ops: Operand[], loc: SourceLoc): boolean {
  if (LOADS_STORES.has(mnemonic)) return symbolLoadStore(ctx, ops, loc, mnemonic);
  const handler = HANDLERS[mnemonic];
  if (handler === undefined) return false;
  handler(ctx, ops, loc, mnemonic);
  return true;
}
