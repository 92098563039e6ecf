// What things cost, as `mmulab bench --suite hardware` reports them:
//   - paging: per loop, the hosted run's time per instruction over the bare
//     run's (paging off), less one: "paging costs 12 %" means 12 % more time
//     per instruction with every access translated under the kernel;
//   - tracing: alu.s on the traced build (build/mmulab-trace.wasm) with
//     tracing off, against the release build, the same way;
//   - start-up: `mmulab run exit.s` (a program that exits at once) from
//     spawn to exit, wall time: an upper bound on the time to the program's
//     first instruction. The same for `node -e ''` shows how much of it is
//     Node's own start.
import { findPackageFile } from '../machine/wasm.js';
import { median, timeRun } from './peers.js';
import { loadBenchProgram, timeBareMetal, type Loop, type ProgramFigure } from './programs.js';
import { ALU_PAGING_COST, STARTUP_MS, TRACING_COST, judge, type Verdict } from './targets.js';
import { RUNS } from './timing.js';

/** A slowdown in percent: how much more time per instruction `slow` takes than `fast`. */
export function slowdownPercent(fastMips: number, slowMips: number): number {
  return (fastMips / slowMips - 1) * 100;
}

export interface PagingCost {
  loop: Loop;
  bareMips: number;
  sv32Mips: number;
  hostedMips: number;
  /** Hosted against bare, in percent. */
  costPercent: number;
  verdict?: Verdict;
}

/** Paging's cost for every loop that ran all three ways. */
export function pagingCosts(figures: readonly ProgramFigure[]): PagingCost[] {
  const loops = [...new Set(figures.flatMap((f) => (f.loop === undefined ? [] : [f.loop])))];
  return loops.map((loop) => {
    const mips = (runs: ProgramFigure['runs']): number => figures.find((f) => f.loop === loop && f.runs === runs)!.mips;
    const costPercent = slowdownPercent(mips('bare'), mips('hosted'));
    return {
      loop, bareMips: mips('bare'), sv32Mips: mips('sv32'), hostedMips: mips('hosted'), costPercent,
      ...(loop === 'alu' ? { verdict: judge(costPercent, ALU_PAGING_COST) } : {}),
    };
  });
}

export interface TracingCost {
  program: string;
  releaseMips: number;
  tracedMips: number;
  /** traced / release MIPS. */
  ratio: number;
  costPercent: number;
  verdict: Verdict;
}

/** alu.s on the release and the traced build (tracing off), the median of `runs` each. */
export async function measureTracingCost(runs = RUNS): Promise<TracingCost> {
  const program = 'alu.s';
  const elf = await loadBenchProgram(program, 'sv32');
  const release = await timeBareMetal(elf, {}, runs);
  const traced = await timeBareMetal(elf, { trace: true }, runs);
  const releaseMips = release.stats.instructions / release.seconds / 1e6;
  const tracedMips = traced.stats.instructions / traced.seconds / 1e6;
  const costPercent = slowdownPercent(releaseMips, tracedMips);
  return { program, releaseMips, tracedMips, ratio: tracedMips / releaseMips, costPercent, verdict: judge(costPercent, TRACING_COST) };
}

export interface StartupTime {
  command: string;
  /** Median wall milliseconds from spawn to exit. */
  ms: number;
  /** The same for `node -e ''`: Node's own share. */
  nodeMs: number;
  runs: number;
  verdict: Verdict;
}

export const STARTUP_PROGRAM = 'programs/bench/exit.s';

export async function measureStartup(runs = RUNS): Promise<StartupTime> {
  const cli = await findPackageFile('dist/mmulab.js');
  const program = await findPackageFile(STARTUP_PROGRAM);
  const args = [cli, 'run', '--no-summary', program];
  const mmulab: number[] = [];
  const node: number[] = [];
  for (let i = 0; i < runs; i++) {
    mmulab.push(timeRun(process.execPath, args) * 1000);
    node.push(timeRun(process.execPath, ['-e', '']) * 1000);
  }
  const ms = median(mmulab);
  return { command: `mmulab run --no-summary ${STARTUP_PROGRAM}`, ms, nodeMs: median(node), runs, verdict: judge(ms, STARTUP_MS) };
}
