// Differential test of decoding: random 32-bit words and 16-bit parcels (all
// of them, not just valid instructions; control transfers left out, SYSTEM
// only in U-mode) run once each, in M (20 programs), S (10) and U (10) mode,
// on mmulab and on qemu-system-riscv32, which must agree on whether each
// executes or traps, the trap's cause and tval, and the registers and memory
// it leaves. Reserved and unimplemented encodings
// (F/D/Q, RV64-only, custom, reserved compressed forms, Zb* with QEMU's
// Zb* turned off) must raise illegal instruction with the bits in mtval.
// QEMU's trap lines for AMOs and misaligned access faults are corrected
// first where QEMU 7.2 departs from the spec (lib/known-differences.ts).
import { afterAll, describe, expect, it } from 'vitest';
import { readElf, symbolValue } from '../../src/elf/index.js';
import { correctQemuAccessTrap } from './lib/known-differences.js';
import { runMmulab } from './lib/mmulab.js';
import { describeStepDifferences, splitSteps } from './lib/priv-compare.js';
import { runQemu } from './lib/qemu.js';
import { buildElf, makeWorkDir, removeWorkDir } from './lib/tools.js';
import {
  describeSlot, makeWordSlots, memoryAccessOf, renderWordProgram, SCRATCH_POINTER_OFFSET, type WordMode, type WordSlot,
} from './lib/word-program.js';

const SUITE_SEED = Number(process.env.MMULAB_DIFF_SEED ?? 0x6d6d75);
const WORDS = 1000;
const PROGRAMS: WordMode[] = [
  ...Array.from({ length: 20 }, () => 'M' as const),
  ...Array.from({ length: 10 }, () => 'S' as const),
  ...Array.from({ length: 10 }, () => 'U' as const),
];

describe(`random instruction words vs qemu-system-riscv32 (seed ${SUITE_SEED})`, () => {
  const dir = makeWorkDir('words');
  afterAll(() => removeWorkDir(dir));

  PROGRAMS.forEach((mode, p) => {
    it(`program ${p}: ${WORDS} words in ${mode}-mode`, async () => {
      const seed = (SUITE_SEED ^ Math.imul(p + 1, 0x85ebca6b)) >>> 0;
      const slots = makeWordSlots(seed, WORDS, mode);
      const elf = buildElf(dir, `words-${p}`, renderWordProgram(slots, mode));
      const qemu = runQemu(elf.path);
      expect(qemu.exitCode).toBe(0);
      const mmulab = await runMmulab(elf.bytes);
      const pointer = symbolValue(readElf(elf.bytes), 'scratch')! + SCRATCH_POINTER_OFFSET;
      const expected = fixQemuSteps(splitSteps(qemu.console), slots, pointer);
      const report = describeStepDifferences(expected, splitSteps(mmulab.console));
      const first = /^step (\d+):/.exec(report);
      const step = first ? Number(first[1]) : 0;
      const what = step >= 1 && step <= WORDS ? `first difference: ${describeSlot(slots[step - 1]!)}\n` : '';
      expect(report ? `program seed 0x${seed.toString(16)}\n${what}${report}` : '').toBe('');
    });
  });
});

/** QEMU's steps with the trap lines of every memory access corrected where QEMU 7.2 departs from the spec. */
function fixQemuSteps(steps: Map<number, string[]>, slots: readonly WordSlot[], pointer: number): Map<number, string[]> {
  const fixed = new Map(steps);
  slots.forEach((slot, i) => {
    const access = memoryAccessOf(slot, pointer);
    const lines = steps.get(i + 1);
    if (access && lines) fixed.set(i + 1, correctQemuAccessTrap(lines, access));
  });
  return fixed;
}
