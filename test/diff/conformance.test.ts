// Differential test of the behaviours the standard conformance suites
// (riscv-tests; docs/conformance.md) check. Each program in conformance/
// (assembled with lib.S in front) runs numbered checks 1-31 and prints "F"
// and the mask of the checks that failed; mmulab and qemu-system-riscv32 must
// both report 0, except the named departures below, where one side is known
// to differ from the spec (or from what riscv-tests requires) in exactly the
// listed checks. The masks are compared exactly, so a departure that goes
// away (or a new one) fails the test until this table says so.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runMmulab } from './lib/mmulab.js';
import { runQemu, type RunOutput } from './lib/qemu.js';
import { buildElf, LIB_DIR, makeWorkDir, removeWorkDir } from './lib/tools.js';

const CONFORMANCE_DIR = join(LIB_DIR, '../conformance');
const PRELUDE = 'lib.S';
const PROGRAMS = readdirSync(CONFORMANCE_DIR)
  .filter((f) => f.endsWith('.S') && f !== PRELUDE)
  .map((f) => f.slice(0, -2))
  .sort();

interface Departure {
  name: string;
  /** Which side departs: QEMU 7.2 (the reference) or mmulab itself. */
  side: 'qemu' | 'mmulab';
  program: string;
  /** The check numbers that fail on that side. */
  checks: readonly number[];
  /** The spec clause or riscv-tests expectation, and what that side does instead. */
  reason: string;
}

const DEPARTURES: readonly Departure[] = [
  {
    name: 'qemu-sc-misaligned-no-reservation',
    side: 'qemu',
    program: 'misaligned',
    checks: [14],
    reason:
      'A spec, LR/SC: "If the address is not naturally aligned, an address-misaligned exception or an ' +
      'access-fault exception will be generated" - for SC too. QEMU 7.2 compares the address with the ' +
      'reservation first and, holding none, fails the SC (rd = 1) without any exception.',
  },
  {
    name: 'qemu-amo-misaligned-load-cause',
    side: 'qemu',
    program: 'misaligned',
    checks: [15],
    reason:
      'Priv. spec, exception codes: a misaligned AMO raises store/AMO address misaligned (6). QEMU 7.2 ' +
      'performs the AMO as a load then a store and raises load address misaligned (4).',
  },
  {
    name: 'qemu-counters-host-ticks',
    side: 'qemu',
    program: 'counters',
    checks: [1, 2, 6],
    reason:
      'Priv. spec, "Machine Counter/Timers": minstret counts retired instructions and a CSR write sets ' +
      'the value the next instruction reads (riscv-tests instret_overflow). QEMU 7.2 without -icount ' +
      'returns the host time-stamp counter for instret, so written values and instruction counts are lost.',
  },
  {
    name: 'qemu-no-time-csr',
    side: 'qemu',
    program: 'counters',
    checks: [5],
    reason:
      'Zicntr: time/timeh are read-only shadows of mtime (riscv-tests zicntr reads them in M-mode). ' +
      'QEMU 7.2\'s spike machine registers no time source, so reading time raises an illegal instruction.',
  },
];

/** The mask of checks a side is known to fail in `program`. */
function expectedMask(program: string, side: Departure['side']): number {
  return DEPARTURES.filter((d) => d.program === program && d.side === side)
    .flatMap((d) => d.checks)
    .reduce((mask, check) => (mask | (1 << check)) >>> 0, 0);
}

/** The failed-check mask a run printed ("F" + 8 hex digits, its last line). */
function failedMask(run: RunOutput): number {
  const match = /^F([0-9a-f]{8})$/m.exec(run.console);
  if (!match) throw new Error(`no "F<mask>" line in the console:\n${run.console}`);
  return parseInt(match[1]!, 16);
}

/** Check numbers set in a mask, for readable failure messages. */
function checksOf(mask: number): number[] {
  return Array.from({ length: 32 }, (_, n) => n).filter((n) => ((mask >>> n) & 1) === 1);
}

describe('conformance behaviours vs qemu-system-riscv32', () => {
  const dir = makeWorkDir('conformance');
  afterAll(() => removeWorkDir(dir));
  const prelude = readFileSync(join(CONFORMANCE_DIR, PRELUDE), 'utf8');

  it('every departure names an existing program and checks 1-31', () => {
    expect(PROGRAMS).toEqual(['counters', 'csrs', 'misaligned', 'pmp', 'triggers']);
    for (const d of DEPARTURES) {
      expect(PROGRAMS, d.name).toContain(d.program);
      expect(d.checks.every((c) => Number.isInteger(c) && c >= 1 && c <= 31), d.name).toBe(true);
    }
  });

  for (const program of PROGRAMS) {
    it(program, async () => {
      const source = `${prelude}\n${readFileSync(join(CONFORMANCE_DIR, `${program}.S`), 'utf8')}`;
      const elf = buildElf(dir, program, source);
      const qemu = runQemu(elf.path);
      const mmulab = await runMmulab(elf.bytes);
      expect(checksOf(failedMask(qemu)), `QEMU's failed checks in ${program}`).toEqual(
        checksOf(expectedMask(program, 'qemu')));
      expect(checksOf(failedMask(mmulab)), `mmulab's failed checks in ${program}`).toEqual(
        checksOf(expectedMask(program, 'mmulab')));
      // The exit status says whether any check failed.
      expect(qemu.exitCode).toBe(expectedMask(program, 'qemu') === 0 ? 0 : 1);
      expect(mmulab.exitCode).toBe(expectedMask(program, 'mmulab') === 0 ? 0 : 1);
    });
  }
});
