// Instruction fields (unprivileged spec, "Base Instruction Formats") and the
// expansion of every RV32 compressed instruction into its 32-bit equivalent
// ("C" extension, RVC instruction set listings). Reserved encodings, RV64-
// only forms and the F/D forms (no F or D here) expand to 0: illegal.
import { RVC_LOCATION } from '../layout';
import { INSN_EBREAK } from '../encoding';

@inline export function rd(i: u32): u32 { return (i >> 7) & 31; }
@inline export function rs1(i: u32): u32 { return (i >> 15) & 31; }
@inline export function rs2(i: u32): u32 { return (i >> 20) & 31; }
@inline export function funct3(i: u32): u32 { return (i >> 12) & 7; }
@inline export function funct7(i: u32): u32 { return i >> 25; }
@inline export function immI(i: u32): u32 { return <u32>(<i32>i >> 20); }
@inline export function immS(i: u32): u32 { return <u32>((<i32>i >> 20) & ~31) | ((i >> 7) & 31); }
@inline export function immB(i: u32): u32 {
  return <u32>((<i32>(i & 0x80000000)) >> 19) | ((i & 0x80) << 4) | ((i >> 20) & 0x7e0) | ((i >> 7) & 0x1e);
}
@inline export function immU(i: u32): u32 { return i & 0xfffff000; }
@inline export function immJ(i: u32): u32 {
  return <u32>((<i32>(i & 0x80000000)) >> 11) | (i & 0xff000) | ((i >> 9) & 0x800) | ((i >> 20) & 0x7fe);
}

// 32-bit encoders used by the expansion.
function encR(f7: u32, rs2v: u32, rs1v: u32, f3: u32, rdv: u32, op: u32): u32 {
  return (f7 << 25) | (rs2v << 20) | (rs1v << 15) | (f3 << 12) | (rdv << 7) | op;
}
function encI(imm: u32, rs1v: u32, f3: u32, rdv: u32, op: u32): u32 {
  return ((imm & 0xfff) << 20) | (rs1v << 15) | (f3 << 12) | (rdv << 7) | op;
}
function encS(imm: u32, rs2v: u32, rs1v: u32, f3: u32, op: u32): u32 {
  return (((imm >> 5) & 0x7f) << 25) | (rs2v << 20) | (rs1v << 15) | (f3 << 12) | ((imm & 31) << 7) | op;
}
function encB(imm: u32, rs2v: u32, rs1v: u32, f3: u32): u32 {
  return (((imm >> 12) & 1) << 31) | (((imm >> 5) & 0x3f) << 25) | (rs2v << 20) | (rs1v << 15) |
    (f3 << 12) | (((imm >> 1) & 0xf) << 8) | (((imm >> 11) & 1) << 7) | 0x63;
}
function encJ(imm: u32, rdv: u32): u32 {
  return (((imm >> 20) & 1) << 31) | (((imm >> 1) & 0x3ff) << 21) | (((imm >> 11) & 1) << 20) |
    (((imm >> 12) & 0xff) << 12) | (rdv << 7) | 0x6f;
}

const LOAD: u32 = 0x03;
const OP_IMM: u32 = 0x13;
const STORE: u32 = 0x23;
const OP: u32 = 0x33;
const LUI: u32 = 0x37;
const JALR: u32 = 0x67;

/** bit `from` of c, placed at bit `to`. */
@inline function bit(c: u32, from: u32, to: u32): u32 { return ((c >> from) & 1) << to; }
/** Sign-extends the low `bits` bits of v. */
@inline function sext(v: u32, bits: u32): u32 { return <u32>((<i32>(v << (32 - bits))) >> (32 - bits)); }
/** A 3-bit compressed register field (x8..x15) at bit `at`. */
@inline function creg(c: u32, at: u32): u32 { return 8 + ((c >> at) & 7); }

/** Fills the RVC table: the run loop expands with one load. */
export function fillRvcTable(): void {
  for (let c: u32 = 0; c < 0x10000; c++) {
    store<u32>(RVC_LOCATION + (c << 2), (c & 3) == 3 ? 0 : expandCompressed(c));
  }
}

/** The 32-bit equivalent of compressed instruction c (from the table), or 0 if c is illegal. */
@inline export function expandedRvc(c: u32): u32 {
  return load<u32>(RVC_LOCATION + (c << 2));
}

/** The 32-bit equivalent of compressed instruction c, or 0 if c is reserved or not RV32IMAC. */
function expandCompressed(c: u32): u32 {
  const op = c & 3;
  const f3 = (c >> 13) & 7;
  if (op == 0) return expandQuadrant0(c, f3);
  if (op == 1) return expandQuadrant1(c, f3);
  return expandQuadrant2(c, f3);
}

function expandQuadrant0(c: u32, f3: u32): u32 {
  if (f3 == 0) { // C.ADDI4SPN
    const imm = bit(c, 6, 2) | bit(c, 5, 3) | (((c >> 11) & 3) << 4) | (((c >> 7) & 0xf) << 6);
    if (imm == 0) return 0; // reserved (includes the all-zero instruction)
    return encI(imm, 2, 0, creg(c, 2), OP_IMM);
  }
  const offset = (((c >> 10) & 7) << 3) | bit(c, 6, 2) | bit(c, 5, 6);
  if (f3 == 2) return encI(offset, creg(c, 7), 2, creg(c, 2), LOAD); // C.LW
  if (f3 == 6) return encS(offset, creg(c, 2), creg(c, 7), 2, STORE); // C.SW
  return 0; // C.FLD, C.FLW, reserved, C.FSD, C.FSW
}

function expandQuadrant1(c: u32, f3: u32): u32 {
  const r = rd(c);
  const imm6 = sext(bit(c, 12, 5) | ((c >> 2) & 31), 6);
  switch (f3) {
    case 0: return encI(imm6, r, 0, r, OP_IMM); // C.NOP / C.ADDI (HINTs included)
    case 1: return encJ(cjOffset(c), 1); // C.JAL
    case 2: return encI(imm6, 0, 0, r, OP_IMM); // C.LI
    case 3: {
      if (r == 2) { // C.ADDI16SP
        const imm = sext(bit(c, 12, 9) | bit(c, 6, 4) | bit(c, 5, 6) | bit(c, 4, 8) | bit(c, 3, 7) | bit(c, 2, 5), 10);
        if (imm == 0) return 0;
        return encI(imm, 2, 0, 2, OP_IMM);
      }
      if (imm6 == 0) return 0; // C.LUI with nzimm = 0 is reserved
      return (imm6 << 12) | (r << 7) | LUI;
    }
    case 4: return expandArith(c);
    case 5: return encJ(cjOffset(c), 0); // C.J
    default: { // C.BEQZ, C.BNEZ
      const off = sext(bit(c, 12, 8) | (((c >> 10) & 3) << 3) | (((c >> 5) & 3) << 6) |
        (((c >> 3) & 3) << 1) | bit(c, 2, 5), 9);
      return encB(off, 0, creg(c, 7), f3 == 6 ? 0 : 1);
    }
  }
}

function cjOffset(c: u32): u32 {
  return sext(bit(c, 12, 11) | bit(c, 11, 4) | (((c >> 9) & 3) << 8) | bit(c, 8, 10) |
    bit(c, 7, 6) | bit(c, 6, 7) | (((c >> 3) & 7) << 1) | bit(c, 2, 5), 12);
}

function expandArith(c: u32): u32 {
  const r = creg(c, 7);
  const kind = (c >> 10) & 3;
  if (kind < 2) { // C.SRLI, C.SRAI: shamt[5] = 1 is reserved on RV32
    if ((c & 0x1000) != 0) return 0;
    return encI(((c >> 2) & 31) | (kind << 10), r, 5, r, OP_IMM);
  }
  if (kind == 2) return encI(sext(bit(c, 12, 5) | ((c >> 2) & 31), 6), r, 7, r, OP_IMM); // C.ANDI
  if ((c & 0x1000) != 0) return 0; // C.SUBW, C.ADDW (RV64) and reserved
  const r2 = creg(c, 2);
  switch ((c >> 5) & 3) {
    case 0: return encR(0x20, r2, r, 0, r, OP); // C.SUB
    case 1: return encR(0, r2, r, 4, r, OP); // C.XOR
    case 2: return encR(0, r2, r, 6, r, OP); // C.OR
    default: return encR(0, r2, r, 7, r, OP); // C.AND
  }
}

function expandQuadrant2(c: u32, f3: u32): u32 {
  const r = rd(c);
  const r2 = (c >> 2) & 31;
  switch (f3) {
    case 0: // C.SLLI: shamt[5] = 1 is reserved on RV32
      if ((c & 0x1000) != 0) return 0;
      return encI(r2, r, 1, r, OP_IMM);
    case 2: { // C.LWSP
      if (r == 0) return 0;
      const off = bit(c, 12, 5) | (((c >> 4) & 7) << 2) | (((c >> 2) & 3) << 6);
      return encI(off, 2, 2, r, LOAD);
    }
    case 4:
      if ((c & 0x1000) == 0) {
        if (r2 == 0) return r == 0 ? 0 : encI(0, r, 0, 0, JALR); // C.JR (rs1 = 0 reserved)
        return encR(0, r2, 0, 0, r, OP); // C.MV
      }
      if (r2 == 0) return r == 0 ? INSN_EBREAK : encI(0, r, 0, 1, JALR); // C.EBREAK, C.JALR
      return encR(0, r2, r, 0, r, OP); // C.ADD
    case 6: { // C.SWSP
      const off = (((c >> 9) & 0xf) << 2) | (((c >> 7) & 3) << 6);
      return encS(off, r2, 2, 2, STORE);
    }
    default: return 0; // C.FLDSP, C.FLWSP, C.FSDSP, C.FSWSP
  }
}
