// Every program in programs/ runs on mmulab's kernel with its documented
// stdout and exit status (programs/**/NAME.expected, see programs/expected.ts),
// and leaves every frame free afterwards.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { assemble } from '../../src/asm/index.js';
import { readElf } from '../../src/elf/index.js';
import { SIGNAL_NAMES } from '../../src/kernel/trap.js';
import { describeStatus, findExpectedRuns, stdoutMismatch, type ExitStatus, type ExpectedRun } from '../../programs/expected.js';
import { runElf } from './kernel-run-helpers.js';

const PROGRAMS = 'programs';
const runs = findExpectedRuns(PROGRAMS);

function elfOf(run: ExpectedRun) {
  const path = join(PROGRAMS, run.source);
  if (run.language === 'asm') return readElf(assemble(readFileSync(path, 'utf8'), { file: path, layout: 'hosted' }).elf);
  return readElf(readFileSync(join(PROGRAMS, run.elf!)));
}

/** A process result as the qemu test's ExitStatus: the exit code, or the signal's name. */
function exitStatusOf(termination: { kind: 'exited'; code: number } | { kind: 'killed'; signal: number }): ExitStatus {
  return termination.kind === 'exited' ? { code: termination.code } : { signal: SIGNAL_NAMES[termination.signal]! };
}

describe('programs on mmulab', () => {
  it('has runs to check', () => {
    expect(runs.length).toBeGreaterThanOrEqual(28);
  });

  for (const run of runs) {
    const title = `${run.name}${run.args.length > 0 ? ` ${run.args.join(' ')}` : ''}: ${describeStatus(run.status)}`;
    it(title, async () => {
      const { stop, first, stdout } = await runElf(elfOf(run), [run.source.replace(/\.[sc]$/, ''), ...run.args]);
      expect(stop).toBe('exited');
      expect(stdoutMismatch(run.stdout, stdout), stdout).toBeNull();
      expect(exitStatusOf(first.termination!)).toEqual(run.status);
    });
  }
});
