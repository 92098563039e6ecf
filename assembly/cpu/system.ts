// The instructions the run loop hands out of line (executeOther): the A
// extension, Zicsr, and the
// system instructions (ECALL, EBREAK, MRET, SRET, WFI, SFENCE.VMA), plus the
// illegal-instruction exception for everything else. Each returns the next
// pc, or raises the exception (state.raise) for the run loop to take.
import {
  PRV_U, PRV_S, PRV_M, ACCESS_LOAD, ACCESS_STORE, MSTATUS_TSR, MSTATUS_TVM, MSTATUS_TW, MIP_MTIP,
  CAUSE_ILLEGAL_INSTRUCTION, CAUSE_BREAKPOINT, CAUSE_USER_ECALL,
  CAUSE_MISALIGNED_LOAD, CAUSE_MISALIGNED_STORE, INSN_ECALL, INSN_EBREAK, INSN_SRET, INSN_MRET, INSN_WFI,
} from '../encoding';
import {
  priv, reservationValid, reservationAddr, getReg, setReg, raise, stopAfterThis,
} from './state';
import { STOP_WFI } from '../layout';
import { rd, rs1, rs2, funct3, funct7 } from './decode';
import {
  AMO, CSR, SYSTEM, recordOp, recordInsn, recordRaw,
} from './predecode';
import { csrAllowed, csrRead, csrWrite, csrWasMissing, mstatus, mie, mip } from './csr';
import { mret, sret } from './trap';
import { fastHost } from '../mmu/fast';
import { atomicHost } from '../mmu/access';
import { sfenceVma } from '../mmu/tlb';
import { mtimecmp, timerPending, setMtime } from '../dev/clint';

const FUNCT7_SFENCE_VMA: u32 = 0x09;

/**
 * Executes an AMO, CSR or SYSTEM record, or raises the illegal-instruction
 * exception for an ILLEGAL one: returns the next pc.
 */
export function executeOther(rec: u32, pc: u32, next: u32): u32 {
  switch (recordOp(rec)) {
    case AMO: executeAtomic(recordInsn(rec), recordRaw(rec)); return next;
    case CSR:
      if (!executeCsr(recordInsn(rec))) raise(CAUSE_ILLEGAL_INSTRUCTION, recordRaw(rec));
      return next;
    case SYSTEM: return executeSystem(recordInsn(rec), recordRaw(rec), pc, next);
    default: // ILLEGAL: a reserved or unimplemented encoding
      raise(CAUSE_ILLEGAL_INSTRUCTION, recordRaw(rec));
      return next;
  }
}

/**
 * ECALL, EBREAK, MRET, SRET, WFI and SFENCE.VMA: returns the next pc, or
 * raises the exception (an ECALL, a breakpoint, or an illegal instruction
 * where the privilege or mstatus does not allow it).
 */
function executeSystem(insn: u32, raw: u32, pc: u32, next: u32): u32 {
  if (insn == INSN_ECALL) { raise(CAUSE_USER_ECALL + priv, 0); return next; }
  if (insn == INSN_EBREAK) { raise(CAUSE_BREAKPOINT, pc); return next; }
  if (insn == INSN_MRET && priv == PRV_M) return mret();
  if (insn == INSN_SRET && (priv == PRV_M || (priv == PRV_S && (mstatus & MSTATUS_TSR) == 0))) return sret();
  if (insn == INSN_WFI && (priv == PRV_M || (priv == PRV_S && (mstatus & MSTATUS_TW) == 0))) {
    waitForInterrupt();
    return next;
  }
  if (funct7(insn) == FUNCT7_SFENCE_VMA && rd(insn) == 0 && priv != PRV_U &&
      (priv == PRV_M || (mstatus & MSTATUS_TVM) == 0)) {
    sfenceVma(rs1(insn) != 0, getReg(rs1(insn)), rs2(insn) != 0, getReg(rs2(insn)));
    return next;
  }
  raise(CAUSE_ILLEGAL_INSTRUCTION, raw);
  return next;
}

/**
 * Zicsr: returns false for an illegal access (unimplemented CSR, too little
 * privilege, a write to a read-only CSR). CSRRS/CSRRC with rs1 = x0 and the
 * immediate forms with uimm = 0 do not write.
 */
function executeCsr(insn: u32): bool {
  const f3 = funct3(insn);
  if (f3 == 4) return false;
  const addr = insn >>> 20;
  const r1 = rs1(insn);
  const src = f3 >= 5 ? r1 : getReg(r1);
  const op = f3 & 3;
  const writes = op == 1 || r1 != 0;
  if (!csrAllowed(addr, writes)) return false;
  const old = csrRead(addr);
  if (csrWasMissing()) return false;
  if (writes) csrWrite(addr, op == 1 ? src : op == 2 ? old | src : old & ~src, true);
  setReg(rd(insn), old);
  return true;
}

/**
 * WFI: completes at once if an interrupt is pending and enabled in mie;
 * otherwise, if only the timer can wake the hart, mtime jumps to mtimecmp;
 * if nothing can, the run stops with STOP_WFI (resuming continues after it).
 */
function waitForInterrupt(): void {
  if ((mip() & mie) != 0) return;
  if ((mie & MIP_MTIP) != 0 && !timerPending()) {
    setMtime(mtimecmp);
    return;
  }
  stopAfterThis(STOP_WFI);
}

/**
 * LR.W, SC.W and the AMOs. Returns false after raising an exception
 * (illegal encoding, misaligned address, page or access fault).
 */
function executeAtomic(insn: u32, raw: u32): bool {
  const f5 = insn >>> 27;
  const va = getReg(rs1(insn));
  if (funct3(insn) != 2 || (f5 == 2 && rs2(insn) != 0) || !isAmo(f5)) {
    raise(CAUSE_ILLEGAL_INSTRUCTION, raw);
    return false;
  }
  const isLr = f5 == 2;
  if ((va & 3) != 0) {
    // LR reports a load, SC and AMOs a store/AMO address-misaligned exception.
    raise(isLr ? CAUSE_MISALIGNED_LOAD : CAUSE_MISALIGNED_STORE, va);
    return false;
  }
  const access = isLr ? ACCESS_LOAD : ACCESS_STORE;
  let h = fastHost(access, va, 4);
  if (h == 0) h = atomicHost(va, access);
  if (h == 0) return false;
  const b = getReg(rs2(insn));
  const old = load<u32>(h);
  let result = old;
  if (isLr) {
    reservationValid = true;
    reservationAddr = h;
  } else if (f5 == 3) { // SC.W
    const ok = reservationValid && reservationAddr == <u64>h;
    if (ok) store<u32>(h, b);
    result = ok ? 0 : 1;
    reservationValid = false;
  } else {
    store<u32>(h, amoResult(f5, old, b));
  }
  setReg(rd(insn), result);
  return true;
}

function isAmo(f5: u32): bool {
  return f5 <= 4 || f5 == 0x08 || f5 == 0x0c || f5 == 0x10 || f5 == 0x14 || f5 == 0x18 || f5 == 0x1c;
}

function amoResult(f5: u32, a: u32, b: u32): u32 {
  switch (f5) {
    case 0x00: return a + b;
    case 0x01: return b;
    case 0x04: return a ^ b;
    case 0x08: return a | b;
    case 0x0c: return a & b;
    case 0x10: return <i32>a < <i32>b ? a : b;
    case 0x14: return <i32>a > <i32>b ? a : b;
    case 0x18: return a < b ? a : b;
    default: return a > b ? a : b;
  }
}
