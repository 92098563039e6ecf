// Differential test of Sv32 translation on random page tables: 60 programs,
// each with its own random root and second-level tables (valid, invalid,
// reserved and misaligned-megapage PTEs, random R/W/X/U/G/A/D bits, leaves
// with no memory behind them) and 300 random accesses: loads, stores (some
// across two pages) and AMOs made with the privilege of S or U (MPRV), and
// instruction fetches in S or U, with random SUM and MXR. mmulab (with
// hardware A/D updates, as QEMU 7.2 does) must report the same value or
// trap for every access, and leave the same PTEs and page contents, whatever
// its TLB shape and fast paths (lib/mmu-configs.ts) — after QEMU's output is
// corrected where it departs from the spec (causes of faulting AMOs, mtval
// of misaligned access faults: lib/known-differences.ts).
import { afterAll, describe, expect, it } from 'vitest';
import { correctQemuAccessTrap } from './lib/known-differences.js';
import { describeAccess, makeMmuProgram, renderMmuProgram, type MmuProgram } from './lib/mmu-program.js';
import { runMmulab } from './lib/mmulab.js';
import { describeStepDifferences, splitSteps } from './lib/priv-compare.js';
import { runQemu } from './lib/qemu.js';
import { describeMmuConfig, MMU_CONFIGS } from './lib/mmu-configs.js';
import { buildElf, makeWorkDir, removeWorkDir } from './lib/tools.js';

const SUITE_SEED = Number(process.env.MMULAB_DIFF_SEED ?? 0x6d6d75);
const PROGRAMS = 60;
const ACCESSES = 300;
const programSeed = (p: number): number => (SUITE_SEED + p * 0x9e3779b1) >>> 0;

describe(`random Sv32 page tables vs qemu-system-riscv32 (seed ${SUITE_SEED})`, () => {
  const dir = makeWorkDir('mmu');
  afterAll(() => removeWorkDir(dir));

  /** Runs program p on both harts; returns the step-by-step differences ('' if none). */
  // Program p runs with MMU configuration p mod 6.
  const configOf = (p: number) => MMU_CONFIGS[p % MMU_CONFIGS.length]!;

  async function compareProgram(p: number, ad: 'update' | 'fault'): Promise<{ report: string; program: MmuProgram }> {
    const program = makeMmuProgram(programSeed(p), ACCESSES);
    const elf = buildElf(dir, `mmu-${p}`, renderMmuProgram(program));
    const qemu = runQemu(elf.path);
    expect(qemu.exitCode).toBe(0);
    const mmulab = await runMmulab(elf.bytes, { ad, ...configOf(p) });
    const expected = fixQemuSteps(splitSteps(qemu.console), program);
    return { report: describeStepDifferences(expected, splitSteps(mmulab.console)), program };
  }

  it('the comparison notices a hart that faults on clear A/D bits instead of setting them', async () => {
    const { report } = await compareProgram(0, 'fault');
    expect(report).toMatch(/^step \d+:/);
  });

  for (let p = 0; p < PROGRAMS; p++) {
    it(`program ${p}: ${ACCESSES} accesses, ${describeMmuConfig(configOf(p))}`, async () => {
      const seed = programSeed(p);
      const { report, program } = await compareProgram(p, 'update');
      // Name the access behind the first differing step (steps 1..ACCESSES are accesses).
      const first = /^step (\d+):/.exec(report);
      const step = first ? Number(first[1]) : 0;
      const what = step >= 1 && step <= ACCESSES ? `first difference: ${describeAccess(program, step - 1)}\n` : '';
      expect(report ? `program seed 0x${seed.toString(16)}\n${what}${report}` : '').toBe('');
    });
  }
});

/** QEMU's steps with the trap lines of every access corrected where QEMU 7.2 departs from the spec. */
function fixQemuSteps(steps: Map<number, string[]>, program: MmuProgram): Map<number, string[]> {
  const fixed = new Map(steps);
  program.accesses.forEach((access, i) => {
    const lines = steps.get(i + 1);
    if (!lines) return;
    fixed.set(i + 1, correctQemuAccessTrap(lines, { amo: access.op.startsWith('amo'), address: access.va, size: access.size }));
  });
  return fixed;
}
