import type { ElfFile } from '../elf/index.js';
import { Machine, openPmpForSupervisor, type MachineOptions } from '../machine/index.js';
import { FAULT_CLASSES, type FaultClass } from './addrspace.js';
import { ENOMEM, ENOSYS } from './errno.js';
import { KernelInputError, panic } from './errors.js';
import { exec } from './exec.js';
import { handlePageFault, type FaultOutcome, type PageFault } from './fault.js';
import { forkAddressSpace } from './fork.js';
import { Kmem } from './kmem.js';
import { MachinePhysicalMemory } from './machine-phys.js';
import { formatMaps } from './maps.js';
import { pgRoundDown } from './param.js';
import {
  Proc, ProcTable, REG_A0, REG_SP, NREGS, exitStatus, type OutputChunk, type Termination,
} from './proc.js';
import { DeterministicRandom } from './random.js';
import { DEFAULT_QUANTUM, Scheduler } from './sched.js';
import { NO_RETURN, type KernelServices, type SyscallOutcome } from './syscalls/context.js';
import { SYSCALLS } from './syscalls/table.js';
import { NS_PER_INSTRUCTION } from './syscalls/time.js';
import { usertrap, type TrapServices, type TrapStop } from './trap.js';
import { MeteredMemory, WorkMeter, workBetween, type KernelWork } from './work.js';
import type { KernelOptions, KernelStats, ProcessResult, RunStop, SwitchReason } from './kernel-types.js';

export type {
  KernelEvent, KernelOptions, KernelStats, ProcessResult, RunStop, SwitchReason, TrapCost,
} from './kernel-types.js';

/**
 * The Kernel: boots on a Machine (its RAM under the frame allocator, user
 * exceptions delegated to S-mode and handed to TypeScript), spawns
 * programs, and drives the hart until every process has exited or an
 * instruction limit is reached. It keeps each process's output apart and
 * in one combined stream, and the statistics a VM course wants: page
 * faults by class, system calls by name, frames by owner with their peaks,
 * context switches and the Machine's TLB counters.
 *
 * Like xv6's main + scheduler loop: run() picks a process, runs it for the
 * rest of its quantum, and handles the trap or preemption that ended the
 * run (trap.ts, sched.ts). Nothing here formats text for people; the CLI does.
 *
 * Where it differs from Linux, on purpose:
 *   - no signal handlers: a fatal exception kills with the default action,
 *     without a core dump (waitid reports CLD_KILLED);
 *   - time is virtual (syscalls/time.ts) and the timer is the run budget
 *     (sched.ts); a preemption drops the LR reservation as the interrupt would;
 *   - no file system: fd 0 reads the given input, fd 1 and 2 are collected;
 *     every process runs as uid/gid 1000;
 *   - a spawned process has no parent (getppid is 0) and orphans are reaped
 *     when they end; pids are never reused;
 *   - at most 511 address spaces at once (one ASID each, no rollover);
 *   - running out of RAM while copying a system call's user buffer is
 *     EFAULT; only a fault taken by the hart gets the OOM kill.
 */

/** Exceptions from U-mode the hart delegates to S-mode (and so hands to us): causes 0-8, 12, 13, 15. */
const MEDELEG_USER_EXCEPTIONS = 0x1ff | (1 << 12) | (1 << 13) | (1 << 15);
const CSR_MEDELEG = 0x302;
/**
 * User mode may read cycle, time and instret (counter-enable bits CY, TM,
 * IR in mcounteren and scounteren), as under qemu-riscv32 and Linux before
 * 6.6 (see programs/isa/csr.s).
 */
const CSR_MCOUNTEREN = 0x306;
const CSR_SCOUNTEREN = 0x106;
const COUNTEREN_CY_TM_IR = 0b111;

export class Kernel implements KernelServices, TrapServices {
  readonly machine: Machine;
  readonly kmem: Kmem;
  private readonly sched: Scheduler;
  private readonly procs = new ProcTable();
  private readonly random: DeterministicRandom;
  private readonly options: KernelOptions;
  private readonly trace: KernelOptions['trace'];
  private readonly stdin: Uint8Array;
  private stdinAt = 0;
  private readonly chunks: OutputChunk[] = [];
  private readonly syscallCounts: Record<string, number> = {};
  private readonly unknownCounts: Record<number, number> = {};
  private readonly peak: Record<string, number> = {};
  private lastFreeFrames = -1;
  private instructions = 0;
  private retired = 0;
  private idleNs = 0;
  /** The process that ran last: round-robin continues after it. */
  private lastRun: Proc | null = null;
  /** Why the process on the hart will leave it (reported with the next switch). */
  private leaving: SwitchReason = 'start';
  /** The kernel's RAM traffic, for the cost of each trap in the trace. */
  private readonly meter = new WorkMeter();

  private constructor(machine: Machine, options: KernelOptions) {
    this.machine = machine;
    this.options = options;
    this.trace = options.trace;
    const isPageTable = (pa: number): boolean => this.kmem.frames.ownerOf(pgRoundDown(pa)) === 'page-table';
    const mem = new MeteredMemory(new MachinePhysicalMemory(machine), this.meter, isPageTable);
    this.kmem = new Kmem({ mem, ad: options.ad });
    this.sched = new Scheduler(machine, this.kmem.mode, {
      quantum: options.quantum ?? DEFAULT_QUANTUM, asid: options.asid ?? true,
    });
    this.random = new DeterministicRandom(options.seed ?? 1);
    this.stdin = typeof options.stdin === 'string' ? new TextEncoder().encode(options.stdin) : options.stdin ?? new Uint8Array(0);
    openPmpForSupervisor(machine); // the kernel plays the firmware's part too
    machine.writeCsr(CSR_MEDELEG, MEDELEG_USER_EXCEPTIONS);
    machine.writeCsr(CSR_MCOUNTEREN, COUNTEREN_CY_TM_IR);
    machine.writeCsr(CSR_SCOUNTEREN, COUNTEREN_CY_TM_IR);
    this.samplePeak();
  }

  /** Boot a kernel on a new Machine. */
  static async create(options: KernelOptions = {}): Promise<Kernel> {
    return new Kernel(await Machine.create(machineOptions(options)), options);
  }

  /**
   * Start `elf` as a new process with no parent (as if from a shell):
   * argv[0] is its path. Returns the pid. Throws KernelInputError for an ELF
   * mmulab cannot run, or when RAM cannot hold even its first pages.
   */
  spawn(elf: ElfFile, argv: readonly string[] = ['a.out'], envp: readonly string[] = []): number {
    const path = argv[0] ?? 'a.out';
    const pid = this.procs.nextPid();
    const image = exec(this.kmem, pid, elf, {
      path, argv, envp, random: this.random.bytes(16),
      stackLimit: this.options.stackLimit, eager: this.options.eager,
    });
    if (image === null) throw new KernelInputError(`${path}: out of memory (or stack limit) while loading it`);
    const proc = new Proc(pid, path.slice(path.lastIndexOf('/') + 1), null, image.as);
    proc.pc = image.entry;
    proc.regs[REG_SP] = image.sp;
    this.procs.add(proc);
    this.trace?.({ kind: 'spawn', pid, parent: null });
    this.samplePeak();
    return pid;
  }

  /** Run processes until all have exited, or `maxInstructions` have run, or the rest sleep forever. */
  run(opts: { maxInstructions: number }): RunStop {
    let budget = opts.maxInstructions;
    if (!Number.isSafeInteger(budget) || budget < 0) {
      throw new KernelInputError(`maxInstructions must be a non-negative integer (got ${budget})`);
    }
    while (budget > 0) {
      const proc = this.choose();
      if (proc === null) {
        if (this.skipIdleTime()) continue;
        return this.procs.anyAlive() ? 'deadlock' : 'exited';
      }
      budget -= this.runSlice(proc, Math.min(budget, this.sched.sliceLeft));
    }
    return this.procs.anyAlive() ? 'limit' : 'exited';
  }

  // The process to run now: the current one while its quantum lasts, else
  // the next runnable one (a context switch when it differs).
  private choose(): Proc | null {
    this.wakeSleepers();
    const current = this.sched.current;
    if (current !== null && current.state === 'runnable' && this.sched.sliceLeft > 0) return current;
    const next = this.sched.pickNext(this.procs.all(), this.lastRun);
    if (next === null) return null;
    if (next !== current) this.trace?.({ kind: 'switch', from: current?.pid ?? null, to: next.pid, reason: this.leaving });
    this.leaving = 'preempt';
    this.sched.dispatch(next);
    this.lastRun = next;
    return next;
  }

  // Run `proc` for up to n instructions and handle what stopped it; the
  // instructions used (a trapping instruction counts, as for Machine.run).
  private runSlice(proc: Proc, n: number): number {
    const before = this.machine.instret;
    const stop = this.machine.run({ maxInstructions: n });
    const retired = this.machine.instret - before;
    const used = retired + (stop.kind === 'trap' ? 1 : 0);
    this.sched.sliceLeft -= used;
    proc.instructions += used;
    proc.retired += retired;
    this.instructions += used;
    this.retired += retired;
    if (stop.kind === 'trap') this.handleTrap(proc, stop);
    else if (stop.kind !== 'limit') panic('run', `user mode stopped the hart with ${stop.kind}`);
    // The budget ran out: the timer interrupt this models would have trapped,
    // and a trap drops the LR reservation (an SC after it must fail).
    else this.machine.clearReservation();
    return used;
  }

  // usertrap; when asked, followed by what the trap cost the kernel (work.ts).
  private handleTrap(proc: Proc, stop: TrapStop): void {
    const report = this.options.trapCost;
    if (report === undefined) {
      usertrap(this, proc, stop);
      return;
    }
    const before = this.work();
    usertrap(this, proc, stop);
    report({ kind: 'handled', pid: proc.pid, cause: stop.cause, work: workBetween(before, this.work()) });
  }

  // The running totals of the kernel's work since boot.
  private work(): KernelWork {
    const { wordsRead, wordsWritten, ptesWritten } = this.meter;
    return {
      wordsRead, wordsWritten, ptesWritten, framesAllocated: this.kmem.frames.allocatedTotal,
      sfences: this.machine.stats().sfences,
    };
  }

  // Wake every sleeper whose condition now holds, with its system call's result in a0.
  private wakeSleepers(): void {
    for (const proc of this.procs.all()) {
      if (proc.state !== 'sleeping') continue;
      const faults = faultCount(proc);
      const result = proc.sleep!.retry();
      if (result === null) continue;
      if (faultCount(proc) !== faults) this.flushTlb(proc);
      proc.regs[REG_A0] = result >>> 0;
      this.trace?.({ kind: 'wake', pid: proc.pid, reason: proc.sleep!.reason, result });
      proc.sleep = null;
      proc.state = 'runnable';
    }
  }

  // With every live process asleep, jump the clock to the earliest timed
  // wake-up; false when no sleep is timed (nothing can ever wake).
  private skipIdleTime(): boolean {
    const wakeups = this.procs.all().flatMap((p) => (p.state === 'sleeping' && p.sleep!.wakeAt !== undefined ? [p.sleep!.wakeAt] : []));
    if (wakeups.length === 0) return false;
    this.idleNs += Math.max(0, Math.min(...wakeups) - this.nowNs());
    return true;
  }

  // ---- TrapServices ----

  syscall(proc: Proc, number: number, args: number[]): SyscallOutcome {
    const entry = SYSCALLS.get(number);
    const faults = faultCount(proc);
    let outcome: SyscallOutcome;
    if (entry === undefined) {
      this.unknownCounts[number] = (this.unknownCounts[number] ?? 0) + 1;
      outcome = -ENOSYS;
    } else {
      this.syscallCounts[entry.name] = (this.syscallCounts[entry.name] ?? 0) + 1;
      outcome = entry.handler({ kernel: this, proc, args });
    }
    // The kernel's own accesses may have faulted pages in or broken COW: drop stale entries.
    if (proc.as !== null && faultCount(proc) !== faults) this.flushTlb(proc);
    if (this.trace) {
      const result = typeof outcome === 'number' ? outcome : outcome === NO_RETURN ? 'no-return' : 'sleep';
      this.trace({ kind: 'syscall', pid: proc.pid, number, name: entry?.name ?? null, args, result });
    }
    this.samplePeak();
    return outcome;
  }

  /** A page fault from the hart; after a fix, the page's TLB entry is flushed (Linux's update_mmu_cache on RISC-V). */
  pageFault(proc: Proc, fault: PageFault): FaultOutcome {
    const outcome = handlePageFault(proc.mm(), fault);
    if (outcome.action === 'resume') this.machine.sfenceVma(pgRoundDown(fault.va), this.sched.hartAsid(proc));
    this.trace?.({ kind: 'fault', pid: proc.pid, fault, faultClass: outcome.faultClass, action: outcome.action });
    this.samplePeak();
    return outcome;
  }

  sleep(proc: Proc, outcome: { sleep: NonNullable<Proc['sleep']> }): void {
    proc.sleep = outcome.sleep;
    proc.state = 'sleeping';
    this.leaving = 'sleep';
    this.sched.release();
  }

  kill(proc: Proc, signal: number, report: string): void {
    proc.reports.push(report);
    this.terminate(proc, { kind: 'killed', signal }, report);
  }

  // ---- KernelServices (for system calls) ----

  nowNs(): number {
    return this.retired * NS_PER_INSTRUCTION + this.idleNs;
  }

  /** End `proc`: free its memory now (as Linux's exit_mm), make it a zombie for its parent to reap. */
  terminate(proc: Proc, how: Termination, report: string | null = null): void {
    if (proc === this.sched.current) this.leaving = 'exit';
    this.sched.retire(proc);
    proc.releaseMemory();
    proc.sleep = null;
    proc.termination = how;
    proc.state = 'zombie';
    for (const child of this.procs.children(proc)) {
      child.parent = null; // orphans have nobody to wait for them: reaped when they end
      if (child.state === 'zombie') this.reap(child);
    }
    if (proc.parent === null) this.reap(proc);
    this.trace?.({ kind: 'exit', pid: proc.pid, termination: how, status: exitStatus(how), report });
  }

  fork(parent: Proc, childSp: number): number {
    const pid = this.procs.nextPid();
    const as = forkAddressSpace(parent.mm(), pid);
    if (as === null) return -ENOMEM;
    this.flushTlb(parent); // its writable private pages became copy-on-write
    const child = new Proc(pid, parent.name, parent, as);
    for (let i = 1; i < NREGS; i++) child.regs[i] = this.machine.getReg(i);
    child.regs[REG_A0] = 0;
    if (childSp !== 0) child.regs[REG_SP] = childSp;
    child.pc = this.machine.pc;
    this.procs.add(child);
    this.trace?.({ kind: 'spawn', pid, parent: parent.pid });
    return pid;
  }

  children(proc: Proc): Proc[] {
    return this.procs.children(proc);
  }

  reap(child: Proc): void {
    if (child.state !== 'zombie') panic('reap', `pid ${child.pid} is ${child.state}`);
    child.state = 'reaped';
  }

  output(proc: Proc, fd: 1 | 2, bytes: Uint8Array): void {
    if (bytes.length === 0) return;
    (fd === 1 ? proc.stdout : proc.stderr).push(bytes);
    this.chunks.push({ pid: proc.pid, fd, bytes });
  }

  readStdin(count: number): Uint8Array {
    const bytes = this.stdin.slice(this.stdinAt, this.stdinAt + count);
    this.stdinAt += bytes.length;
    return bytes;
  }

  randomBytes(count: number): Uint8Array {
    return this.random.bytes(count);
  }

  yieldCpu(): void {
    this.leaving = 'yield';
    this.sched.sliceLeft = 0;
  }

  flushTlb(proc: Proc): void {
    this.sched.flushTlb(proc);
  }

  // ---- Results ----

  /** Everything written to fd 1 by all processes, in order (what a terminal would show of stdout). */
  get stdout(): string {
    return decode(this.chunks.filter((c) => c.fd === 1).map((c) => c.bytes));
  }

  /** Every write to fd 1 or 2, in order. */
  outputChunks(): readonly OutputChunk[] {
    return this.chunks;
  }

  /** /proc/PID/maps of a live process; null once it has exited (or for an unknown pid). */
  maps(pid: number): string | null {
    const as = this.procs.get(pid)?.as;
    return as ? formatMaps(as) : null;
  }

  processes(): ProcessResult[] {
    return this.procs.all().map((p) => ({
      pid: p.pid,
      parent: p.parent?.pid ?? null,
      name: p.name,
      status: p.termination === null ? null : exitStatus(p.termination),
      termination: p.termination,
      stdout: decode(p.stdout),
      stderr: decode(p.stderr),
      reports: [...p.reports],
      faults: { ...p.faults() },
      instructions: p.instructions,
      retired: p.retired,
    }));
  }

  stats(): KernelStats {
    const faults = zeroFaults();
    for (const p of this.procs.all()) for (const c of FAULT_CLASSES) faults[c] += p.faults()[c];
    return {
      instructions: this.instructions,
      retired: this.retired,
      timeNs: this.nowNs(),
      faults,
      syscalls: { ...this.syscallCounts },
      unknownSyscalls: { ...this.unknownCounts },
      frames: this.kmem.frames.framesByOwner(),
      peakFrames: { ...this.peak },
      contextSwitches: this.sched.contextSwitches,
      processes: this.procs.all().length,
      machine: this.machine.stats(),
    };
  }

  // Frames by owner, folded into the peaks whenever the free count changed.
  private samplePeak(): void {
    const free = this.kmem.frames.freeFrames();
    if (free === this.lastFreeFrames) return;
    this.lastFreeFrames = free;
    for (const [owner, n] of Object.entries(this.kmem.frames.framesByOwner())) {
      this.peak[owner] = Math.max(this.peak[owner] ?? 0, n);
    }
  }

  /**
   * For inspection tools: a live process's address space and the ASID the
   * hart tags its TLB entries with (0 under `asid: false`); null once it has
   * exited, or for an unknown pid.
   */
  addressSpaceOf(pid: number): { as: NonNullable<Proc['as']>; hartAsid: number } | null {
    const proc = this.procs.get(pid);
    if (proc === undefined || proc.as === null) return null;
    return { as: proc.as, hartAsid: this.sched.hartAsid(proc) };
  }

  /** Boot a kernel on a new Machine built from the bytes of mmulab.wasm (a browser has no node:fs). */
  static async fromWasm(wasm: ArrayBuffer | ArrayBufferView, options: KernelOptions = {}): Promise<Kernel> {
    return new Kernel(await Machine.fromWasm(wasm, machineOptions(options)), options);
  }
}

// The Machine a kernel boots on: the options it passes through, and traps into S-mode handed to the host.
function machineOptions(options: KernelOptions): MachineOptions {
  return { ramBytes: options.ramBytes, tlb: options.tlb, ad: options.ad, seed: options.seed, hostTraps: true };
}

function zeroFaults(): Record<FaultClass, number> {
  return Object.fromEntries(FAULT_CLASSES.map((c) => [c, 0])) as Record<FaultClass, number>;
}

// All page faults of the process so far (to notice the kernel's own).
function faultCount(proc: Proc): number {
  if (proc.as === null) return 0;
  return FAULT_CLASSES.reduce((n, c) => n + proc.as!.faults[c], 0);
}

function decode(chunks: readonly Uint8Array[]): string {
  const total = chunks.reduce((n, c) => n + c.length, 0);
  const all = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    all.set(c, at);
    at += c.length;
  }
  return new TextDecoder().decode(all);
}
