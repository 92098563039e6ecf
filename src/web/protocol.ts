// The messages between the playground page and its Worker (worker.ts). The
// page sends a Request with an id; the Worker answers every request with a
// State (or an Error) carrying the same id, and sends Progress while a long
// run goes on. Everything is plain data (structured-clone safe).
import type { FrameMap, PageTableNode, TlbEntryView, TranslationExplanation } from '../inspect/index.js';
import type { TlbShape } from '../machine/index.js';

/** Machine and kernel options, as on the CLI (`mmulab run --ram --tlb --ad --no-asid --quantum --seed --eager`). */
export interface MachineConfig {
  ramBytes: number;
  /** One unified TLB, or split instruction and data TLBs (`--tlb`, or `--itlb` and `--dtlb`). */
  tlb: TlbShape | { itlb: TlbShape; dtlb: TlbShape };
  ad: 'update' | 'fault';
  asid: boolean;
  quantum: number;
  seed: number;
  eager: boolean;
  /** A run stops here if the program has not ended (a guard against endless loops). */
  maxInstructions: number;
}

export const DEFAULT_CONFIG: MachineConfig = {
  ramBytes: 16 * 1024 * 1024,
  tlb: { entries: 64, ways: 4, policy: 'lru' },
  ad: 'update',
  asid: true,
  quantum: 100_000,
  seed: 1,
  eager: false,
  maxInstructions: 100_000_000,
};

/** A program to load: assembly source (assembled in the Worker) or ELF bytes. */
export type ProgramSource =
  | { kind: 'asm'; name: string; text: string }
  | { kind: 'elf'; name: string; bytes: Uint8Array };

/**
 * What a run stops at besides the end: just after the next page fault,
 * system call, or any trap or kernel event; or just before the instruction
 * that ends a process ('exit'), while its memory is still mapped.
 */
export type RunUntil = 'end' | 'fault' | 'syscall' | 'event' | 'exit';

export type Request =
  | { id: number; type: 'load'; program: ProgramSource; args: string[]; config: MachineConfig }
  | { id: number; type: 'step'; count: number }
  | { id: number; type: 'stepOver' }
  | { id: number; type: 'run'; until: RunUntil }
  | { id: number; type: 'pause' }
  | { id: number; type: 'back'; count: number }
  | { id: number; type: 'reset' }
  | { id: number; type: 'select'; pid: number | null };

export type Response =
  | { id: number; type: 'state'; state: MachineState }
  | { id: number; type: 'error'; message: string; diagnostics: AsmDiagnostic[] }
  /** While a run goes on: the instruction count, and now and then the whole state (for the views). */
  | { id: number; type: 'progress'; instructions: number; state: MachineState | null };

/** One assembler error, at its line and column of the edited source. */
export interface AsmDiagnostic {
  file: string;
  line: number;
  column: number;
  message: string;
}

/** Why the machine is where it is. */
export type RunStatus = 'ready' | 'paused' | 'limit' | 'exited' | 'deadlock';

export interface DisasmLine {
  pc: number;
  /** The instruction's bytes as a hex word (4 or 8 digits), or null where nothing is mapped. */
  hex: string | null;
  text: string;
  current: boolean;
}

export interface ProcessInfo {
  pid: number;
  parent: number | null;
  name: string;
  /** 'running' (on the hart), 'live', or how it ended. */
  state: string;
  status: number | null;
  instructions: number;
}

export interface ConsoleChunk {
  pid: number;
  fd: 1 | 2;
  text: string;
}

export interface LogEntry {
  /** Instructions run when it happened (the trapping instruction counted). */
  at: number;
  kind: 'syscall' | 'fault' | 'switch' | 'wake' | 'spawn' | 'exit';
  pid: number;
  text: string;
}

/** One PTE read of a walk, as the hardware made it. */
export interface WalkRead {
  level: number;
  pteAddress: number;
  pte: number;
}

/**
 * One memory access of a single-stepped instruction, translated just before
 * the instruction ran: explained step by step (src/inspect) and by the hart's
 * own side-effect-free walk, with what the TLB held and what the kernel did
 * if the access faulted.
 */
export interface AccessRecord {
  /** Its instruction's number (1 = the first instruction run). */
  seq: number;
  pid: number;
  pc: number;
  text: string;
  access: 'fetch' | 'load' | 'store';
  va: number;
  tlbHit: boolean;
  /** null for an access known only from the kernel's fault report (no process was on the hart before it). */
  explanation: TranslationExplanation | null;
  /** The hart's walk: its PTE reads, and the physical address or the exception cause it raised. */
  hart: { steps: WalkRead[]; pa: number | null; cause: number | null } | null;
  /** The kernel's handling of the fault this access raised, if it raised one. */
  kernel: string | null;
}

export interface TlbCounters {
  hits: number;
  misses: number;
  walks: number;
  evictions: number;
  flushed: number;
}

export interface FrameMapping {
  frame: number;
  pid: number;
  va: number;
}

/** A point of the hit-rate chart: counters at an instruction count. */
export interface TlbSample {
  at: number;
  hits: number;
  misses: number;
}

export interface MachineState {
  program: string;
  instructions: number;
  status: RunStatus;
  /** The process whose registers the hart holds, if any. */
  pidOnHart: number | null;
  pc: number;
  regs: number[];
  csrs: { name: string; value: number }[];
  disasm: DisasmLine[];
  processes: ProcessInfo[];
  console: ConsoleChunk[];
  selectedPid: number | null;
  pageTable: PageTableNode | null;
  maps: string[];
  frames: FrameMap;
  /** Where live processes map frames: a frame's index in RAM, and each pid and virtual page mapping it (shared after fork). */
  frameMappings: FrameMapping[];
  tlb: TlbEntryView[];
  tlbCounters: TlbCounters;
  tlbSamples: TlbSample[];
  log: LogEntry[];
  history: AccessRecord[];
}
