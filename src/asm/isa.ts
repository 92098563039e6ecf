// The instruction set as data: every RV32IMAC + Zicsr + Zifencei + privileged
// instruction with its match/mask bits (as in riscv-opcodes) and its operand
// syntax. The assembler encodes from this table and the disassembler decodes
// with it, so an encoding is written down exactly once.
//
// Operand syntax is a comma-separated list of field names from FIELDS below;
// `field(field)` is a memory operand such as `8(sp)`. The name of a field says
// where its bits live; see FIELDS for the scatter of each immediate. A plain
// register name (`sp`) is an operand the encoding fixes.

export type Extension = 'I' | 'M' | 'A' | 'C' | 'Zicsr' | 'Zifencei' | 'Priv';

export interface InsnSpec {
  /** GNU mnemonic, e.g. `addi`, `amoadd.w.aq`, `c.addi4spn`. */
  readonly name: string;
  readonly ext: Extension;
  /** Bits that must equal `match` under `mask` for a word to be this instruction. */
  readonly match: number;
  readonly mask: number;
  /** Operands as written in assembly, e.g. `rd,rs1,imm12` or `rd,imm12(rs1)`. */
  readonly operands: string;
  /** 2 for compressed instructions, 4 otherwise. */
  readonly size: 2 | 4;
}

/**
 * One contiguous run of instruction bits [hi:lo] holding value bits starting at
 * `at`. An immediate is the union of its runs; the sign is its highest value bit.
 */
export type BitRun = readonly [hi: number, lo: number, at: number];

export type FieldKind = 'reg' | 'imm' | 'uimm' | 'csr' | 'fence';

export interface FieldSpec {
  readonly kind: FieldKind;
  readonly runs: readonly BitRun[];
  /** Width of the value in bits (the scatter covers bits [width-1 : lowZeroBits]). */
  readonly width: number;
  /** Register fields of the compressed 3-bit form name x8..x15. */
  readonly regOffset?: number;
}

const reg = (hi: number, lo: number, regOffset = 0): FieldSpec =>
  ({ kind: 'reg', runs: [[hi, lo, 0]], width: hi - lo + 1, regOffset });
const simm = (width: number, ...runs: BitRun[]): FieldSpec => ({ kind: 'imm', runs, width });
const uimm = (width: number, ...runs: BitRun[]): FieldSpec => ({ kind: 'uimm', runs, width });

/** Every operand field, named for the instruction format it belongs to. */
export const FIELDS = {
  // 32-bit formats
  rd: reg(11, 7),
  rs1: reg(19, 15),
  rs2: reg(24, 20),
  imm12: simm(12, [31, 20, 0]), // I-type
  simm12: simm(12, [31, 25, 5], [11, 7, 0]), // S-type
  bimm13: simm(13, [31, 31, 12], [30, 25, 5], [11, 8, 1], [7, 7, 11]), // B-type
  uimm20: uimm(20, [31, 12, 0]), // U-type, the value as written (not shifted)
  jimm21: simm(21, [31, 31, 20], [30, 21, 1], [20, 20, 11], [19, 12, 12]), // J-type
  shamt5: uimm(5, [24, 20, 0]),
  csr: { kind: 'csr', runs: [[31, 20, 0]], width: 12 } as FieldSpec,
  zimm5: uimm(5, [19, 15, 0]),
  pred: { kind: 'fence', runs: [[27, 24, 0]], width: 4 } as FieldSpec,
  succ: { kind: 'fence', runs: [[23, 20, 0]], width: 4 } as FieldSpec,
  // compressed formats
  crd: reg(11, 7), // also rs1 of CR/CI forms
  crs2: reg(6, 2),
  crdq: reg(4, 2, 8), // rd' of CIW/CL
  crs1q: reg(9, 7, 8), // rs1' / rd' of CL/CS/CA/CB
  crs2q: reg(4, 2, 8), // rs2' of CS/CA
  cnzuimm10: uimm(10, [12, 11, 4], [10, 7, 6], [6, 6, 2], [5, 5, 3]), // c.addi4spn
  cuimm7: uimm(7, [12, 10, 3], [6, 6, 2], [5, 5, 6]), // c.lw / c.sw
  csimm6: simm(6, [12, 12, 5], [6, 2, 0]), // c.addi, c.li, c.andi
  cshamt6: uimm(6, [12, 12, 5], [6, 2, 0]), // c.slli, c.srli, c.srai
  clui6: simm(6, [12, 12, 5], [6, 2, 0]), // c.lui: nzimm[17:12], written as a 20-bit value
  caddi16sp: simm(10, [12, 12, 9], [6, 6, 4], [5, 5, 6], [4, 3, 7], [2, 2, 5]),
  cjimm12: simm(12, [12, 12, 11], [11, 11, 4], [10, 9, 8], [8, 8, 10], [7, 7, 6], [6, 6, 7], [5, 3, 1], [2, 2, 5]),
  cbimm9: simm(9, [12, 12, 8], [11, 10, 3], [6, 5, 6], [4, 3, 1], [2, 2, 5]),
  clwsp8: uimm(8, [12, 12, 5], [6, 4, 2], [3, 2, 6]),
  cswsp8: uimm(8, [12, 9, 2], [8, 7, 6]),
} as const satisfies Record<string, FieldSpec>;

export type FieldName = keyof typeof FIELDS;

/** The value of `field` in `word`, sign-extended for signed immediates. */
export function extractField(word: number, field: FieldName): number {
  const spec: FieldSpec = FIELDS[field];
  let value = 0;
  for (const [hi, lo, at] of spec.runs) {
    const len = hi - lo + 1;
    value |= ((word >>> lo) & ((1 << len) - 1)) << at;
  }
  if (spec.kind === 'imm') {
    const shift = 32 - spec.width;
    return (value << shift) >> shift;
  }
  return (value >>> 0) + (spec.regOffset ?? 0);
}

/** `word` with `value` placed into `field` (bits of the value outside the field are dropped). */
export function insertField(word: number, field: FieldName, value: number): number {
  const spec: FieldSpec = FIELDS[field];
  const v = value - (spec.regOffset ?? 0);
  for (const [hi, lo, at] of spec.runs) {
    const len = hi - lo + 1;
    const bits = (v >>> at) & ((1 << len) - 1);
    const mask = ((1 << len) - 1) << lo;
    word = (word & ~mask) | (bits << lo);
  }
  return word >>> 0;
}

/** Lowest value bit an immediate can hold: its values are multiples of 2^lowBit. */
export function fieldLowBit(field: FieldName): number {
  return Math.min(...FIELDS[field].runs.map(([, , at]) => at));
}

const insns: InsnSpec[] = [];
function def(name: string, ext: Extension, match: number, mask: number, operands: string): void {
  insns.push({ name, ext, match: match >>> 0, mask: mask >>> 0, operands, size: ext === 'C' ? 2 : 4 });
}

// Masks of the 32-bit formats.
const OP = 0x7f; // opcode only (U, J)
const F3 = 0x707f; // opcode + funct3 (I, S, B)
const F7 = 0xfe00707f; // opcode + funct3 + funct7 (R)
const ALL = 0xffffffff; // no operands

// RV32I
def('lui', 'I', 0x37, OP, 'rd,uimm20');
def('auipc', 'I', 0x17, OP, 'rd,uimm20');
def('jal', 'I', 0x6f, OP, 'rd,jimm21');
def('jalr', 'I', 0x67, F3, 'rd,imm12(rs1)');
for (const [name, f3] of [['beq', 0], ['bne', 1], ['blt', 4], ['bge', 5], ['bltu', 6], ['bgeu', 7]] as const) {
  def(name, 'I', 0x63 | (f3 << 12), F3, 'rs1,rs2,bimm13');
}
for (const [name, f3] of [['lb', 0], ['lh', 1], ['lw', 2], ['lbu', 4], ['lhu', 5]] as const) {
  def(name, 'I', 0x03 | (f3 << 12), F3, 'rd,imm12(rs1)');
}
for (const [name, f3] of [['sb', 0], ['sh', 1], ['sw', 2]] as const) {
  def(name, 'I', 0x23 | (f3 << 12), F3, 'rs2,simm12(rs1)');
}
for (const [name, f3] of [['addi', 0], ['slti', 2], ['sltiu', 3], ['xori', 4], ['ori', 6], ['andi', 7]] as const) {
  def(name, 'I', 0x13 | (f3 << 12), F3, 'rd,rs1,imm12');
}
def('slli', 'I', 0x1013, F7, 'rd,rs1,shamt5');
def('srli', 'I', 0x5013, F7, 'rd,rs1,shamt5');
def('srai', 'I', 0x40005013, F7, 'rd,rs1,shamt5');
const R_OPS = [
  ['add', 0, 0], ['sub', 0x20, 0], ['sll', 0, 1], ['slt', 0, 2], ['sltu', 0, 3],
  ['xor', 0, 4], ['srl', 0, 5], ['sra', 0x20, 5], ['or', 0, 6], ['and', 0, 7],
] as const;
for (const [name, f7, f3] of R_OPS) def(name, 'I', 0x33 | (f3 << 12) | (f7 << 25), F7, 'rd,rs1,rs2');
def('fence.tso', 'I', 0x8330000f, 0xfff0707f, '');
def('fence', 'I', 0x0f, F3, 'pred,succ');
def('ecall', 'I', 0x73, ALL, '');
def('ebreak', 'I', 0x00100073, ALL, '');

// M
const M_OPS = ['mul', 'mulh', 'mulhsu', 'mulhu', 'div', 'divu', 'rem', 'remu'];
M_OPS.forEach((name, f3) => def(name, 'M', 0x02000033 | (f3 << 12), F7, 'rd,rs1,rs2'));

// A: each instruction in its four ordering variants (aq = bit 26, rl = bit 25).
const ORDERINGS = [['', 0], ['.aq', 2], ['.rl', 1], ['.aqrl', 3]] as const;
for (const [suffix, aqrl] of ORDERINGS) {
  def(`lr.w${suffix}`, 'A', 0x1000202f | (aqrl << 25), 0xfff0707f, 'rd,(rs1)');
  def(`sc.w${suffix}`, 'A', 0x1800202f | (aqrl << 25), F7, 'rd,rs2,(rs1)');
}
const AMO_OPS = [
  ['amoswap', 0x01], ['amoadd', 0x00], ['amoxor', 0x04], ['amoand', 0x0c], ['amoor', 0x08],
  ['amomin', 0x10], ['amomax', 0x14], ['amominu', 0x18], ['amomaxu', 0x1c],
] as const;
for (const [name, f5] of AMO_OPS) {
  for (const [suffix, aqrl] of ORDERINGS) {
    def(`${name}.w${suffix}`, 'A', 0x202f | (f5 << 27) | (aqrl << 25), F7, 'rd,rs2,(rs1)');
  }
}

// Zicsr, Zifencei
['csrrw', 'csrrs', 'csrrc'].forEach((name, i) => def(name, 'Zicsr', 0x1073 + (i << 12), F3, 'rd,csr,rs1'));
['csrrwi', 'csrrsi', 'csrrci'].forEach((name, i) => def(name, 'Zicsr', 0x5073 + (i << 12), F3, 'rd,csr,zimm5'));
def('fence.i', 'Zifencei', 0x100f, F3, '');

// Privileged
def('mret', 'Priv', 0x30200073, ALL, '');
def('sret', 'Priv', 0x10200073, ALL, '');
def('wfi', 'Priv', 0x10500073, ALL, '');
def('sfence.vma', 'Priv', 0x12000073, 0xfe007fff, 'rs1,rs2');

// C (RV32): quadrant 0
def('c.addi4spn', 'C', 0x0000, 0xe003, 'crdq,sp,cnzuimm10');
def('c.lw', 'C', 0x4000, 0xe003, 'crdq,cuimm7(crs1q)');
def('c.sw', 'C', 0xc000, 0xe003, 'crs2q,cuimm7(crs1q)');
// quadrant 1
def('c.nop', 'C', 0x0001, 0xef83, 'csimm6');
def('c.addi', 'C', 0x0001, 0xe003, 'crd,csimm6');
def('c.jal', 'C', 0x2001, 0xe003, 'cjimm12');
def('c.li', 'C', 0x4001, 0xe003, 'crd,csimm6');
def('c.addi16sp', 'C', 0x6101, 0xef83, 'sp,caddi16sp');
def('c.lui', 'C', 0x6001, 0xe003, 'crd,clui6');
def('c.srli', 'C', 0x8001, 0xec03, 'crs1q,cshamt6');
def('c.srai', 'C', 0x8401, 0xec03, 'crs1q,cshamt6');
def('c.andi', 'C', 0x8801, 0xec03, 'crs1q,csimm6');
def('c.sub', 'C', 0x8c01, 0xfc63, 'crs1q,crs2q');
def('c.xor', 'C', 0x8c21, 0xfc63, 'crs1q,crs2q');
def('c.or', 'C', 0x8c41, 0xfc63, 'crs1q,crs2q');
def('c.and', 'C', 0x8c61, 0xfc63, 'crs1q,crs2q');
def('c.j', 'C', 0xa001, 0xe003, 'cjimm12');
def('c.beqz', 'C', 0xc001, 0xe003, 'crs1q,cbimm9');
def('c.bnez', 'C', 0xe001, 0xe003, 'crs1q,cbimm9');
// quadrant 2
def('c.slli', 'C', 0x0002, 0xe003, 'crd,cshamt6');
def('c.lwsp', 'C', 0x4002, 0xe003, 'crd,clwsp8(sp)');
def('c.jr', 'C', 0x8002, 0xf07f, 'crd');
def('c.mv', 'C', 0x8002, 0xf003, 'crd,crs2');
def('c.ebreak', 'C', 0x9002, 0xffff, '');
def('c.jalr', 'C', 0x9002, 0xf07f, 'crd');
def('c.add', 'C', 0x9002, 0xf003, 'crd,crs2');
def('c.swsp', 'C', 0xc002, 0xe003, 'crs2,cswsp8(sp)');

/**
 * Every instruction, most specific encoding first within each group (e.g.
 * `c.nop` before `c.addi`, `c.ebreak` before `c.jalr` before `c.add`), so the
 * first entry whose mask matches is the right decode.
 */
export const INSNS: readonly InsnSpec[] = insns;

/** Instructions by mnemonic. */
export const INSN_BY_NAME: ReadonlyMap<string, InsnSpec> = new Map(insns.map((i) => [i.name, i]));

/** ABI names of x0..x31, in register order. */
export const ABI_NAMES = [
  'zero', 'ra', 'sp', 'gp', 'tp', 't0', 't1', 't2', 's0', 's1', 'a0', 'a1', 'a2', 'a3', 'a4', 'a5',
  'a6', 'a7', 's2', 's3', 's4', 's5', 's6', 's7', 's8', 's9', 's10', 's11', 't3', 't4', 't5', 't6',
] as const;
