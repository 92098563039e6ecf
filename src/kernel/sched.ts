import type { Machine } from '../machine/index.js';
import { KernelInputError, panic } from './errors.js';
import { NREGS, type Proc } from './proc.js';
import { userReturn } from './trap.js';
import { makeSatp, type PagingMode } from './vm.js';

/**
 * The scheduler (xv6's scheduler() and swtch, for user contexts only):
 * round-robin over runnable processes in pid order, preemptive with a
 * quantum counted in instructions.
 *
 * The timer: the kernel runs the hart for at most the rest of the current
 * process's quantum; when the hart comes back having used it all, that is
 * the timer interrupt, and the next runnable process gets the hart. (The
 * interrupt is modeled by the run budget instead of the CLINT so no
 * instruction is spent in a handler: a quantum is exactly `quantum` user
 * instructions, traps and system calls included.)
 *
 * A context switch saves the user registers and pc of the process leaving
 * the hart, loads those of the one arriving, and writes satp. With ASIDs
 * (the default) each address space has its own ASID, so TLB entries of
 * different processes coexist and nothing is flushed. With `asid: false`
 * every process runs with ASID 0 and each switch flushes the whole TLB
 * (SFENCE.VMA x0, x0), as a kernel without ASIDs must.
 */

export const CSR_SATP = 0x180;
export const DEFAULT_QUANTUM = 100_000;

export interface SchedulerOptions {
  /** Instructions a process runs before the timer preempts it. */
  quantum: number;
  /** Tag TLB entries with per-process ASIDs (true) or flush at every switch (false). */
  asid: boolean;
}

export class Scheduler {
  /** The process whose registers are live on the hart, or null. */
  private onHart: Proc | null = null;
  /** Instructions left in the current quantum. */
  sliceLeft = 0;
  contextSwitches = 0;
  readonly options: SchedulerOptions;

  constructor(private readonly machine: Machine, private readonly mode: PagingMode, options: SchedulerOptions) {
    if (!Number.isSafeInteger(options.quantum) || options.quantum < 1) {
      throw new KernelInputError(`quantum must be a positive number of instructions (got ${options.quantum})`);
    }
    this.options = options;
  }

  get current(): Proc | null {
    return this.onHart;
  }

  /**
   * The runnable process to run next: the first one after `after` in pid
   * order, wrapping around (so `after` itself comes last), or null.
   */
  pickNext(procs: readonly Proc[], after: Proc | null): Proc | null {
    const runnable = procs.filter((p) => p.state === 'runnable');
    if (runnable.length === 0) return null;
    const from = after === null ? 0 : runnable.findIndex((p) => p.pid > after.pid);
    return runnable[from < 0 ? 0 : from]!;
  }

  /** Put `proc` on the hart with a fresh quantum, switching contexts if another process was there. */
  dispatch(proc: Proc): void {
    this.sliceLeft = this.options.quantum;
    if (this.onHart === proc) return;
    if (this.onHart !== null) this.save(this.onHart);
    this.load(proc);
    this.onHart = proc;
    this.contextSwitches++;
  }

  /** Take the process off the hart, keeping its registers (it sleeps or another will run). */
  release(): void {
    if (this.onHart !== null) this.save(this.onHart);
    this.onHart = null;
  }

  /**
   * `proc` is exiting (its address space still exists): drop it from the
   * hart without saving, and with ASIDs flush its entries, because its ASID
   * is about to be freed and given to another address space.
   */
  retire(proc: Proc): void {
    if (this.options.asid) this.machine.sfenceVma(undefined, proc.mm().asid);
    if (this.onHart === proc) this.onHart = null;
  }

  /** The ASID the hart uses for `proc`'s address space. */
  hartAsid(proc: Proc): number {
    return this.options.asid ? proc.mm().asid : 0;
  }

  /** Flush `proc`'s TLB entries: its ASID, or everything when ASIDs are off and it is on the hart. */
  flushTlb(proc: Proc): void {
    if (this.options.asid) this.machine.sfenceVma(undefined, proc.mm().asid);
    else if (this.onHart === proc) this.machine.sfenceVma();
  }

  private save(proc: Proc): void {
    for (let i = 1; i < NREGS; i++) proc.regs[i] = this.machine.getReg(i);
    proc.pc = this.machine.pc;
  }

  // Load user registers, pc and satp, in U-mode (the sret of xv6's usertrapret).
  private load(proc: Proc): void {
    const m = this.machine;
    for (let i = 1; i < NREGS; i++) m.setReg(i, proc.regs[i]!);
    if (proc.as === null) panic('dispatch', `pid ${proc.pid} has no address space`);
    m.writeCsr(CSR_SATP, makeSatp(this.mode, proc.as.root, this.hartAsid(proc)));
    if (!this.options.asid) m.sfenceVma();
    userReturn(m, proc.pc);
  }
}
