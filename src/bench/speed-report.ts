// The speed tables of `mmulab bench` (suites hardware and mmu): every row
// with its target and "met" or "missed by X %" (targets.ts), "-" where the
// issue sets no target for the row.
import { count } from '../format.js';
import type { TlbShape } from '../machine/index.js';
import type { MicroFigure, MicroCase } from './mmu-micro.js';
import type { PagingCost, StartupTime, TracingCost } from './overheads.js';
import type { ProgramFigure } from './programs.js';
import { formatTable } from './report.js';
import { targetText, verdictText, type Verdict } from './targets.js';
import { shapeName } from './tlb-reach.js';

const millions = (n: number): string => (n / 1e6).toFixed(1);
const fixed1 = (n: number): string => n.toFixed(1);

/** The target and result cells of a row. */
function judged(verdict: Verdict | undefined): [string, string] {
  return verdict === undefined ? ['-', '-'] : [targetText(verdict.target), verdictText(verdict)];
}

const RUNS_TEXT: Record<ProgramFigure['runs'], string> = {
  bare: 'bare, paging off', sv32: 'bare-metal, Sv32', hosted: 'hosted, Sv32',
};

export function programsTable(figures: readonly ProgramFigure[], runs: number): string {
  const rows: string[][] = [['program', 'runs', 'measures', 'instr (M)', 'seconds', 'MIPS', 'rate (M/s)', 'of', 'target', 'result']];
  for (const f of figures) {
    rows.push([
      f.program, RUNS_TEXT[f.runs], f.measures, millions(f.instructions), f.seconds.toFixed(3), fixed1(f.mips),
      fixed1(f.rate), f.of, ...judged(f.verdict),
    ]);
  }
  return `Guest programs (programs/bench/): CPU time, median of ${runs} runs. bare = M-mode, paging off; ` +
    'bare-metal = S-mode with Sv32 on; hosted = a user program under the kernel (U-mode, Sv32, loaded eagerly: no page faults)\n' +
    formatTable(rows);
}

export function pagingTable(costs: readonly PagingCost[]): string {
  const rows: string[][] = [['loop', 'bare MIPS', 'bare-metal Sv32 MIPS', 'hosted MIPS', 'paging costs', 'target', 'result']];
  for (const c of costs) {
    rows.push([c.loop, fixed1(c.bareMips), fixed1(c.sv32Mips), fixed1(c.hostedMips), `${fixed1(c.costPercent)} %`, ...judged(c.verdict)]);
  }
  return 'Paging costs: hosted time per instruction over bare, less one\n' + formatTable(rows);
}

export function overheadsTable(tracing: TracingCost | undefined, startup: StartupTime | undefined): string {
  const rows: string[][] = [['figure', 'measured', 'target', 'result']];
  if (tracing !== undefined) {
    rows.push([
      `tracing costs (${tracing.program}, tracing off: release ${fixed1(tracing.releaseMips)} MIPS, ` +
        `traced build ${fixed1(tracing.tracedMips)} MIPS, ratio ${tracing.ratio.toFixed(3)})`,
      `${fixed1(tracing.costPercent)} %`, ...judged(tracing.verdict),
    ]);
  }
  if (startup !== undefined) {
    rows.push([
      `start-up (${startup.command}, spawn to exit, median of ${startup.runs}; node -e '' alone ${startup.nodeMs.toFixed(0)} ms)`,
      `${startup.ms.toFixed(0)} ms`, ...judged(startup.verdict),
    ]);
  }
  return formatTable(rows);
}

function shapeText(shape: TlbShape): string {
  return `${shapeName(shape.entries, shape.ways === shape.entries ? 'full' : shape.ways)} ${shape.policy.toUpperCase()}`;
}

export function tlbText(tlb: MicroCase['tlb']): string {
  return 'itlb' in tlb ? `I ${shapeText(tlb.itlb)}, D ${shapeText(tlb.dtlb)}` : `unified ${shapeText(tlb)}`;
}

export function microTable(figures: readonly MicroFigure[], runs: number): string {
  const rows: string[][] = [['mode', 'measures', 'TLB', 'operations', 'seconds', 'rate (M/s)', 'ns/op', 'target', 'result']];
  for (const f of figures) {
    rows.push([
      f.mode, f.measures, tlbText(f.tlb), count(f.operations), f.seconds.toFixed(4), fixed1(f.rate),
      f.nsPerOperation.toFixed(1), ...judged(f.verdict),
    ]);
  }
  return 'MMU microbenchmarks: the hardware\'s translation path in Wasm, no instructions executed; CPU time, ' +
    `median of ${runs} runs (a flush: less the TLB restore before it)\n` + formatTable(rows);
}
