// Pre-decoded instructions: each instruction is decoded once into a record
// that the run loop executes with ONE flat switch (an op number per
// instruction, so no second-level switch on funct3/funct7) and with its
// register numbers and immediate already extracted.
//
// The decode cache is a memo table, direct-mapped by the host address of the
// instruction. A record keeps the 32-bit word it was decoded from, and the
// run loop uses it only while that word is still what memory holds at the
// fetch address: a record is a pure function of those bits, so stores by the
// guest (self-modifying code), writes by the host and FENCE.I need no
// invalidation, and two addresses sharing a slot only cost a re-decode.
// Whether the fetch itself is allowed (translation, privilege, PMP) is still
// decided per instruction by the fetch page check in the run loop.
//
// Record layout (DECODE_RECORD_SIZE bytes):
//   0 the word fetched (a compressed instruction in its low 16 bits)
//   4 op (u8)   5 rd * 4 (u8)   6 rs1 * 4 (u8)   7 rs2 * 4 (u8)
//   8 immediate (sign-extended; the shift amount for shifts)
//  12 the 32-bit instruction (the expansion of a compressed one)
import {
  OP_LOAD, OP_MISC_MEM, OP_OP_IMM, OP_AUIPC, OP_STORE, OP_AMO, OP_OP, OP_LUI,
  OP_BRANCH, OP_JALR, OP_JAL, OP_SYSTEM,
} from '../encoding';
import { DECODE_LOCATION, DECODE_ENTRIES, DECODE_RECORD_SIZE } from '../layout';
import { rd, rs1, rs2, funct3, funct7, immI, immS, immB, immU, immJ, expandedRvc } from './decode';

// Op numbers: dense from 0 so the run loop's switch is one jump table. 0 is
// an illegal instruction, so the all-zero record of an empty slot matches the
// all-zero word (itself an illegal instruction) and means the right thing.
export const ILLEGAL: u32 = 0;
export const LUI: u32 = 1;
export const AUIPC: u32 = 2;
export const JAL: u32 = 3;
export const JALR: u32 = 4;
export const BEQ: u32 = 5;
export const BNE: u32 = 6;
export const BLT: u32 = 7;
export const BGE: u32 = 8;
export const BLTU: u32 = 9;
export const BGEU: u32 = 10;
export const LB: u32 = 11;
export const LH: u32 = 12;
export const LW: u32 = 13;
export const LBU: u32 = 14;
export const LHU: u32 = 15;
export const SB: u32 = 16;
export const SH: u32 = 17;
export const SW: u32 = 18;
export const FIRST_MEMORY_OP: u32 = LB; // the loads and stores are LB..SW
export const LAST_MEMORY_OP: u32 = SW;
export const ADDI: u32 = 19;
export const SLTI: u32 = 20;
export const SLTIU: u32 = 21;
export const XORI: u32 = 22;
export const ORI: u32 = 23;
export const ANDI: u32 = 24;
export const SLLI: u32 = 25;
export const SRLI: u32 = 26;
export const SRAI: u32 = 27;
export const ADD: u32 = 28;
export const SUB: u32 = 29;
export const SLL: u32 = 30;
export const SLT: u32 = 31;
export const SLTU: u32 = 32;
export const XOR: u32 = 33;
export const SRL: u32 = 34;
export const SRA: u32 = 35;
export const OR: u32 = 36;
export const AND: u32 = 37;
export const MUL: u32 = 38;
export const MULH: u32 = 39;
export const MULHSU: u32 = 40;
export const MULHU: u32 = 41;
export const DIV: u32 = 42;
export const DIVU: u32 = 43;
export const REM: u32 = 44;
export const REMU: u32 = 45;
export const FENCE: u32 = 46;  // FENCE and FENCE.I: nothing to order or flush (see above)
export const AMO: u32 = 47;    // LR/SC/AMOs: checked and executed from the 32-bit instruction
export const CSR: u32 = 48;    // the Zicsr instructions
export const SYSTEM: u32 = 49; // ECALL, EBREAK, xRET, WFI, SFENCE.VMA (privilege checked when executed)

/** The record for the instruction at host address `host`. */
@inline export function recordAt(host: u32): u32 {
  return DECODE_LOCATION + ((host >>> 1) & (DECODE_ENTRIES - 1)) * DECODE_RECORD_SIZE;
}

@inline export function recordOp(rec: u32): u32 { return load<u8>(rec, 4); }
/** Register fields as byte offsets into the register file. */
@inline export function recordRd(rec: u32): u32 { return load<u8>(rec, 5); }
@inline export function recordRs1(rec: u32): u32 { return load<u8>(rec, 6); }
@inline export function recordRs2(rec: u32): u32 { return load<u8>(rec, 7); }
@inline export function recordImm(rec: u32): u32 { return load<u32>(rec, 8); }
@inline export function recordInsn(rec: u32): u32 { return load<u32>(rec, 12); }

/** The instruction bits as fetched: 16 for a compressed instruction, else 32. */
@inline export function recordRaw(rec: u32): u32 {
  const word = load<u32>(rec);
  return (word & 3) == 3 ? word : word & 0xffff;
}

/** Decodes `word` (a fetched 32-bit word; a compressed instruction in its low half) into rec. */
export function decodeInto(rec: u32, word: u32): void {
  const insn = (word & 3) == 3 ? word : expandedRvc(word & 0xffff);
  store<u32>(rec, word);
  store<u32>(rec, insn, 12);
  store<u8>(rec, <u8>(rd(insn) << 2), 5);
  store<u8>(rec, <u8>(rs1(insn) << 2), 6);
  store<u8>(rec, <u8>(rs2(insn) << 2), 7);
  store<u32>(rec, immediateOf(insn), 8);
  store<u8>(rec, <u8>opOf(insn), 4);
}

function immediateOf(insn: u32): u32 {
  switch ((insn >> 2) & 31) {
    case OP_STORE: return immS(insn);
    case OP_BRANCH: return immB(insn);
    case OP_LUI: case OP_AUIPC: return immU(insn);
    case OP_JAL: return immJ(insn);
    case OP_OP_IMM: {
      const f3 = funct3(insn);
      return f3 == 1 || f3 == 5 ? (insn >> 20) & 31 : immI(insn); // shifts: the shift amount
    }
    default: return immI(insn);
  }
}

// The op of each funct3 of a major opcode (ILLEGAL where reserved).
const BRANCH_OPS: StaticArray<u32> = [BEQ, BNE, ILLEGAL, ILLEGAL, BLT, BGE, BLTU, BGEU];
const LOAD_OPS: StaticArray<u32> = [LB, LH, LW, ILLEGAL, LBU, LHU, ILLEGAL, ILLEGAL];
const STORE_OPS: StaticArray<u32> = [SB, SH, SW, ILLEGAL, ILLEGAL, ILLEGAL, ILLEGAL, ILLEGAL];
const OP_IMM_OPS: StaticArray<u32> = [ADDI, SLLI, SLTI, SLTIU, XORI, SRLI, ORI, ANDI];
const OP_OPS: StaticArray<u32> = [ADD, SLL, SLT, SLTU, XOR, SRL, OR, AND];
const MULDIV_OPS: StaticArray<u32> = [MUL, MULH, MULHSU, MULHU, DIV, DIVU, REM, REMU];

/** The op of a 32-bit instruction (0 from the RVC expansion is ILLEGAL). */
function opOf(insn: u32): u32 {
  if ((insn & 3) != 3) return ILLEGAL;
  const f3 = funct3(insn);
  const f7 = funct7(insn);
  switch ((insn >> 2) & 31) {
    case OP_LUI: return LUI;
    case OP_AUIPC: return AUIPC;
    case OP_JAL: return JAL;
    case OP_JALR: return f3 == 0 ? JALR : ILLEGAL;
    case OP_BRANCH: return unchecked(BRANCH_OPS[f3]);
    case OP_LOAD: return unchecked(LOAD_OPS[f3]);
    case OP_STORE: return unchecked(STORE_OPS[f3]);
    case OP_OP_IMM: {
      // Shifts: imm[11:5] is funct7 (0, or 0x20 for SRAI); shamt[5] must be 0 on RV32.
      if (f3 == 1) return f7 == 0 ? SLLI : ILLEGAL;
      if (f3 == 5) return f7 == 0 ? SRLI : f7 == 0x20 ? SRAI : ILLEGAL;
      return unchecked(OP_IMM_OPS[f3]);
    }
    case OP_OP: {
      if (f7 == 0) return unchecked(OP_OPS[f3]);
      if (f7 == 1) return unchecked(MULDIV_OPS[f3]);
      if (f7 == 0x20 && f3 == 0) return SUB;
      if (f7 == 0x20 && f3 == 5) return SRA;
      return ILLEGAL;
    }
    case OP_MISC_MEM: return f3 <= 1 ? FENCE : ILLEGAL; // other funct3 are reserved
    case OP_AMO: return AMO;
    case OP_SYSTEM: return f3 == 0 ? SYSTEM : CSR;
    default: return ILLEGAL;
  }
}
