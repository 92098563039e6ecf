// The context-switch experiment: P copies of the TLB-reach guest, each
// touching its own working set of N pages, share the hart round-robin with
// a quantum of Q instructions. With ASIDs (the default) their TLB entries
// coexist and only the cold misses remain; without (`asid: false`) the
// kernel flushes the TLB at every switch, so each time slice starts by
// missing on every page again. The DTLB (256 entries, fully associative,
// LRU) holds every process's pages at once, so the difference is the
// flushes alone.
//
// Counts cover the whole run: the N x rounds loads of each process and the
// few loads of its argument parsing before them (13 for the arguments this
// experiment passes).
import { Kernel } from '../kernel/index.js';
import type { TlbShape } from '../machine/index.js';
import { cyclesPerAccess, type CostModel } from './cost-model.js';
import { BENCH_ITLB, GUEST_MAX_INSTRUCTIONS, GuestFailedError, ramFor, reachGuest } from './tlb-reach.js';

export const SWITCH_DTLB: TlbShape = { entries: 256, ways: 256, policy: 'lru' };
/** Instructions of one round of the guest's loop per page (lw, add, addi, bnez). */
const LOOP_INSTRUCTIONS_PER_PAGE = 4;

export interface SwitchGrid {
  processes: number[];
  pages: number[];
  quanta: number[];
  /** Instructions each process runs in its loop (rounds = ceil(this / (4 N))). */
  instructionsPerProcess: number;
}

export const FULL_SWITCH_GRID: SwitchGrid = {
  processes: [2, 4], pages: [16, 32], quanta: [1000, 10_000, 100_000], instructionsPerProcess: 1_000_000,
};

export const QUICK_SWITCH_GRID: SwitchGrid = {
  processes: [2, 4], pages: [16], quanta: [1000, 10_000], instructionsPerProcess: 50_000,
};

export interface SwitchCase {
  processes: number;
  pages: number;
  rounds: number;
  quantum: number;
  asid: boolean;
  /** Each guest calls sched_yield after every round (the exact small case of the tests). */
  yieldEveryRound?: boolean;
}

export interface SwitchPoint extends SwitchCase {
  contextSwitches: number;
  /** Data translations and DTLB misses of all the processes. */
  accesses: number;
  misses: number;
  missRate: number;
  cycles: number;
}

export interface SwitchResult {
  grid: SwitchGrid;
  itlb: TlbShape;
  dtlb: TlbShape;
  points: SwitchPoint[];
}

/** Runs one case to the end; the whole run's data-TLB counts. */
export async function measureSwitches(c: SwitchCase, cost: CostModel): Promise<SwitchPoint> {
  const { elf } = await reachGuest();
  const kernel = await Kernel.create({
    ramBytes: ramFor(c.processes * c.pages), tlb: { itlb: BENCH_ITLB, dtlb: SWITCH_DTLB }, quantum: c.quantum, asid: c.asid,
  });
  const argv = ['tlb-reach', String(c.pages), String(c.rounds), ...(c.yieldEveryRound ? ['y'] : [])];
  for (let i = 0; i < c.processes; i++) kernel.spawn(elf, argv);
  const stop = kernel.run({ maxInstructions: GUEST_MAX_INSTRUCTIONS });
  const failed = kernel.processes().find((p) => p.status !== 0);
  if (stop !== 'exited' || failed !== undefined) {
    throw new GuestFailedError(`tlb-reach ${argv.slice(1).join(' ')} x ${c.processes}: ${stop}, status ${failed?.status}`);
  }
  const stats = kernel.stats();
  const m = stats.machine;
  const accesses = m.translations.load + m.translations.store;
  const misses = m.tlbMisses.load + m.tlbMisses.store;
  return {
    ...c, contextSwitches: stats.contextSwitches, accesses, misses,
    missRate: misses / accesses, cycles: cyclesPerAccess(cost, { accesses, misses }),
  };
}

export function switchRounds(grid: SwitchGrid, pages: number): number {
  return Math.ceil(grid.instructionsPerProcess / (LOOP_INSTRUCTIONS_PER_PAGE * pages));
}

/** Every case of the grid, each with ASIDs and with a flush at every switch. */
export async function runContextSwitches(
  grid: SwitchGrid, cost: CostModel, progress?: (done: number, total: number) => void,
): Promise<SwitchResult> {
  const points: SwitchPoint[] = [];
  const total = grid.processes.length * grid.pages.length * grid.quanta.length * 2;
  for (const processes of grid.processes) {
    for (const pages of grid.pages) {
      for (const quantum of grid.quanta) {
        for (const asid of [true, false]) {
          points.push(await measureSwitches({ processes, pages, rounds: switchRounds(grid, pages), quantum, asid }, cost));
          progress?.(points.length, total);
        }
      }
    }
  }
  return { grid, itlb: BENCH_ITLB, dtlb: SWITCH_DTLB, points };
}
