// The execution of one pre-decoded record (predecode.ts): one flat switch on
// its op. The run loop compiles it twice (execute.ts): into the burst loop,
// which must make no calls (so the engine keeps the loop's values in
// registers) and so gives up (EXIT) on anything that needs one, and into the
// full step, which calls the slow paths and runs every instruction.
import { ACCESS_LOAD, ACCESS_STORE } from '../encoding';
import { regAt, setRegAt, trapCause } from './state';
import {
  LUI, AUIPC, JAL, JALR, BEQ, BNE, BLT, BGE, BLTU, BGEU, LB, LH, LW, LBU, LHU, SB, SH, SW,
  ADDI, SLTI, SLTIU, XORI, ORI, ANDI, SLLI, SRLI, SRAI, ADD, SUB, SLL, SLT, SLTU, XOR, SRL, SRA, OR, AND,
  MUL, MULH, MULHSU, MULHU, DIV, DIVU, REM, REMU, FENCE,
  recordOp, recordRd, recordRs1, recordRs2, recordImm,
} from './predecode';
import { executeOther } from './system';
import { fastEntry, fastHit, fastAddress, nextStamp } from '../mmu/fast';
import { loadSlow, storeSlow } from '../mmu/access';

// What executeRecord returns in a burst for an instruction it cannot run
// there (pcs are even, so it is never a pc).
export const EXIT: u32 = 1;

/**
 * Loads `size` bytes at va: from the load cache, else (full step) through the
 * MMU's slow path, else (burst) returns false so the step runs it.
 */
@inline function loadData(va: u32, size: u32, burst: bool, rdOffset: u32, signed: bool): bool {
  const e = fastEntry(ACCESS_LOAD, va, size);
  let v: u32;
  if (e != 0) {
    fastHit(ACCESS_LOAD, e, nextStamp());
    const h = fastAddress(e, va);
    v = size == 4 ? load<u32>(h) : size == 2 ? <u32>load<u16>(h) : <u32>load<u8>(h);
  } else {
    if (burst) return false;
    v = loadSlow(va, size);
    if (trapCause >= 0) return true; // a fault: rd is not written
  }
  if (signed) v = size == 2 ? <u32><i32><i16>v : <u32><i32><i8>v;
  setRegAt(rdOffset, v);
  return true;
}

@inline function storeData(va: u32, size: u32, value: u32, burst: bool): bool {
  const e = fastEntry(ACCESS_STORE, va, size);
  if (e != 0) {
    fastHit(ACCESS_STORE, e, nextStamp());
    const h = fastAddress(e, va);
    if (size == 4) store<u32>(h, value);
    else if (size == 2) store<u16>(h, <u16>value);
    else store<u8>(h, <u8>value);
    return true;
  }
  if (burst) return false;
  storeSlow(va, size, value);
  return true;
}

// The M extension's divisions with the spec's special cases (division by
// zero, and the one signed overflow).
@inline function divide(a: u32, b: u32): u32 {
  if (b == 0) return 0xffffffff;
  if (a == 0x80000000 && b == 0xffffffff) return a; // overflow: the dividend
  return <u32>(<i32>a / <i32>b);
}

@inline function remainder(a: u32, b: u32): u32 {
  if (b == 0) return a;
  if (a == 0x80000000 && b == 0xffffffff) return 0;
  return <u32>(<i32>a % <i32>b);
}

/**
 * Executes record `rec` fetched at pc (`next` is pc plus its length) and
 * returns the next pc; an exception is left raised (state.trapCause) for the
 * caller, which then does not retire the instruction. In a burst, returns
 * EXIT without any effect for an instruction that needs a call.
 */
@inline export function executeRecord(rec: u32, pc: u32, next: u32, burst: bool): u32 {
  const rd = recordRd(rec);
  switch (recordOp(rec)) {
    case LUI: setRegAt(rd, recordImm(rec)); break;
    case AUIPC: setRegAt(rd, pc + recordImm(rec)); break;
    case JAL: setRegAt(rd, next); return pc + recordImm(rec);
    case JALR: {
      const target = (regAt(recordRs1(rec)) + recordImm(rec)) & ~1;
      setRegAt(rd, next);
      return target;
    }
    case BEQ: if (regAt(recordRs1(rec)) == regAt(recordRs2(rec))) return pc + recordImm(rec); break;
    case BNE: if (regAt(recordRs1(rec)) != regAt(recordRs2(rec))) return pc + recordImm(rec); break;
    case BLT: if (<i32>regAt(recordRs1(rec)) < <i32>regAt(recordRs2(rec))) return pc + recordImm(rec); break;
    case BGE: if (<i32>regAt(recordRs1(rec)) >= <i32>regAt(recordRs2(rec))) return pc + recordImm(rec); break;
    case BLTU: if (regAt(recordRs1(rec)) < regAt(recordRs2(rec))) return pc + recordImm(rec); break;
    case BGEU: if (regAt(recordRs1(rec)) >= regAt(recordRs2(rec))) return pc + recordImm(rec); break;
    // One call per width, so each fast path is specialised for its size.
    case LB: if (!loadData(regAt(recordRs1(rec)) + recordImm(rec), 1, burst, rd, true)) return EXIT; break;
    case LH: if (!loadData(regAt(recordRs1(rec)) + recordImm(rec), 2, burst, rd, true)) return EXIT; break;
    case LW: if (!loadData(regAt(recordRs1(rec)) + recordImm(rec), 4, burst, rd, false)) return EXIT; break;
    case LBU: if (!loadData(regAt(recordRs1(rec)) + recordImm(rec), 1, burst, rd, false)) return EXIT; break;
    case LHU: if (!loadData(regAt(recordRs1(rec)) + recordImm(rec), 2, burst, rd, false)) return EXIT; break;
    case SB: if (!storeData(regAt(recordRs1(rec)) + recordImm(rec), 1, regAt(recordRs2(rec)), burst)) return EXIT; break;
    case SH: if (!storeData(regAt(recordRs1(rec)) + recordImm(rec), 2, regAt(recordRs2(rec)), burst)) return EXIT; break;
    case SW: if (!storeData(regAt(recordRs1(rec)) + recordImm(rec), 4, regAt(recordRs2(rec)), burst)) return EXIT; break;
    case ADDI: setRegAt(rd, regAt(recordRs1(rec)) + recordImm(rec)); break;
    case SLTI: setRegAt(rd, <i32>regAt(recordRs1(rec)) < <i32>recordImm(rec) ? 1 : 0); break;
    case SLTIU: setRegAt(rd, regAt(recordRs1(rec)) < recordImm(rec) ? 1 : 0); break;
    case XORI: setRegAt(rd, regAt(recordRs1(rec)) ^ recordImm(rec)); break;
    case ORI: setRegAt(rd, regAt(recordRs1(rec)) | recordImm(rec)); break;
    case ANDI: setRegAt(rd, regAt(recordRs1(rec)) & recordImm(rec)); break;
    case SLLI: setRegAt(rd, regAt(recordRs1(rec)) << recordImm(rec)); break;
    case SRLI: setRegAt(rd, regAt(recordRs1(rec)) >>> recordImm(rec)); break;
    case SRAI: setRegAt(rd, <u32>(<i32>regAt(recordRs1(rec)) >> recordImm(rec))); break;
    case ADD: setRegAt(rd, regAt(recordRs1(rec)) + regAt(recordRs2(rec))); break;
    case SUB: setRegAt(rd, regAt(recordRs1(rec)) - regAt(recordRs2(rec))); break;
    case SLL: setRegAt(rd, regAt(recordRs1(rec)) << (regAt(recordRs2(rec)) & 31)); break;
    case SLT: setRegAt(rd, <i32>regAt(recordRs1(rec)) < <i32>regAt(recordRs2(rec)) ? 1 : 0); break;
    case SLTU: setRegAt(rd, regAt(recordRs1(rec)) < regAt(recordRs2(rec)) ? 1 : 0); break;
    case XOR: setRegAt(rd, regAt(recordRs1(rec)) ^ regAt(recordRs2(rec))); break;
    case SRL: setRegAt(rd, regAt(recordRs1(rec)) >>> (regAt(recordRs2(rec)) & 31)); break;
    case SRA: setRegAt(rd, <u32>(<i32>regAt(recordRs1(rec)) >> (regAt(recordRs2(rec)) & 31))); break;
    case OR: setRegAt(rd, regAt(recordRs1(rec)) | regAt(recordRs2(rec))); break;
    case AND: setRegAt(rd, regAt(recordRs1(rec)) & regAt(recordRs2(rec))); break;
    case MUL: setRegAt(rd, regAt(recordRs1(rec)) * regAt(recordRs2(rec))); break;
    case MULH:
      setRegAt(rd, <u32>((<i64><i32>regAt(recordRs1(rec)) * <i64><i32>regAt(recordRs2(rec))) >> 32)); break;
    case MULHSU:
      setRegAt(rd, <u32>((<i64><i32>regAt(recordRs1(rec)) * <i64><u64>regAt(recordRs2(rec))) >> 32)); break;
    case MULHU:
      setRegAt(rd, <u32>((<u64>regAt(recordRs1(rec)) * <u64>regAt(recordRs2(rec))) >> 32)); break;
    case DIV: setRegAt(rd, divide(regAt(recordRs1(rec)), regAt(recordRs2(rec)))); break;
    case DIVU: {
      const b = regAt(recordRs2(rec));
      setRegAt(rd, b == 0 ? 0xffffffff : regAt(recordRs1(rec)) / b);
      break;
    }
    case REM: setRegAt(rd, remainder(regAt(recordRs1(rec)), regAt(recordRs2(rec)))); break;
    case REMU: {
      const b = regAt(recordRs2(rec));
      setRegAt(rd, b == 0 ? regAt(recordRs1(rec)) : regAt(recordRs1(rec)) % b);
      break;
    }
    case FENCE: break; // orders nothing on one hart; FENCE.I: records check their bits at every fetch
    default: // AMO, CSR, SYSTEM, ILLEGAL
      if (burst) return EXIT;
      return executeOther(rec, pc, next);
  }
  return next;
}
