// `npm run bench`: runs the programs in programs/bench/ on fresh machines and
// prints instructions per second and the rate each program is about
// (translations, walks). Targets: alu.s 500 MIPS and within 15 % of alu-bare.s
// (the same loop with paging off); tlb-hit.s 500 M TLB-hit translations/s;
// walk.s 100 M walks/s (then 150 M); sweep.s 400 MIPS; random.s 200 MIPS.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { assemble } from '../asm/index.js';
import { readElf } from '../elf/index.js';
import { Machine, type MachineOptions, type MachineStats } from '../machine/index.js';
import { findPackageFile } from '../machine/wasm.js';

interface Bench {
  program: string;
  what: string;
  options: MachineOptions;
  /** The figure the program is about, from its statistics. */
  rate: (s: MachineStats) => number;
  unit: string;
}

const BENCHES: Bench[] = [
  { program: 'alu.s', what: 'ALU loop, Sv32 on', options: {}, rate: (s) => s.instructions, unit: 'instructions' },
  {
    program: 'alu-bare.s', what: 'the same loop, paging off', options: {},
    rate: (s) => s.instructions, unit: 'instructions',
  },
  {
    program: 'tlb-hit.s', what: 'loads hitting the TLB', options: {},
    rate: (s) => s.tlbHits.fetch + s.tlbHits.load + s.tlbHits.store, unit: 'TLB-hit translations',
  },
  {
    program: 'walk.s', what: 'loads missing a 1-entry DTLB',
    options: { tlb: { itlb: { entries: 16, ways: 16, policy: 'lru' }, dtlb: { entries: 1, ways: 1, policy: 'lru' } } },
    rate: (s) => s.walks, unit: 'two-level walks',
  },
  {
    program: 'sweep.s', what: 'sequential loads over 4 MiB', options: {},
    rate: (s) => s.translations.load, unit: 'load translations',
  },
  {
    program: 'random.s', what: 'random loads over 4 MiB', options: {},
    rate: (s) => s.translations.load, unit: 'load translations',
  },
];

async function load(dir: string, program: string): Promise<ReturnType<typeof readElf>> {
  const file = path.join(dir, program);
  const source = await readFile(file, 'utf8');
  const { elf } = assemble(source, { file, layout: 'bare' });
  return readElf(elf, file);
}

interface Result { bench: Bench; seconds: number; stats: MachineStats; exit: string }

/**
 * The median of RUNS timed runs (after a warm-up that lets the engine
 * optimise the Wasm). Time is this process's CPU time, so other load on the
 * machine (which steals the CPU, not our work) does not count. The
 * statistics are the same in every run: the machine is deterministic.
 */
const RUNS = 5;

function cpuSeconds(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6;
}

async function measure(dir: string, bench: Bench): Promise<Result> {
  const elf = await load(dir, bench.program);
  const m = await Machine.create(bench.options);
  m.loadBareMetal(elf);
  m.run({ maxInstructions: 3_000_000 });
  const runs: Result[] = [];
  for (let i = 0; i < RUNS; i++) {
    m.loadBareMetal(elf);
    const start = cpuSeconds();
    const stop = m.run({ maxInstructions: 500_000_000 });
    const seconds = cpuSeconds() - start;
    runs.push({ bench, seconds, stats: m.stats(), exit: stop.kind === 'exit' ? `exit ${stop.code}` : stop.kind });
  }
  runs.sort((a, b) => a.seconds - b.seconds);
  return runs[RUNS >> 1]!;
}

const millions = (n: number): string => (n / 1e6).toFixed(1);

/** One benchmark's figures (the median run). */
export interface HardwareFigure {
  program: string;
  measures: string;
  instructions: number;
  seconds: number;
  mips: number;
  /** The figure the program is about, per second, and what it counts. */
  rate: number;
  of: string;
  stop: string;
}

/** Runs every benchmark, prints one table and returns the figures. */
export async function runBench(): Promise<HardwareFigure[]> {
  const dir = await findPackageFile('programs/bench');
  const figures: HardwareFigure[] = [];
  for (const bench of BENCHES) {
    const r = await measure(dir, bench);
    figures.push({
      program: bench.program, measures: bench.what, instructions: r.stats.instructions, seconds: r.seconds,
      mips: r.stats.instructions / r.seconds / 1e6, rate: bench.rate(r.stats) / r.seconds / 1e6, of: bench.unit, stop: r.exit,
    });
  }
  const rows: string[][] = [['program', 'measures', 'instr (M)', 'seconds', 'MIPS', 'rate (M/s)', 'of', 'stop']];
  for (const f of figures) {
    rows.push([f.program, f.measures, millions(f.instructions), f.seconds.toFixed(3), f.mips.toFixed(1), f.rate.toFixed(1), f.of, f.stop]);
  }
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((row) => row[c]!.length)));
  for (const row of rows) {
    process.stdout.write(row.map((cell, c) => cell.padEnd(widths[c]!)).join('  ').trimEnd() + '\n');
  }
  return figures;
}
