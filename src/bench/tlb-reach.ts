// The TLB-reach experiment (OSTEP chapter 19, "Measuring TLB size and
// cost"): the guest programs/bench/tlb-reach.s loads one word from each of
// N pages, round after round, under the kernel; the modeled data TLB's
// exact counts give the miss rate per access for every TLB shape.
//
// The TLBs are split, with a generous 64-entry fully associative ITLB, so
// instruction fetch (the loop is a few instructions on one page) does not
// pollute the data TLB being measured. The counts start after the guest's
// mmap2 call returns (the statistics are zeroed then), so they cover
// exactly the N x rounds loads of the loop: the first round's misses are the
// cold misses, the rest show whether N pages fit in the TLB.
import { readFile } from 'node:fs/promises';
import { assemble } from '../asm/index.js';
import { readElf, type ElfFile } from '../elf/index.js';
import { MmulabError } from '../errors.js';
import { Kernel } from '../kernel/index.js';
import type { TlbShape } from '../machine/index.js';
import { findPackageFile } from '../machine/wasm.js';
import { cyclesPerAccess, type CostModel } from './cost-model.js';

/** The guest's source, assembled on first use. */
export const REACH_GUEST = 'programs/bench/tlb-reach.s';
/** The ITLB every experiment uses, so only the DTLB varies. */
export const BENCH_ITLB: TlbShape = { entries: 64, ways: 64, policy: 'lru' };
const PAGE_BYTES = 4096;
/** RAM beyond the guest's pages: the kernel's reserved start, page tables, the program and its stack. */
const RAM_MARGIN_BYTES = 16 << 20;
/** A budget no run reaches: the guest always exits first. */
export const GUEST_MAX_INSTRUCTIONS = 1e12;

/** Associativity: ways per set, or 'full' (one set of all the entries). */
export type Ways = number | 'full';

export interface ReachGrid {
  /** Working sets in pages (N). */
  pages: number[];
  /** DTLB sizes in entries. */
  entries: number[];
  ways: Ways[];
  /** Loads of the whole run at least (rounds = max(minRounds, ceil(accesses / N))), so cold misses do not dominate. */
  accesses: number;
  minRounds: number;
}

const powersOfTwo = (from: number, to: number): number[] => {
  const out: number[] = [];
  for (let n = from; n <= to; n *= 2) out.push(n);
  return out;
};

/** N = 1 .. 8192 pages, TLBs of 16 .. 2048 entries, direct-mapped, 4-way and fully associative. */
export const FULL_REACH_GRID: ReachGrid = {
  pages: powersOfTwo(1, 8192), entries: powersOfTwo(16, 2048), ways: [1, 4, 'full'], accesses: 65536, minRounds: 16,
};

/** The reduced grid of --quick (and the tests): N = 1 .. 128, TLBs of 16 .. 64 entries. */
export const QUICK_REACH_GRID: ReachGrid = {
  pages: powersOfTwo(1, 128), entries: [16, 32, 64], ways: [1, 4, 'full'], accesses: 2048, minRounds: 8,
};

export interface ReachPoint {
  pages: number;
  rounds: number;
  entries: number;
  ways: Ways;
  /** Data translations counted (= pages x rounds) and the DTLB misses among them. */
  accesses: number;
  misses: number;
  missRate: number;
  /** Translation cycles per access under the cost model. */
  cycles: number;
}

export interface ReachResult {
  grid: ReachGrid;
  itlb: TlbShape;
  points: ReachPoint[];
}

/** The guest did not exit with status 0 (out of RAM, or a bad argument). */
export class GuestFailedError extends MmulabError {
  override name = 'GuestFailedError';
}

export interface Guest {
  /** The ELF file's bytes, to run elsewhere (qemu-riscv32, `mmulab run`). */
  bytes: Uint8Array;
  elf: ElfFile;
}

let guest: Promise<Guest> | undefined;

/** The guest, assembled once per process. */
export function reachGuest(): Promise<Guest> {
  guest ??= (async () => {
    const file = await findPackageFile(REACH_GUEST);
    const bytes = assemble(await readFile(file, 'utf8'), { file, layout: 'hosted' }).elf;
    return { bytes, elf: readElf(bytes, file) };
  })();
  return guest;
}

export function roundsFor(grid: Pick<ReachGrid, 'accesses' | 'minRounds'>, pages: number): number {
  return Math.max(grid.minRounds, Math.ceil(grid.accesses / pages));
}

/** RAM for `pages` pages of working set and the rest, in whole MiB. */
export function ramFor(pages: number): number {
  const bytes = pages * PAGE_BYTES + RAM_MARGIN_BYTES;
  return Math.ceil(bytes / (1 << 20)) * (1 << 20);
}

export function dtlbShape(entries: number, ways: Ways): TlbShape {
  return { entries, ways: ways === 'full' ? entries : ways, policy: 'lru' };
}

/** Runs the guest once for N pages on one DTLB shape; the counts of the loop alone. */
export async function measureReach(pages: number, rounds: number, dtlb: TlbShape): Promise<{ accesses: number; misses: number }> {
  const { elf } = await reachGuest();
  const kernel: Kernel = await Kernel.create({
    ramBytes: ramFor(pages), tlb: { itlb: BENCH_ITLB, dtlb }, quantum: 1e9,
    // Zero the statistics when mmap2 returns: from here on the guest only loads.
    trace: (event) => {
      if (event.kind === 'syscall' && event.name === 'mmap2') kernel.machine.resetStats();
    },
  });
  kernel.spawn(elf, ['tlb-reach', String(pages), String(rounds)]);
  const stop = kernel.run({ maxInstructions: GUEST_MAX_INSTRUCTIONS });
  const status = kernel.processes()[0]?.status;
  if (stop !== 'exited' || status !== 0) {
    throw new GuestFailedError(`tlb-reach ${pages} ${rounds}: ${stop}, status ${status}`);
  }
  const s = kernel.stats().machine;
  return { accesses: s.translations.load + s.translations.store, misses: s.tlbMisses.load + s.tlbMisses.store };
}

/** Every point of the grid (deterministic: one run each); `progress` after each. */
export async function runTlbReach(
  grid: ReachGrid, cost: CostModel, progress?: (done: number, total: number) => void,
): Promise<ReachResult> {
  const points: ReachPoint[] = [];
  const total = grid.ways.length * grid.entries.length * grid.pages.length;
  for (const ways of grid.ways) {
    for (const entries of grid.entries) {
      for (const pages of grid.pages) {
        const rounds = roundsFor(grid, pages);
        const { accesses, misses } = await measureReach(pages, rounds, dtlbShape(entries, ways));
        points.push({
          pages, rounds, entries, ways, accesses, misses,
          missRate: misses / accesses, cycles: cyclesPerAccess(cost, { accesses, misses }),
        });
        progress?.(points.length, total);
      }
    }
  }
  return { grid, itlb: BENCH_ITLB, points };
}

/** A TLB shape's name in tables and legends: "64 x 4-way", "64 full". */
export function shapeName(entries: number, ways: Ways): string {
  return ways === 'full' ? `${entries} full` : ways === 1 ? `${entries} direct` : `${entries} x ${ways}-way`;
}
