// Differential test of the privileged architecture: each program in
// test/diff/programs/ (built on priv-lib.S) provokes traps, interrupts and
// privilege changes and prints what it observes; mmulab must print what
// qemu-system-riscv32 prints, except where QEMU departs from the spec
// (lib/known-differences.ts: there mmulab must print what the spec requires).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readElf } from '../../src/elf/index.js';
import { KNOWN_DIFFERENCES, SVADE_DIFFERENCES } from './lib/known-differences.js';
import { runMmulab } from './lib/mmulab.js';
import { applyKnownDifferences, describeStepDifferences, splitSteps } from './lib/priv-compare.js';
import { runQemu } from './lib/qemu.js';
import { describeMmuConfig, MMU_CONFIGS } from './lib/mmu-configs.js';
import { buildElf, LIB_DIR, makeWorkDir, removeWorkDir } from './lib/tools.js';

const PROGRAMS_DIR = join(LIB_DIR, '../programs');
const PROGRAMS = readdirSync(PROGRAMS_DIR)
  .filter((f) => f.endsWith('.S') && f !== 'priv-lib.S')
  .map((f) => f.slice(0, -2))
  .sort();

describe('privileged programs vs qemu-system-riscv32', () => {
  const dir = makeWorkDir('priv');
  afterAll(() => removeWorkDir(dir));

  it('every known difference belongs to a program that exists', () => {
    expect(KNOWN_DIFFERENCES.filter((d) => !PROGRAMS.includes(d.program)).map((d) => d.name)).toEqual([]);
  });

  it('sv32 with A/D faults instead of updates (mmulab ad: fault, Svade)', async () => {
    const elf = buildElf(dir, 'sv32-svade', readFileSync(join(PROGRAMS_DIR, 'sv32.S'), 'utf8'));
    const file = readElf(elf.bytes);
    const fixed = applyKnownDifferences('sv32', splitSteps(runQemu(elf.path).console), file, KNOWN_DIFFERENCES);
    const expected = applyKnownDifferences('sv32', fixed, file, SVADE_DIFFERENCES);
    const mmulab = await runMmulab(elf.bytes, { ad: 'fault' });
    expect(describeStepDifferences(expected, splitSteps(mmulab.console))).toBe('');
  });

  // Every program with the default machine; those that page with every MMU configuration as well.
  const runs = PROGRAMS.flatMap((program) =>
    (program === 'sv32' || program === 'smc' ? MMU_CONFIGS : [{}]).map((config) => ({ program, config })));
  for (const { program, config } of runs) {
    it(`${program}, ${describeMmuConfig(config)}`, async () => {
      const elf = buildElf(dir, program, readFileSync(join(PROGRAMS_DIR, `${program}.S`), 'utf8'));
      const qemu = runQemu(elf.path);
      expect(qemu.exitCode, `QEMU output:\n${qemu.console}`).toBe(0);
      const expected = applyKnownDifferences(program, splitSteps(qemu.console), readElf(elf.bytes), KNOWN_DIFFERENCES);
      // QEMU 7.2 updates A and D in hardware: compare with mmulab doing the same.
      const mmulab = await runMmulab(elf.bytes, { ad: 'update', ...config });
      expect(describeStepDifferences(expected, splitSteps(mmulab.console))).toBe('');
      expect(mmulab.exitCode).toBe(0);
    });
  }
});
