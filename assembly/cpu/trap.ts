// Trap entry (with medeleg/mideleg delegation), MRET/SRET, and the choice of
// which pending interrupt to take, per the privileged spec.
import {
  PRV_U, PRV_S, PRV_M, CAUSE_INTERRUPT,
  MSTATUS_SIE, MSTATUS_MIE, MSTATUS_SPIE, MSTATUS_MPIE, MSTATUS_SPP, MSTATUS_MPP,
  MSTATUS_MPP_SHIFT, MSTATUS_MPRV,
  IRQ_M_EXT, IRQ_M_SOFT, IRQ_M_TIMER, IRQ_S_EXT, IRQ_S_SOFT, IRQ_S_TIMER,
} from '../encoding';
import { STOP_TRAP, STAT_EXCEPTIONS, STAT_INTERRUPTS } from '../layout';
import {
  priv, retired, eventAt, stopAfterThis, hostTraps, reservationValid,
  lastTrapCause, lastTrapTval, lastTrapEpc, lastTrapFromPriv,
} from './state';
import {
  mstatus, medeleg, mideleg, mie, mip, mtvec, stvec, writeMstatus,
  mcause, mepc, mtval, scause, sepc, stval,
} from './csr';
import { mtimecmp, mtime } from '../dev/clint';
import { fastFlush } from '../mmu/fast';
import { count } from '../stats';
import { traceTrap, traceReturn } from '../trace';

/** Changes privilege; translations cached for the old one no longer apply. */
export function setPriv(p: u32): void {
  if (p != priv) fastFlush();
  priv = p;
  eventAt = 0;
}

/**
 * Takes a trap (cause has bit 31 set for an interrupt) raised by the
 * instruction at epc, and returns the handler's address.
 */
export function enterTrap(cause: u32, tval: u32, epc: u32): u32 {
  const interrupt = (cause & CAUSE_INTERRUPT) != 0;
  const code = cause & 0x1f;
  count((interrupt ? STAT_INTERRUPTS : STAT_EXCEPTIONS) + (code & 0xf));
  reservationValid = false;
  const from = priv;
  const delegated = from <= PRV_S && (((interrupt ? mideleg : medeleg) >> code) & 1) != 0;
  let handler: u32;
  if (delegated) {
    scause = cause;
    sepc = epc;
    stval = tval;
    let s = mstatus & ~(MSTATUS_SPP | MSTATUS_SPIE | MSTATUS_SIE);
    if ((mstatus & MSTATUS_SIE) != 0) s |= MSTATUS_SPIE;
    if (from == PRV_S) s |= MSTATUS_SPP;
    writeMstatus(s);
    setPriv(PRV_S);
    handler = vectorFor(stvec, interrupt, code);
    if (hostTraps) {
      stopAfterThis(STOP_TRAP);
      lastTrapCause = cause;
      lastTrapTval = tval;
      lastTrapEpc = epc;
      lastTrapFromPriv = from;
    }
  } else {
    mcause = cause;
    mepc = epc;
    mtval = tval;
    let s = mstatus & ~(MSTATUS_MPP | MSTATUS_MPIE | MSTATUS_MIE);
    if ((mstatus & MSTATUS_MIE) != 0) s |= MSTATUS_MPIE;
    s |= from << MSTATUS_MPP_SHIFT;
    writeMstatus(s);
    setPriv(PRV_M);
    handler = vectorFor(mtvec, interrupt, code);
  }
  if (TRACE) traceTrap(cause, tval, epc, from, priv, handler, delegated && hostTraps);
  return handler;
}

/** Direct mode: BASE; vectored mode: BASE + 4 * cause for interrupts. */
function vectorFor(tvec: u32, interrupt: bool, code: u32): u32 {
  const base = tvec & ~3;
  return interrupt && (tvec & 3) == 1 ? base + (code << 2) : base;
}

/** MRET: returns the new pc (the caller checked privilege). */
export function mret(): u32 {
  const to = (mstatus & MSTATUS_MPP) >> MSTATUS_MPP_SHIFT;
  let s = mstatus & ~(MSTATUS_MIE | MSTATUS_MPP);
  if ((mstatus & MSTATUS_MPIE) != 0) s |= MSTATUS_MIE;
  s |= MSTATUS_MPIE; // MPP := U (the least-privileged mode)
  if (to != PRV_M) s &= ~MSTATUS_MPRV;
  writeMstatus(s);
  setPriv(to);
  if (TRACE) traceReturn(PRV_M, to, mepc);
  return mepc;
}

/** SRET: returns the new pc (the caller checked privilege and TSR). */
export function sret(): u32 {
  const from = priv;
  const to = (mstatus & MSTATUS_SPP) != 0 ? PRV_S : PRV_U;
  let s = mstatus & ~(MSTATUS_SIE | MSTATUS_SPP | MSTATUS_MPRV);
  if ((mstatus & MSTATUS_SPIE) != 0) s |= MSTATUS_SIE;
  s |= MSTATUS_SPIE;
  writeMstatus(s);
  setPriv(to);
  if (TRACE) traceReturn(from, to, sepc);
  return sepc;
}

// Interrupts in the spec's priority order: MEI, MSI, MTI, SEI, SSI, STI.
const PRIORITY: StaticArray<u32> = [IRQ_M_EXT, IRQ_M_SOFT, IRQ_M_TIMER, IRQ_S_EXT, IRQ_S_SOFT, IRQ_S_TIMER];

/**
 * The interrupt to take now (its mcause), or 0 if none. Also schedules the
 * next check: when mtime will reach mtimecmp, or never until state changes.
 */
export function interruptToTake(): u32 {
  const pending = mip() & mie;
  // M-level (not delegated) interrupts are enabled below M, or in M with MIE.
  const mEnabled = priv < PRV_M || (mstatus & MSTATUS_MIE) != 0;
  // Delegated ones are enabled below S, or in S with SIE; never in M.
  const sEnabled = priv < PRV_S || (priv == PRV_S && (mstatus & MSTATUS_SIE) != 0);
  let ready: u32 = 0;
  if (mEnabled) ready |= pending & ~mideleg;
  if (sEnabled) ready |= pending & mideleg;
  // Until something changes (which resets eventAt) only mtime moves.
  const now = mtime();
  const never: u64 = 0xffffffffffffffff;
  if (now >= mtimecmp) {
    eventAt = never;
  } else {
    const distance = mtimecmp - now;
    eventAt = distance > never - retired ? never : retired + distance;
  }
  if (ready == 0) return 0;
  for (let i = 0; i < PRIORITY.length; i++) {
    const irq = unchecked(PRIORITY[i]);
    if ((ready & (1 << irq)) != 0) return CAUSE_INTERRUPT | irq;
  }
  return 0;
}

export function resetTrapState(): void {
  priv = PRV_M;
  eventAt = 0;
  reservationValid = false;
  // Spec reset: MIE = 0 and MPRV = 0; the rest of mstatus is ours to choose (zero).
  mstatus = 0;
}
