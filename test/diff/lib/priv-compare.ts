// Comparing the output of a privileged test program (see programs/priv-lib.S)
// between QEMU and mmulab, step by step, after replacing QEMU's output for
// the steps where QEMU is known to differ from the spec (known-differences.ts).
import { symbolValue, type ElfFile } from '../../../src/elf/index.js';
import type { KnownDifference } from './known-differences.js';
import { ToolError } from './tools.js';

/** A program's output split at its STEP markers (`n<step>` lines); step 0 is anything before the first. */
export function splitSteps(output: string): Map<number, string[]> {
  const steps = new Map<number, string[]>([[0, []]]);
  let current = steps.get(0)!;
  for (const line of output.split('\n')) {
    if (line === '') continue;
    if (line[0] === 'n' && line.length === 9) {
      current = [];
      steps.set(parseInt(line.slice(1), 16), current);
    } else current.push(line);
  }
  return steps;
}

/** Replaces `{label}` and `{label+n}` with the label's address as 8 hex digits. */
function resolve(line: string, elf: ElfFile): string {
  return line.replace(/\{(\w+)(?:\+(\d+))?\}/g, (_, name: string, offset: string | undefined) => {
    const value = symbolValue(elf, name);
    if (value === undefined) throw new ToolError(`known difference names ${name}, which the program does not define`);
    return ((value + Number(offset ?? 0)) >>> 0).toString(16).padStart(8, '0');
  });
}

/**
 * QEMU's steps with each known difference of `program` applied: the step's
 * lines must be exactly what the table says QEMU prints (else the table is
 * stale and this throws), and become what the spec requires.
 */
export function applyKnownDifferences(
  program: string, qemu: Map<number, string[]>, elf: ElfFile, table: readonly KnownDifference[],
): Map<number, string[]> {
  const expected = new Map(qemu);
  for (const d of table.filter((k) => k.program === program)) {
    const actual = (qemu.get(d.step) ?? []).join('\n');
    const listed = d.qemu.map((l) => resolve(l, elf)).join('\n');
    if (actual !== listed) {
      throw new ToolError(`known difference "${d.name}" (${program} step ${d.step}) no longer matches QEMU:\n${actual}`);
    }
    expected.set(d.step, d.spec.map((l) => resolve(l, elf)));
  }
  return expected;
}

/** The steps where `actual` differs from `expected`, as a readable report ('' when none). */
export function describeStepDifferences(expected: Map<number, string[]>, actual: Map<number, string[]>): string {
  const steps = [...new Set([...expected.keys(), ...actual.keys()])].sort((a, b) => a - b);
  const reports: string[] = [];
  for (const step of steps) {
    const e = expected.get(step);
    const a = actual.get(step);
    if (e && a && e.join('\n') === a.join('\n')) continue;
    reports.push(`step ${step}:\n  expected (QEMU, corrected by the spec): ${e?.join(' ') ?? '(step missing)'}\n  mmulab:                                 ${a?.join(' ') ?? '(step missing)'}`);
  }
  return reports.join('\n');
}
