// The guest-program speed benchmarks (programs/bench/): each loop runs three
// ways, bare with paging off (M-mode), bare-metal in S-mode with Sv32 on,
// and hosted (a user program under mmulab's kernel, U-mode, Sv32 on), and
// the figure is instructions per second (MIPS) and the rate the program is
// about (translations, walks). Hosted programs run with the kernel's eager
// loading, so the timed run is the steady state: no page fault, only the
// loop, up to the exit system call. What paging costs a loop is its hosted
// time per instruction over its bare one (overheads.ts).
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { assemble } from '../asm/index.js';
import { readElf, type ElfFile } from '../elf/index.js';
import { Kernel } from '../kernel/index.js';
import { DEFAULT_RAM_BYTES, DEFAULT_TLB, Machine, RAM_BASE, type MachineOptions, type MachineStats } from '../machine/index.js';
import { findPackageFile } from '../machine/wasm.js';
import { ALU_SV32_MIPS, RANDOM_4M_SV32_MIPS, SWEEP_SV32_MIPS, judge, type Target, type Verdict } from './targets.js';
import { RUNS, timeCpu } from './timing.js';
import { GuestFailedError, ramFor } from './tlb-reach.js';
import { WALK_TLB } from './mmu-micro.js';

/** How a program runs: 'bare' paging off in M-mode, 'sv32' bare-metal in S-mode, 'hosted' under the kernel. */
export type RunKind = 'bare' | 'sv32' | 'hosted';
/** The loops that run all three ways (paging's cost is reported for each). */
export type Loop = 'alu' | 'sweep' | 'random 4 MiB' | 'random 64 MiB';

export interface ProgramBench {
  program: string;
  runs: RunKind;
  loop?: Loop;
  what: string;
  options: MachineOptions;
  /** The figure the program is about, from its statistics. */
  rate: (s: MachineStats) => number;
  unit: string;
  /** A MIPS target. */
  target?: Target;
}

const instructions = (s: MachineStats): number => s.instructions;
const loads = (s: MachineStats): number => s.translations.load + s.untranslated.load;
const tlbHits = (s: MachineStats): number => s.tlbHits.fetch + s.tlbHits.load + s.tlbHits.store;
/** random64's 64 MiB at physical 0x8040_0000 (and its tables), or under the kernel with its own tables and stack. */
const RAM_64M: MachineOptions = { ramBytes: 72 << 20 };
const RAM_64M_HOSTED: MachineOptions = { ramBytes: ramFor(16384) };

export const PROGRAM_BENCHES: readonly ProgramBench[] = [
  { program: 'alu-bare.s', runs: 'bare', loop: 'alu', what: 'ALU loop', options: {}, rate: instructions, unit: 'instructions' },
  { program: 'alu.s', runs: 'sv32', loop: 'alu', what: 'ALU loop', options: {}, rate: instructions, unit: 'instructions', target: ALU_SV32_MIPS },
  {
    program: 'alu-hosted.s', runs: 'hosted', loop: 'alu', what: 'ALU loop', options: {},
    rate: instructions, unit: 'instructions', target: ALU_SV32_MIPS,
  },
  { program: 'sweep-bare.s', runs: 'bare', loop: 'sweep', what: 'sequential loads, 4 MiB', options: {}, rate: loads, unit: 'loads' },
  {
    program: 'sweep.s', runs: 'sv32', loop: 'sweep', what: 'sequential loads, 4 MiB', options: {},
    rate: loads, unit: 'loads', target: SWEEP_SV32_MIPS,
  },
  {
    program: 'sweep-hosted.s', runs: 'hosted', loop: 'sweep', what: 'sequential loads, 4 MiB', options: {},
    rate: loads, unit: 'loads', target: SWEEP_SV32_MIPS,
  },
  { program: 'random-bare.s', runs: 'bare', loop: 'random 4 MiB', what: 'random loads, 4 MiB', options: {}, rate: loads, unit: 'loads' },
  {
    program: 'random.s', runs: 'sv32', loop: 'random 4 MiB', what: 'random loads, 4 MiB', options: {},
    rate: loads, unit: 'loads', target: RANDOM_4M_SV32_MIPS,
  },
  {
    program: 'random-hosted.s', runs: 'hosted', loop: 'random 4 MiB', what: 'random loads, 4 MiB', options: {},
    rate: loads, unit: 'loads', target: RANDOM_4M_SV32_MIPS,
  },
  {
    program: 'random64-bare.s', runs: 'bare', loop: 'random 64 MiB', what: 'random loads, 64 MiB', options: RAM_64M,
    rate: loads, unit: 'loads',
  },
  { program: 'random64.s', runs: 'sv32', loop: 'random 64 MiB', what: 'random loads, 64 MiB', options: RAM_64M, rate: loads, unit: 'loads' },
  {
    program: 'random64-hosted.s', runs: 'hosted', loop: 'random 64 MiB', what: 'random loads, 64 MiB', options: RAM_64M_HOSTED,
    rate: loads, unit: 'loads',
  },
  { program: 'tlb-hit.s', runs: 'sv32', what: 'loads hitting the TLB', options: {}, rate: tlbHits, unit: 'TLB hits' },
  { program: 'walk.s', runs: 'sv32', what: 'loads missing a 1-entry DTLB', options: { tlb: WALK_TLB }, rate: (s) => s.walks, unit: 'walks' },
];

/** Instructions of the warm-up run that lets the engine optimise the Wasm first. */
const WARM_UP_INSTRUCTIONS = 3_000_000;
/** More than any bench program runs. */
const MAX_INSTRUCTIONS = 500_000_000;

/** One benchmark's figures (the median run). */
export interface ProgramFigure {
  program: string;
  runs: RunKind;
  loop?: Loop;
  measures: string;
  /** The machine it ran on. */
  machine: { ramBytes: number; tlb: NonNullable<MachineOptions['tlb']> };
  instructions: number;
  seconds: number;
  mips: number;
  /** The figure the program is about, in millions per second, and what it counts. */
  rate: number;
  of: string;
  verdict?: Verdict;
  /** How the median run ended: 'exit 0' (the only success). */
  stop: string;
  /** The machine's statistics of the median run (for a hosted program: from its spawn to its exit ECALL, not included). */
  stats: MachineStats;
}

/** A bench program's ELF, assembled for how it runs. */
export async function loadBenchProgram(program: string, runs: RunKind): Promise<ElfFile> {
  const file = await findPackageFile(path.join('programs/bench', program));
  const { elf } = assemble(await readFile(file, 'utf8'), { file, layout: runs === 'hosted' ? 'hosted' : 'bare' });
  return readElf(elf, file);
}

export interface Run { seconds: number; stats: MachineStats; stop: string }

/** The run with the median time (of an odd number of runs). */
function medianRun(runs: Run[]): Run {
  return [...runs].sort((a, b) => a.seconds - b.seconds)[runs.length >> 1]!;
}

const TOUCH_CHUNK = 1 << 20;

/**
 * Writes every byte of guest RAM once (with zeros, its value already). Fresh
 * Wasm memory is the host's untouched anonymous memory, and reading a page
 * never written reads the host's one shared zero page: a guest loading at
 * random from 64 MiB nobody wrote would hit in the host's caches every time
 * and look far faster than one whose memory was written (as the kernel's
 * eager loading does for hosted programs). Touched first, RAM behaves alike
 * in every run.
 */
function touchRam(m: Machine): void {
  const zeros = new Uint8Array(TOUCH_CHUNK);
  for (let at = 0; at < m.ramBytes; at += TOUCH_CHUNK) {
    m.writePhys(RAM_BASE + at, zeros.subarray(0, Math.min(TOUCH_CHUNK, m.ramBytes - at)));
  }
}

/** Times a bare-metal program (paging off, or Sv32 set up by the program) RUNS times on one machine. */
export async function timeBareMetal(elf: ElfFile, options: MachineOptions & { trace?: boolean }, runs = RUNS): Promise<Run> {
  const m = await Machine.create(options);
  touchRam(m);
  m.loadBareMetal(elf);
  m.run({ maxInstructions: WARM_UP_INSTRUCTIONS });
  const done: Run[] = [];
  for (let i = 0; i < runs; i++) {
    m.loadBareMetal(elf);
    const [seconds, stop] = timeCpu(() => m.run({ maxInstructions: MAX_INSTRUCTIONS }));
    done.push({ seconds, stats: m.stats(), stop: stop.kind === 'exit' ? `exit ${stop.code}` : stop.kind });
  }
  return medianRun(done);
}

/**
 * Times a user program under the kernel RUNS times, each on a fresh kernel
 * that loaded it eagerly, up to its exit system call: the exit, where the
 * kernel tears the address space down (64 MiB of it for random64), is kernel
 * work in TypeScript, not the hardware's, and runs untimed after. A first,
 * untimed whole run warms the engine up and counts the instructions the
 * program retires before its exit ECALL (which traps, so never retires).
 */
export async function timeHosted(elf: ElfFile, name: string, options: MachineOptions, runs = RUNS): Promise<Run> {
  const boot = async (): Promise<Kernel> => {
    const kernel = await Kernel.create({ ramBytes: options.ramBytes, tlb: options.tlb, eager: true });
    kernel.spawn(elf, [name]);
    kernel.machine.resetStats();
    return kernel;
  };
  const warmUp = await boot();
  warmUp.run({ maxInstructions: MAX_INSTRUCTIONS });
  const beforeExit = warmUp.stats().retired;
  const done: Run[] = [];
  for (let i = 0; i < runs; i++) {
    const kernel = await boot();
    const [seconds] = timeCpu(() => kernel.run({ maxInstructions: beforeExit }));
    const stats = kernel.stats().machine;
    const stop = kernel.run({ maxInstructions: MAX_INSTRUCTIONS });
    const status = kernel.processes()[0]?.status;
    done.push({ seconds, stats, stop: stop === 'exited' ? `exit ${status}` : stop });
  }
  return medianRun(done);
}

export async function measureProgram(bench: ProgramBench, runs = RUNS): Promise<ProgramFigure> {
  const elf = await loadBenchProgram(bench.program, bench.runs);
  const r = bench.runs === 'hosted'
    ? await timeHosted(elf, bench.program, bench.options, runs)
    : await timeBareMetal(elf, bench.options, runs);
  if (r.stop !== 'exit 0') throw new GuestFailedError(`${bench.program} (${bench.runs}) ended with ${r.stop}`);
  const mips = r.stats.instructions / r.seconds / 1e6;
  return {
    program: bench.program, runs: bench.runs, ...(bench.loop === undefined ? {} : { loop: bench.loop }), measures: bench.what,
    machine: { ramBytes: bench.options.ramBytes ?? DEFAULT_RAM_BYTES, tlb: bench.options.tlb ?? DEFAULT_TLB },
    instructions: r.stats.instructions, seconds: r.seconds, mips, rate: bench.rate(r.stats) / r.seconds / 1e6, of: bench.unit,
    ...(bench.target === undefined ? {} : { verdict: judge(mips, bench.target) }), stop: r.stop, stats: r.stats,
  };
}

/** Every program benchmark, in table order; `progress` after each. */
export async function runPrograms(runs = RUNS, progress?: (done: number, total: number) => void): Promise<ProgramFigure[]> {
  const figures: ProgramFigure[] = [];
  for (const bench of PROGRAM_BENCHES) {
    figures.push(await measureProgram(bench, runs));
    progress?.(figures.length, PROGRAM_BENCHES.length);
  }
  return figures;
}
