// `mmulab bench`: the hardware speed benchmarks (programs/bench/, the MMU
// microbenchmarks) and the translation experiments (TLB reach, context
// switches, QEMU side by side), printed as tables; --json and --svg write the
// figures and charts.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Command } from 'commander';
import { DEFAULT_COST_MODEL } from '../../bench/cost-model.js';
import { peersTable, reachCharts, reachTables, switchChart, switchTable } from '../../bench/report.js';
import { microTable, overheadsTable, pagingTable, programsTable } from '../../bench/speed-report.js';
import { BenchOptionError, parseSuite, runSuite, SUITE_NAMES, type SuiteResult } from '../../bench/suite.js';
import { BENCH_TIMING, ProgressLine } from '../progress.js';

interface BenchFlags {
  suite: string;
  json?: string;
  svg?: string;
  quick?: boolean;
  hitCost: string;
  memCost: string;
}

function parseCycles(flag: string, text: string): number {
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value) || value < 0) {
    throw new BenchOptionError(`${flag} must be a number of cycles, 0 or more (got '${text}')`);
  }
  return value;
}

function printTables(result: SuiteResult): void {
  const { cost } = result.config;
  const parts: string[] = [];
  const { hardware, mmu } = result;
  if (hardware) {
    parts.push(programsTable(hardware.programs, hardware.runs), pagingTable(hardware.paging), overheadsTable(hardware.tracing, hardware.startup));
  }
  if (mmu) parts.push(microTable(mmu.figures, mmu.runs));
  if (result.tlbReach) parts.push(reachTables(result.tlbReach, cost));
  if (result.contextSwitches) parts.push(switchTable(result.contextSwitches));
  if (result.peers) parts.push(peersTable(result.peers));
  process.stdout.write(parts.join('\n'));
}

async function writeCharts(result: SuiteResult, dir: string): Promise<void> {
  const charts = [
    ...(result.tlbReach ? reachCharts(result.tlbReach, result.config.cost) : []),
    ...(result.contextSwitches ? [switchChart(result.contextSwitches)] : []),
  ];
  await mkdir(dir, { recursive: true });
  for (const chart of charts) await writeFile(path.join(dir, chart.file), chart.svg);
}

export function benchCommand(): Command {
  return new Command('bench')
    .description('measure the hardware model\'s speed (guest programs, MMU microbenchmarks) and run the translation experiments (TLB reach, context switches, QEMU peers)')
    .option('--suite <name>', `${SUITE_NAMES.join(', ')} or all`, 'all')
    .option('--json <file>', 'write every figure, the machine and the settings as JSON')
    .option('--svg <dir>', 'draw the charts as SVG files in this directory')
    .option('--quick', 'reduced grids, fewer MMU operations and one timed run per speed figure (for tests and a first look)')
    .option('--hit-cost <cycles>', 'cost model: cycles of a TLB lookup (h)', String(DEFAULT_COST_MODEL.hitCycles))
    .option('--mem-cost <cycles>', 'cost model: cycles of one memory reference of a walk (m)', String(DEFAULT_COST_MODEL.memCycles))
    .action(async (flags: BenchFlags) => {
      const suites = parseSuite(flags.suite);
      const cost = { hitCycles: parseCycles('--hit-cost', flags.hitCost), memCycles: parseCycles('--mem-cost', flags.memCost) };
      const progress = new ProgressLine(process.stderr, BENCH_TIMING);
      let result: SuiteResult;
      try {
        result = await runSuite({
          suites, quick: flags.quick === true, cost,
          progress: (suite, done, total) => progress.update(`${suite}: ${done}/${total}`),
        });
      } finally {
        progress.clear();
      }
      printTables(result);
      if (flags.json !== undefined) await writeFile(flags.json, JSON.stringify(result, null, 2) + '\n');
      if (flags.svg !== undefined) await writeCharts(result, flags.svg);
    });
}
