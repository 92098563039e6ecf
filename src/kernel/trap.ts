import { disassembleOne } from '../asm/disasm.js';
import type { Machine } from '../machine/index.js';
import type { AddressSpace } from './addrspace.js';
import { panic } from './errors.js';
import {
  SIGKILL, SIGSEGV, accessForCause, formatFaultReport, type FaultOutcome, type PageFault,
} from './fault.js';
import { hex } from './param.js';
import { REG_A0, REG_A7, type Proc } from './proc.js';
import { NO_RETURN, type SyscallOutcome } from './syscalls/context.js';
import { translate } from './vm.js';

/**
 * Traps from user mode (xv6's usertrap and usertrapret). The hart has taken
 * the trap into S-mode (scause, sepc, stval, sstatus.SPP set) and handed it
 * to the kernel; this decides what it means:
 *
 *   ecall from U           a system call: a7 = number, a0..a5 = arguments, result in a0
 *   page fault             handlePageFault: retry the instruction, or kill the process
 *   any other exception    kill the process with the signal Linux sends for it
 *
 * and returns to user mode as SRET would: pc = sepc (+4 past an ecall),
 * privilege U, sstatus.SIE = SPIE, SPIE = 1, SPP = U.
 */

// scause exception codes (privileged spec, "Supervisor Cause Register").
export const CAUSE_MISALIGNED_FETCH = 0;
export const CAUSE_FETCH_ACCESS = 1;
export const CAUSE_ILLEGAL_INSTRUCTION = 2;
export const CAUSE_BREAKPOINT = 3;
export const CAUSE_MISALIGNED_LOAD = 4;
export const CAUSE_LOAD_ACCESS = 5;
export const CAUSE_MISALIGNED_STORE = 6;
export const CAUSE_STORE_ACCESS = 7;
export const CAUSE_USER_ECALL = 8;
const CAUSE_INTERRUPT = 0x8000_0000;

// Signals (include/uapi/asm-generic/signal.h).
export const SIGILL = 4;
export const SIGTRAP = 5;
export const SIGBUS = 7;

export const SIGNAL_NAMES: Readonly<Record<number, string>> = {
  [SIGILL]: 'SIGILL', [SIGTRAP]: 'SIGTRAP', [SIGBUS]: 'SIGBUS', [SIGKILL]: 'SIGKILL', [SIGSEGV]: 'SIGSEGV',
};

export const CSR_SSTATUS = 0x100;
const SSTATUS_SIE = 1 << 1;
const SSTATUS_SPIE = 1 << 5;
const SSTATUS_SPP = 1 << 8;
const PRIV_U = 0;

/** A trap stop of Machine.run. */
export interface TrapStop {
  cause: number;
  tval: number;
  epc: number;
}

/** What usertrap needs from the kernel. */
export interface TrapServices {
  readonly machine: Machine;
  /** Run system call `number` for `proc`, with counting and tracing. */
  syscall(proc: Proc, number: number, args: number[]): SyscallOutcome;
  /** Handle a page fault of `proc`, with counting, tracing and the TLB flush. */
  pageFault(proc: Proc, fault: PageFault): FaultOutcome;
  /** Put `proc` to sleep (it is on the hart, its pc already past the ecall). */
  sleep(proc: Proc, outcome: Exclude<SyscallOutcome, number | typeof NO_RETURN>): void;
  /** Kill `proc` with `signal`; `report` is the kernel's message about it. */
  kill(proc: Proc, signal: number, report: string): void;
}

/** Handle one trap from user mode taken by `proc`, which is on the hart. */
export function usertrap(k: TrapServices, proc: Proc, stop: TrapStop): void {
  if (stop.cause & CAUSE_INTERRUPT) panic('usertrap', `unexpected interrupt ${stop.cause & ~CAUSE_INTERRUPT}`);
  if (stop.cause === CAUSE_USER_ECALL) {
    syscallTrap(k, proc, stop.epc);
    return;
  }
  const access = accessForCause(stop.cause);
  if (access !== null) {
    pageFaultTrap(k, proc, { va: stop.tval, access, pc: stop.epc });
    return;
  }
  exceptionTrap(k, proc, stop);
}

/**
 * Return to user mode at `pc` as SRET does: privilege U (sstatus.SPP was U:
 * the trap came from user mode), SIE = SPIE, SPIE = 1, SPP = U.
 */
export function userReturn(m: Machine, pc: number): void {
  const sstatus = m.readCsr(CSR_SSTATUS);
  const sie = sstatus & SSTATUS_SPIE ? SSTATUS_SIE : 0;
  m.writeCsr(CSR_SSTATUS, ((sstatus & ~(SSTATUS_SIE | SSTATUS_SPP)) | sie | SSTATUS_SPIE) >>> 0);
  m.priv = PRIV_U;
  m.pc = pc;
}

// An ecall: like xv6, step past it first, so fork copies the right pc and a
// sleeping process resumes after it.
function syscallTrap(k: TrapServices, proc: Proc, epc: number): void {
  const m = k.machine;
  userReturn(m, epc + 4);
  const args = [0, 1, 2, 3, 4, 5].map((i) => m.getReg(REG_A0 + i));
  const outcome = k.syscall(proc, m.getReg(REG_A7), args);
  if (outcome === NO_RETURN) return;
  if (typeof outcome === 'number') m.setReg(REG_A0, outcome >>> 0);
  else k.sleep(proc, outcome);
}

function pageFaultTrap(k: TrapServices, proc: Proc, fault: PageFault): void {
  const outcome = k.pageFault(proc, fault);
  if (outcome.action === 'resume') {
    userReturn(k.machine, fault.pc);
    return;
  }
  const as = proc.mm();
  const [summary, ...maps] = formatFaultReport(outcome.report).trimEnd().split('\n');
  const report = [`${who(proc)}: ${summary}`, instructionLine(as, fault.pc), ...maps].join('\n');
  k.kill(proc, outcome.report.signal, report);
}

// Exceptions that are not page faults: Linux's do_trap_* send these signals.
function exceptionTrap(k: TrapServices, proc: Proc, stop: TrapStop): void {
  const [what, signal] = describeException(stop.cause);
  const report = `${who(proc)}: ${what} at pc ${hex(stop.epc)} (tval ${hex(stop.tval)}); ${SIGNAL_NAMES[signal]}\n` +
    instructionLine(proc.mm(), stop.epc);
  k.kill(proc, signal, report);
}

function describeException(cause: number): [string, number] {
  switch (cause) {
    case CAUSE_ILLEGAL_INSTRUCTION:
      return ['illegal instruction', SIGILL];
    case CAUSE_BREAKPOINT:
      return ['breakpoint', SIGTRAP];
    case CAUSE_MISALIGNED_FETCH:
      return ['misaligned instruction address', SIGBUS];
    case CAUSE_MISALIGNED_LOAD:
      return ['misaligned load-reserved', SIGBUS];
    case CAUSE_MISALIGNED_STORE:
      return ['misaligned store-conditional or AMO', SIGBUS];
    case CAUSE_FETCH_ACCESS:
      return ['instruction access fault', SIGSEGV];
    case CAUSE_LOAD_ACCESS:
      return ['load access fault', SIGSEGV];
    case CAUSE_STORE_ACCESS:
      return ['store access fault', SIGSEGV];
    default:
      return panic('usertrap', `unexpected exception cause ${cause}`);
  }
}

function who(proc: Proc): string {
  return `${proc.name}[${proc.pid}]`;
}

/** "  pc 0x00010074: sw\ta0,0(zero)", or a note when the instruction's page is not mapped. */
export function instructionLine(as: AddressSpace, pc: number): string {
  const text = instructionText(as, pc);
  return `  pc ${hex(pc)}: ${text ?? '(instruction not mapped)'}`;
}

// The instruction at pc disassembled, read through the page table without
// faulting anything in or touching A/D bits; null if its bytes are not mapped.
function instructionText(as: AddressSpace, pc: number): string | null {
  const low = userBytes(as, pc, 2);
  if (low === null) return null;
  const bytes = (low[0]! & 3) === 3 ? userBytes(as, pc, 4) : low;
  return bytes === null ? null : disassembleOne(bytes, pc).text;
}

function userBytes(as: AddressSpace, va: number, len: number): Uint8Array | null {
  const out = new Uint8Array(len);
  for (let i = 0; i < len; i++) {
    const pa = translate(as.kmem, as.root, (va + i) >>> 0);
    if (pa === null) return null;
    out[i] = as.kmem.mem.read(pa, 1)[0]!;
  }
  return out;
}
