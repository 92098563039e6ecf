// `mmulab bench`'s suite: the experiments a run selects, their results in
// one versioned document with the machine they ran on and the settings.
// SUITE_VERSION changes whenever a figure's meaning or the document's shape
// does, so results of different versions are never compared by mistake.
import os from 'node:os';
import { VERSION } from '../cli/version.js';
import { MmulabError } from '../errors.js';
import { FULL_MICRO_COUNTS, QUICK_MICRO_COUNTS, runMicro, type MicroCounts, type MicroFigure } from './mmu-micro.js';
import {
  measureStartup, measureTracingCost, pagingCosts, type PagingCost, type StartupTime, type TracingCost,
} from './overheads.js';
import { runPrograms, type ProgramFigure } from './programs.js';
import { RUNS } from './timing.js';
import { FULL_SWITCH_GRID, QUICK_SWITCH_GRID, runContextSwitches, type SwitchResult } from './context-switch.js';
import { checkCostModel, type CostModel } from './cost-model.js';
import { runPeers, type PeersResult } from './peers.js';
import { FULL_REACH_GRID, QUICK_REACH_GRID, runTlbReach, type ReachResult } from './tlb-reach.js';

export const SUITE_VERSION = 2;

export const SUITE_NAMES = ['hardware', 'mmu', 'tlb-reach', 'context-switch', 'peers'] as const;
export type SuiteName = (typeof SUITE_NAMES)[number];

/** Timed runs of each speed benchmark under --quick (the median of RUNS otherwise). */
const QUICK_RUNS = 1;

/** Timed peer runs per side: the median of 3 (1 under --quick). */
const PEER_RUNS = 3;
const QUICK_PEER_RUNS = 1;

export class BenchOptionError extends MmulabError {
  override name = 'BenchOptionError';
}

/** --suite NAME: one experiment, or 'all' of them. */
export function parseSuite(name: string): SuiteName[] {
  if (name === 'all') return [...SUITE_NAMES];
  const found = SUITE_NAMES.find((s) => s === name);
  if (found === undefined) throw new BenchOptionError(`unknown suite '${name}' (expected ${SUITE_NAMES.join(', ')} or all)`);
  return [found];
}

export interface HostInfo {
  os: string;
  cpu: string;
  cpus: number;
  node: string;
  mmulab: string;
}

export function hostInfo(): HostInfo {
  const cpus = os.cpus();
  return {
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    cpu: cpus[0]?.model.trim() ?? 'unknown',
    cpus: cpus.length,
    node: process.version,
    mmulab: VERSION,
  };
}

export interface SuiteOptions {
  suites: SuiteName[];
  quick: boolean;
  cost: CostModel;
  /** Called as an experiment advances (for a progress line). */
  progress?: (suite: SuiteName, done: number, total: number) => void;
}

export interface SuiteResult {
  suiteVersion: number;
  host: HostInfo;
  config: { suites: SuiteName[]; quick: boolean; cost: CostModel };
  /** The guest programs' speed, what paging and tracing cost, and the start-up time: medians of `runs`. */
  hardware?: {
    runs: number;
    programs: ProgramFigure[];
    paging: PagingCost[];
    tracing: TracingCost;
    startup: StartupTime;
  };
  /** The MMU microbenchmarks: medians of `runs` timed calls of `counts` operations. */
  mmu?: { runs: number; counts: MicroCounts; figures: MicroFigure[] };
  tlbReach?: ReachResult;
  contextSwitches?: SwitchResult;
  peers?: PeersResult;
}

/** Runs the selected experiments in SUITE_NAMES order. */
export async function runSuite(options: SuiteOptions): Promise<SuiteResult> {
  const cost = checkCostModel(options.cost);
  const { quick } = options;
  const result: SuiteResult = {
    suiteVersion: SUITE_VERSION, host: hostInfo(), config: { suites: options.suites, quick, cost },
  };
  const progress = (suite: SuiteName) => (done: number, total: number): void => options.progress?.(suite, done, total);
  const runs = quick ? QUICK_RUNS : RUNS;
  if (options.suites.includes('hardware')) {
    const programs = await runPrograms(runs, progress('hardware'));
    result.hardware = {
      runs, programs, paging: pagingCosts(programs), tracing: await measureTracingCost(runs), startup: await measureStartup(runs),
    };
  }
  if (options.suites.includes('mmu')) {
    const counts = quick ? QUICK_MICRO_COUNTS : FULL_MICRO_COUNTS;
    result.mmu = { runs, counts, figures: await runMicro(counts, runs, progress('mmu')) };
  }
  if (options.suites.includes('tlb-reach')) {
    result.tlbReach = await runTlbReach(quick ? QUICK_REACH_GRID : FULL_REACH_GRID, cost, progress('tlb-reach'));
  }
  if (options.suites.includes('context-switch')) {
    result.contextSwitches = await runContextSwitches(quick ? QUICK_SWITCH_GRID : FULL_SWITCH_GRID, cost, progress('context-switch'));
  }
  if (options.suites.includes('peers')) {
    result.peers = await runPeers(quick ? QUICK_PEER_RUNS : PEER_RUNS, progress('peers'));
  }
  return result;
}
