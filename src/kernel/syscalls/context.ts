import type { Proc, Sleep, Termination } from '../proc.js';

/**
 * What a system call handler sees: the calling process, its six argument
 * registers a0..a5 (unsigned 32-bit values) and the kernel services it may
 * use. Handlers are plain functions of this context (xv6's sys_* functions
 * reading argint/argaddr), so tests can call them on a booted kernel.
 */
export interface SyscallContext {
  readonly kernel: KernelServices;
  readonly proc: Proc;
  readonly args: readonly number[];
}

/**
 * A handler's answer: the value for a0 (a result, or a negated errno);
 * SLEEP, to put the process to sleep until `sleep.retry` yields the value;
 * or NO_RETURN when the process is gone (exit).
 */
export type SyscallOutcome = number | { readonly sleep: Sleep } | typeof NO_RETURN;
export const NO_RETURN = Symbol('no return');

export type SyscallHandler = (ctx: SyscallContext) => SyscallOutcome;

/** The parts of the Kernel that system calls use. */
export interface KernelServices {
  /** Virtual time since boot in nanoseconds (see time.ts). */
  nowNs(): number;
  /** End `proc`: free its memory, make it a zombie, wake its parent. */
  terminate(proc: Proc, how: Termination): void;
  /** fork: a copy of `proc` (regs as now on the hart, a0 = 0) returning to its next instruction; the child pid or -errno. */
  fork(proc: Proc, childSp: number): number;
  /** Children of `proc` not yet reaped, in pid order. */
  children(proc: Proc): Proc[];
  /** Remove a zombie for good. */
  reap(child: Proc): void;
  /** Record output written to fd 1 or 2. */
  output(proc: Proc, fd: 1 | 2, bytes: Uint8Array): void;
  /** Up to `count` bytes of the provided stdin (empty at end of input). */
  readStdin(count: number): Uint8Array;
  randomBytes(count: number): Uint8Array;
  /** End the calling process's time slice now (sched_yield). */
  yieldCpu(): void;
  /** Flush the TLB entries of `proc`'s address space after its PTEs were removed or downgraded. */
  flushTlb(proc: Proc): void;
}

/** A signed view of an unsigned register value (C's int). */
export function asInt(reg: number): number {
  return reg | 0;
}
