import type { MachineOptions, MachineStats } from '../machine/index.js';
import type { FaultClass } from './addrspace.js';
import type { PageFault } from './fault.js';
import type { AdMode } from './kmem.js';
import type { Sleep, Termination } from './proc.js';
import type { KernelWork } from './work.js';

// The Kernel's public types (kernel.ts): its options, trace events,
// statistics and per-process results, for the CLI and other tools.

export interface KernelOptions {
  /** RAM in bytes (default 128 MiB). */
  ramBytes?: number;
  tlb?: MachineOptions['tlb'];
  ad?: AdMode;
  /** Seeds the TLB's random policy, getrandom and AT_RANDOM (default 1). */
  seed?: number;
  /** Instructions per time slice (default 100,000). */
  quantum?: number;
  /** Per-process ASIDs (default true); false = ASID 0 and a full TLB flush at every switch. */
  asid?: boolean;
  /** Load every page of a program at exec instead of on first touch (default false). */
  eager?: boolean;
  /** RLIMIT_STACK in bytes (default 8 MiB). */
  stackLimit?: number;
  /** What read(0, ...) returns, shared by all processes (default empty). */
  stdin?: Uint8Array | string;
  /** Called for every system call, page fault, context switch and exit; free when unset. */
  trace?: (event: KernelEvent) => void;
  /** Called after every trap the kernel handled, with its cost (work.ts); free when unset. */
  trapCost?: (cost: TrapCost) => void;
}

export type KernelEvent =
  | { kind: 'syscall'; pid: number; number: number; name: string | null; args: readonly number[]; result: number | 'sleep' | 'no-return' }
  | { kind: 'fault'; pid: number; fault: PageFault; faultClass: FaultClass; action: 'resume' | 'kill' }
  | { kind: 'switch'; from: number | null; to: number; reason: SwitchReason }
  | { kind: 'wake'; pid: number; reason: Sleep['reason']; result: number }
  | { kind: 'spawn'; pid: number; parent: number | null }
  | { kind: 'exit'; pid: number; termination: Termination; status: number; report: string | null };

/** What one trap cost the kernel (work.ts), reported after its syscall, fault or exit events. */
export interface TrapCost { kind: 'handled'; pid: number; cause: number; work: KernelWork }

export interface KernelStats {
  /** Instructions the hart ran for user processes (including ones that trapped). */
  instructions: number;
  /** Instructions retired (the trapping ones do not retire). */
  retired: number;
  /** Virtual time in ns (retired instructions * NS_PER_INSTRUCTION + idle time). */
  timeNs: number;
  faults: Record<FaultClass, number>;
  /** System calls by Linux name. */
  syscalls: Record<string, number>;
  /** Calls to numbers the kernel does not implement (they returned -ENOSYS), by number. */
  unknownSyscalls: Record<number, number>;
  /** Frames by owner now ('free', 'kernel', 'page-table', 'slab', 'pid N'), and the most each owner ever had. */
  frames: Record<string, number>;
  peakFrames: Record<string, number>;
  contextSwitches: number;
  processes: number;
  machine: MachineStats;
}

export interface ProcessResult {
  pid: number;
  parent: number | null;
  name: string;
  /** The shell's exit status (code, or 128 + signal); null while it runs. */
  status: number | null;
  termination: Termination | null;
  stdout: string;
  stderr: string;
  /** The kernel's reports about it (why it was killed). */
  reports: string[];
  /** Its page faults by class. */
  faults: Record<FaultClass, number>;
  /** Instructions it ran (its share of the budget), and of those, retired. */
  instructions: number;
  retired: number;
}

/** Why the hart changed hands: the first dispatch, the timer, sched_yield, or the last process slept or ended. */
export type SwitchReason = 'start' | 'preempt' | 'yield' | 'sleep' | 'exit';

/** Why run() returned: every process ended, the limit was reached, or the rest sleep forever. */
export type RunStop = 'exited' | 'limit' | 'deadlock';
