// The run loop: fetch (from the current fetch page with one compare, else the
// slow path), expand compressed instructions with one table load, then one
// dense switch on insn[6:2]. Exceptions raised by
// helpers are left in state.trapCause and taken here; interrupts are checked
// only when state.eventAt says something may have changed.
import {
  OP_LOAD, OP_MISC_MEM, OP_OP_IMM, OP_AUIPC, OP_STORE, OP_AMO, OP_OP, OP_LUI,
  OP_BRANCH, OP_JALR, OP_JAL, OP_SYSTEM, PRV_U, PRV_S, PRV_M,
  ACCESS_LOAD, ACCESS_STORE, MSTATUS_TSR, MSTATUS_TVM, MSTATUS_TW, MIP_MTIP,
  CAUSE_ILLEGAL_INSTRUCTION, CAUSE_BREAKPOINT, CAUSE_USER_ECALL,
  CAUSE_MISALIGNED_LOAD, CAUSE_MISALIGNED_STORE,
} from '../encoding';
import { REGS_LOCATION, STOP_BUDGET, STOP_WFI } from '../layout';
import {
  priv, hartPc, retired, eventAt, trapCause, trapTval, stopCode,
  reservationValid, reservationAddr, getReg, setReg, raise, stopAfterThis,
} from './state';
import { rd, rs1, rs2, funct3, funct7, immI, immS, immB, immU, immJ, expandedRvc } from './decode';
import { csrAllowed, csrRead, csrWrite, csrWasMissing, mstatus, mie, mip } from './csr';
import { enterTrap, mret, sret, interruptToTake } from './trap';
import {
  fastHost, fetchBase, fetchHost, fetchLimit, fetchHits, lastFetchClock, lruClock, fetchPageSync,
} from '../mmu/fast';
import { loadSlow, storeSlow, atomicHost, fetchSlow } from '../mmu/access';
import { sfenceVma } from '../mmu/tlb';
import { mtimecmp, timerPending, setMtime } from '../dev/clint';
import { traceRetired } from '../trace';

const ECALL: u32 = 0x00000073;
const EBREAK: u32 = 0x00100073;
const SRET: u32 = 0x10200073;
const MRET: u32 = 0x30200073;
const WFI: u32 = 0x10500073;
const FUNCT7_SFENCE_VMA: u32 = 0x09;

// How many instructions the last run() went through (retired or trapped).
export let lastRunCount: i32 = 0;

@inline function loadData(va: u32, size: u32): u32 {
  const h = fastHost(ACCESS_LOAD, va, size);
  if (h != 0) {
    if (size == 4) return load<u32>(h);
    if (size == 2) return load<u16>(h);
    return load<u8>(h);
  }
  return loadSlow(va, size);
}

@inline function storeData(va: u32, size: u32, value: u32): void {
  const h = fastHost(ACCESS_STORE, va, size);
  if (h != 0) {
    if (size == 4) store<u32>(h, value);
    else if (size == 2) store<u16>(h, <u16>value);
    else store<u8>(h, <u8>value);
    return;
  }
  storeSlow(va, size, value);
}

/** Takes the exception a helper raised; returns the handler's pc. */
function takeRaised(pc: u32): u32 {
  const cause = <u32>trapCause;
  trapCause = -1;
  return enterTrap(cause, trapTval, pc);
}

/** Runs up to `budget` instructions; returns a STOP_* code. */
export function run(budget: i32): i32 {
  stopCode = -1;
  let pc = hartPc;
  let done: i32 = 0;
  while (done < budget) {
    if (retired >= eventAt) {
      if (stopCode >= 0) break;
      const irq = interruptToTake();
      if (irq != 0) { done++; pc = enterTrap(irq, 0, pc); continue; }
    }
    done++;
    let insn: u32;
    const offset = pc - fetchBase;
    if (offset < fetchLimit) {
      insn = load<u32>(fetchHost + offset);
      fetchHits++;
      lastFetchClock = lruClock;
    } else {
      insn = fetchSlow(pc);
      if (trapCause >= 0) { pc = takeRaised(pc); continue; }
    }
    let next = pc + 4;
    let raw = insn;
    if ((insn & 3) != 3) {
      raw = insn & 0xffff;
      insn = expandedRvc(raw);
      next = pc + 2;
      if (insn == 0) { pc = enterTrap(CAUSE_ILLEGAL_INSTRUCTION, raw, pc); continue; }
    }
    switch ((insn >> 2) & 31) {
      case OP_LOAD: {
        // One call per width, so each fast path is specialised for its size.
        const va = getReg(rs1(insn)) + immI(insn);
        let v: u32;
        switch (funct3(insn)) {
          case 0: v = <u32><i32><i8>loadData(va, 1); break;
          case 1: v = <u32><i32><i16>loadData(va, 2); break;
          case 2: v = loadData(va, 4); break;
          case 4: v = loadData(va, 1); break;
          case 5: v = loadData(va, 2); break;
          default: pc = enterTrap(CAUSE_ILLEGAL_INSTRUCTION, raw, pc); continue;
        }
        if (trapCause >= 0) { pc = takeRaised(pc); continue; }
        setReg(rd(insn), v);
        break;
      }
      case OP_STORE: {
        const va = getReg(rs1(insn)) + immS(insn);
        const value = getReg(rs2(insn));
        switch (funct3(insn)) {
          case 0: storeData(va, 1, value); break;
          case 1: storeData(va, 2, value); break;
          case 2: storeData(va, 4, value); break;
          default: pc = enterTrap(CAUSE_ILLEGAL_INSTRUCTION, raw, pc); continue;
        }
        if (trapCause >= 0) { pc = takeRaised(pc); continue; }
        break;
      }
      case OP_OP_IMM: {
        const a = getReg(rs1(insn));
        const imm = immI(insn);
        let v: u32;
        switch (funct3(insn)) {
          case 0: v = a + imm; break;
          case 1: // SLLI: imm[11:5] must be 0 on RV32
            if (funct7(insn) != 0) { pc = enterTrap(CAUSE_ILLEGAL_INSTRUCTION, raw, pc); continue; }
            v = a << (imm & 31); break;
          case 2: v = <i32>a < <i32>imm ? 1 : 0; break;
          case 3: v = a < imm ? 1 : 0; break;
          case 4: v = a ^ imm; break;
          case 5: {
            const f7 = funct7(insn);
            if (f7 == 0) v = a >>> (imm & 31);
            else if (f7 == 0x20) v = <u32>(<i32>a >> (imm & 31));
            else { pc = enterTrap(CAUSE_ILLEGAL_INSTRUCTION, raw, pc); continue; }
            break;
          }
          case 6: v = a | imm; break;
          default: v = a & imm; break;
        }
        setReg(rd(insn), v);
        break;
      }
      case OP_OP: {
        const a = getReg(rs1(insn));
        const b = getReg(rs2(insn));
        const f7 = funct7(insn);
        const f3 = funct3(insn);
        let v: u32;
        if (f7 == 0) {
          switch (f3) {
            case 0: v = a + b; break;
            case 1: v = a << (b & 31); break;
            case 2: v = <i32>a < <i32>b ? 1 : 0; break;
            case 3: v = a < b ? 1 : 0; break;
            case 4: v = a ^ b; break;
            case 5: v = a >>> (b & 31); break;
            case 6: v = a | b; break;
            default: v = a & b; break;
          }
        } else if (f7 == 1) {
          v = multiplyDivide(f3, a, b);
        } else if (f7 == 0x20 && f3 == 0) {
          v = a - b;
        } else if (f7 == 0x20 && f3 == 5) {
          v = <u32>(<i32>a >> (b & 31));
        } else {
          pc = enterTrap(CAUSE_ILLEGAL_INSTRUCTION, raw, pc); continue;
        }
        setReg(rd(insn), v);
        break;
      }
      case OP_LUI: setReg(rd(insn), immU(insn)); break;
      case OP_AUIPC: setReg(rd(insn), pc + immU(insn)); break;
      case OP_JAL: setReg(rd(insn), next); next = pc + immJ(insn); break;
      case OP_JALR: {
        if (funct3(insn) != 0) { pc = enterTrap(CAUSE_ILLEGAL_INSTRUCTION, raw, pc); continue; }
        const target = (getReg(rs1(insn)) + immI(insn)) & ~1;
        setReg(rd(insn), next);
        next = target;
        break;
      }
      case OP_BRANCH: {
        const a = getReg(rs1(insn));
        const b = getReg(rs2(insn));
        let taken: bool;
        switch (funct3(insn)) {
          case 0: taken = a == b; break;
          case 1: taken = a != b; break;
          case 4: taken = <i32>a < <i32>b; break;
          case 5: taken = <i32>a >= <i32>b; break;
          case 6: taken = a < b; break;
          case 7: taken = a >= b; break;
          default: pc = enterTrap(CAUSE_ILLEGAL_INSTRUCTION, raw, pc); continue;
        }
        if (taken) next = pc + immB(insn);
        break;
      }
      case OP_MISC_MEM: {
        // FENCE orders nothing on one hart; FENCE.I has no decoded-instruction
        // cache to drop (every fetch reads memory). Other funct3 are reserved.
        if (funct3(insn) > 1) { pc = enterTrap(CAUSE_ILLEGAL_INSTRUCTION, raw, pc); continue; }
        break;
      }
      case OP_AMO: {
        if (!executeAtomic(insn, raw)) { pc = takeRaised(pc); continue; }
        break;
      }
      case OP_SYSTEM: {
        if (funct3(insn) != 0) {
          if (!executeCsr(insn)) {
            pc = enterTrap(CAUSE_ILLEGAL_INSTRUCTION, raw, pc); continue;
          }
          break;
        }
        if (insn == ECALL) { pc = enterTrap(CAUSE_USER_ECALL + priv, 0, pc); continue; }
        if (insn == EBREAK) { pc = enterTrap(CAUSE_BREAKPOINT, pc, pc); continue; }
        if (insn == MRET && priv == PRV_M) { next = mret(); break; }
        if (insn == SRET && (priv == PRV_M || (priv == PRV_S && (mstatus & MSTATUS_TSR) == 0))) {
          next = sret(); break;
        }
        if (insn == WFI && (priv == PRV_M || (priv == PRV_S && (mstatus & MSTATUS_TW) == 0))) {
          waitForInterrupt(); break;
        }
        if (funct7(insn) == FUNCT7_SFENCE_VMA && rd(insn) == 0 && priv != PRV_U &&
            (priv == PRV_M || (mstatus & MSTATUS_TVM) == 0)) {
          sfenceVma(rs1(insn) != 0, getReg(rs1(insn)), rs2(insn) != 0, getReg(rs2(insn)));
          break;
        }
        pc = enterTrap(CAUSE_ILLEGAL_INSTRUCTION, raw, pc); continue;
      }
      default:
        pc = enterTrap(CAUSE_ILLEGAL_INSTRUCTION, raw, pc); continue;
    }
    store<u32>(REGS_LOCATION, 0); // x0 stays zero whatever was written to it
    if (TRACE) traceRetired(pc, raw, insn);
    retired++;
    pc = next;
  }
  hartPc = pc;
  lastRunCount = done;
  fetchPageSync();
  return stopCode < 0 ? STOP_BUDGET : stopCode;
}

/** MUL, MULH, MULHSU, MULHU, DIV, DIVU, REM, REMU with the spec's special cases. */
function multiplyDivide(f3: u32, a: u32, b: u32): u32 {
  switch (f3) {
    case 0: return a * b;
    case 1: return <u32>((<i64><i32>a * <i64><i32>b) >> 32);
    case 2: return <u32>((<i64><i32>a * <i64><u64>b) >> 32);
    case 3: return <u32>((<u64>a * <u64>b) >> 32);
    case 4:
      if (b == 0) return 0xffffffff;
      if (a == 0x80000000 && b == 0xffffffff) return a; // overflow: the dividend
      return <u32>(<i32>a / <i32>b);
    case 5: return b == 0 ? 0xffffffff : a / b;
    case 6:
      if (b == 0) return a;
      if (a == 0x80000000 && b == 0xffffffff) return 0;
      return <u32>(<i32>a % <i32>b);
    default: return b == 0 ? a : a % b;
  }
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
