// The guest-program benchmarks as `mmulab bench --suite hardware` runs them:
// hosted runs (under the kernel, loaded eagerly) count exactly what their
// loops imply and take no page fault; paging's cost and the verdicts are
// computed as documented.
import { describe, expect, it } from 'vitest';
import { symbolValue } from '../../src/elf/index.js';
import { pagingCosts, slowdownPercent } from '../../src/bench/overheads.js';
import {
  PROGRAM_BENCHES, loadBenchProgram, timeHosted, type ProgramFigure, type RunKind,
} from '../../src/bench/programs.js';
import { programsTable, pagingTable } from '../../src/bench/speed-report.js';
import { ramFor } from '../../src/bench/tlb-reach.js';
import { DEFAULT_TLB, type MachineStats } from '../../src/machine/index.js';
import { randomLoadMisses } from './bench-helpers.js';


async function hosted(program: string, ramBytes?: number) {
  const elf = await loadBenchProgram(program, 'hosted');
  const run = await timeHosted(elf, program, { ramBytes }, 1);
  expect(run.stop).toBe('exit 0');
  // Eager loading: the timed run, which stops before the exit ECALL, takes no page fault and no exception at all.
  expect(run.stats.pageFaults).toEqual({ fetch: 0, load: 0, store: 0 });
  expect(run.stats.exceptions.every((n) => n === 0)).toBe(true);
  return { elf, stats: run.stats };
}

describe('hosted bench programs (U-mode under the kernel, Sv32)', () => {
  it('alu-hosted.s: the loop, li a0 and li a7 are timed; the exit ECALL is not', async () => {
    const { stats } = await hosted('alu-hosted.s');
    expect(stats.instructions).toBe(4 + 60_000_000 + 2);
    expect(stats.translations).toEqual({ fetch: 60_000_006, load: 0, store: 0 });
    expect(stats.tlbMisses).toEqual({ fetch: 1, load: 0, store: 0 });
    expect([stats.walks, ...stats.pteReads]).toEqual([1, 1, 1]);
  });

  it('sweep-hosted.s: four passes over 1,024 pages of .bss miss once per page per pass', async () => {
    const { stats } = await hosted('sweep-hosted.s');
    // la s4 (2) and 4 more set-up instructions, 4 passes of (mv, 4 x 1 M, addi, bnez), li a0, li a7.
    const instructions = 6 + 4 * (1 + 4 * 1_048_576 + 2) + 2;
    expect(stats.instructions).toBe(instructions);
    expect(stats.translations).toEqual({ fetch: instructions, load: 4 * 1_048_576, store: 0 });
    expect(stats.tlbMisses).toEqual({ fetch: 1, load: 4096, store: 0 });
    expect([stats.walks, ...stats.pteReads]).toEqual([4097, 4097, 4097]);
    expect(stats.tlbEvictions).toBe(4096 - 63);
  });

  it.each([
    ['random-hosted.s', 10, undefined],
    ['random64-hosted.s', 6, ramFor(16384)],
  ])('%s: 2 million loads miss as the TLB model predicts', async (program, shift, ramBytes) => {
    const { elf, stats } = await hosted(program, ramBytes);
    expect(stats.instructions).toBe(9 + 16_000_000 + 2);
    const misses = randomLoadMisses(shift, symbolValue(elf, 'region')!, (elf.entry >>> 12) % 16);
    expect(stats.translations.load).toBe(2_000_000);
    expect(stats.tlbMisses).toEqual({ fetch: 1, load: misses, store: 0 });
    expect([stats.walks, ...stats.pteReads]).toEqual([misses + 1, misses + 1, misses + 1]);
  }, 30_000);
});

describe('the program table', () => {
  it('runs each of the four loops bare, bare-metal Sv32 and hosted', () => {
    const loops = ['alu', 'sweep', 'random 4 MiB', 'random 64 MiB'];
    for (const loop of loops) {
      expect(PROGRAM_BENCHES.filter((b) => b.loop === loop).map((b) => b.runs)).toEqual(['bare', 'sv32', 'hosted']);
    }
    expect(PROGRAM_BENCHES.filter((b) => b.target !== undefined).map((b) => b.program)).toEqual([
      'alu.s', 'alu-hosted.s', 'sweep.s', 'sweep-hosted.s', 'random.s', 'random-hosted.s',
    ]);
  });

  const figure = (program: string, runs: RunKind, mips: number, loop?: ProgramFigure['loop']): ProgramFigure => ({
    program, runs, ...(loop === undefined ? {} : { loop }), measures: 'm', machine: { ramBytes: 1 << 20, tlb: DEFAULT_TLB }, instructions: 60e6, seconds: 60 / mips, mips,
    rate: mips, of: 'instructions', stop: 'exit 0', stats: {} as MachineStats,
  });

  it('says what paging costs: hosted time per instruction over bare, less one', () => {
    expect(slowdownPercent(300, 200)).toBe(50);
    const costs = pagingCosts([
      figure('alu-bare.s', 'bare', 300, 'alu'), figure('alu.s', 'sv32', 280, 'alu'), figure('alu-hosted.s', 'hosted', 250, 'alu'),
      figure('walk.s', 'sv32', 100),
    ]);
    expect(costs).toEqual([{
      loop: 'alu', bareMips: 300, sv32Mips: 280, hostedMips: 250, costPercent: 19.999999999999996,
      verdict: { target: { atLeast: false, value: 15, unit: '%' }, met: false, missedBy: 4.9999999999999964 },
    }]);
    expect(pagingTable(costs)).toBe(
      'Paging costs: hosted time per instruction over bare, less one\n' +
      'loop  bare MIPS  bare-metal Sv32 MIPS  hosted MIPS  paging costs  target  result\n' +
      'alu   300.0      280.0                 250.0        20.0 %        < 15 %  missed by 5.0 %\n',
    );
  });

  it('prints every row with its target and verdict, "-" where there is none', () => {
    const table = programsTable([
      { ...figure('alu.s', 'sv32', 400, 'alu'), verdict: { target: { atLeast: true, value: 500, unit: 'MIPS' }, met: false, missedBy: 0.2 } },
      figure('alu-bare.s', 'bare', 600, 'alu'),
    ], 5);
    expect(table.split('\n').slice(1)).toEqual([
      'program     runs              measures  instr (M)  seconds  MIPS   rate (M/s)  of            target      result',
      'alu.s       bare-metal, Sv32  m         60.0       0.150    400.0  400.0       instructions  ≥ 500 MIPS  missed by 20.0 %',
      'alu-bare.s  bare, paging off  m         60.0       0.100    600.0  600.0       instructions  -           -',
      '',
    ]);
  });
});
