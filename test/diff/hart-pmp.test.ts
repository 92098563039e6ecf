// Differential test of Physical Memory Protection: test/diff/pmp/pmp.S (built
// on programs/priv-lib.S) sets PMP entries and makes accesses from M, S and U,
// printing what it observes; mmulab must print what qemu-system-riscv32 (also
// 16 entries) prints, except where QEMU departs from the spec
// (PMP_DIFFERENCES in lib/known-differences.ts: there mmulab must print what
// the spec requires). Every MMU configuration: PMP must not depend on the TLB
// shape or on the fast paths.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readElf } from '../../src/elf/index.js';
import { PMP_DIFFERENCES } from './lib/known-differences.js';
import { describeMmuConfig, MMU_CONFIGS } from './lib/mmu-configs.js';
import { runMmulab } from './lib/mmulab.js';
import { applyKnownDifferences, describeStepDifferences, splitSteps } from './lib/priv-compare.js';
import { runQemu } from './lib/qemu.js';
import { buildElf, LIB_DIR, makeWorkDir, removeWorkDir } from './lib/tools.js';

const SOURCE = join(LIB_DIR, '../pmp/pmp.S');

describe('PMP vs qemu-system-riscv32', () => {
  const dir = makeWorkDir('pmp');
  afterAll(() => removeWorkDir(dir));
  const elf = buildElf(dir, 'pmp', readFileSync(SOURCE, 'utf8'));
  const qemu = runQemu(elf.path);

  it('QEMU runs the program to its end', () => {
    expect(qemu.exitCode, `QEMU output:\n${qemu.console}`).toBe(0);
    expect(splitSteps(qemu.console).size).toBe(16); // step 0 (nothing) and steps 1-15
  });

  for (const config of MMU_CONFIGS) {
    it(`every step, ${describeMmuConfig(config)}`, async () => {
      const expected = applyKnownDifferences('pmp', splitSteps(qemu.console), readElf(elf.bytes), PMP_DIFFERENCES);
      const mmulab = await runMmulab(elf.bytes, { ad: 'update', ...config });
      expect(describeStepDifferences(expected, splitSteps(mmulab.console))).toBe('');
      expect(mmulab.exitCode).toBe(0);
    });
  }
});
