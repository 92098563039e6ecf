import type { AddressSpace, FaultClass } from './addrspace.js';
import { panic } from './errors.js';

/**
 * Processes (xv6's struct proc, Linux's task_struct cut down to one thread):
 * identity, family, scheduling state, the user registers while the process
 * is off the hart, the address space, how it ended, and what it wrote.
 *
 * Life cycle, as in xv6:
 *
 *   runnable <-> sleeping        waitid or clock_nanosleep until a condition holds
 *   runnable  -> zombie          exit, or killed by a signal; the address space is freed now
 *   zombie    -> reaped          the parent's waitid collected it (or it had no parent)
 *
 * Only the process on the hart has live registers in the Machine; the
 * others keep theirs here (see sched.ts).
 */

export type ProcState = 'runnable' | 'sleeping' | 'zombie' | 'reaped';

/** How a process ended: exit(code), or killed by a signal. */
export type Termination = { kind: 'exited'; code: number } | { kind: 'killed'; signal: number };

/**
 * Why a sleeping process sleeps: `retry` is asked at each scheduling
 * decision and returns the system call's result once the process may run
 * again, or null while it must keep sleeping. `wakeAt` (virtual ns), when
 * set, is the moment a timed sleep ends, so an idle kernel can skip to it.
 */
export interface Sleep {
  readonly reason: 'waitid' | 'nanosleep';
  readonly wakeAt?: number;
  readonly retry: () => number | null;
}

/** One write(2) to fd 1 or 2, in the order the kernel saw them. */
export interface OutputChunk {
  readonly pid: number;
  readonly fd: 1 | 2;
  readonly bytes: Uint8Array;
}

export const NREGS = 32;
export const REG_SP = 2;
export const REG_A0 = 10;
export const REG_A7 = 17;

export class Proc {
  readonly pid: number;
  /** The program's name (the last part of its path), for reports. */
  readonly name: string;
  parent: Proc | null;
  state: ProcState = 'runnable';
  /** Null once the process has exited. */
  as: AddressSpace | null;
  /** x0..x31 while off the hart (x0 stays 0). */
  readonly regs = new Uint32Array(NREGS);
  /** Where the process resumes in user mode. */
  pc = 0;
  sleep: Sleep | null = null;
  termination: Termination | null = null;
  /** set_tid_address: the word the kernel would clear when the thread exits. */
  clearChildTid = 0;
  /** Instructions this process has run (its share of the run budget), and of those, retired (its CPU time). */
  instructions = 0;
  retired = 0;
  /** What the process wrote to fd 1 and fd 2, and the kernel's reports about it (SIGSEGV...). */
  readonly stdout: Uint8Array[] = [];
  readonly stderr: Uint8Array[] = [];
  readonly reports: string[] = [];
  /** The address space's page-fault counters, kept when it is freed at exit. */
  private finalFaults: Readonly<Record<FaultClass, number>> | null = null;

  constructor(pid: number, name: string, parent: Proc | null, as: AddressSpace) {
    this.pid = pid;
    this.name = name;
    this.parent = parent;
    this.as = as;
  }

  /** The address space of a process that is still alive; a kernel bug otherwise. */
  mm(): AddressSpace {
    if (this.as === null) panic('mm', `pid ${this.pid} has no address space`);
    return this.as;
  }

  /** Page faults by class over the process's life. */
  faults(): Readonly<Record<FaultClass, number>> {
    return this.as?.faults ?? this.finalFaults!;
  }

  /** Free the address space (exit), keeping its fault counters. */
  releaseMemory(): void {
    const as = this.mm();
    this.finalFaults = { ...as.faults };
    as.destroy();
    this.as = null;
  }

  isAlive(): boolean {
    return this.state === 'runnable' || this.state === 'sleeping';
  }
}

/** The exit status a shell reports: the exit code's low byte, or 128 + the signal. */
export function exitStatus(t: Termination): number {
  return t.kind === 'exited' ? t.code & 0xff : 128 + t.signal;
}

/**
 * The table of every process the kernel has made, by pid (reaped ones stay
 * for the statistics). Pids count up from 1 and are never reused within a
 * kernel's life, so reports and traces stay unambiguous.
 */
export class ProcTable {
  private readonly procs = new Map<number, Proc>();
  private lastPid = 0;

  /** The pid the next process gets. */
  nextPid(): number {
    return this.lastPid + 1;
  }

  add(proc: Proc): void {
    if (proc.pid !== this.lastPid + 1) panic('ProcTable.add', `pid ${proc.pid} out of order`);
    this.lastPid = proc.pid;
    this.procs.set(proc.pid, proc);
  }

  get(pid: number): Proc | undefined {
    return this.procs.get(pid);
  }

  /** Every process ever made, in pid order. */
  all(): Proc[] {
    return [...this.procs.values()];
  }

  /** The children of `parent` that have not been reaped, in pid order. */
  children(parent: Proc): Proc[] {
    return this.all().filter((p) => p.parent === parent && p.state !== 'reaped');
  }

  /** Are any processes still running or sleeping? */
  anyAlive(): boolean {
    return this.all().some((p) => p.isAlive());
  }
}
