// Runs every guest program in programs/ on the reference, qemu-riscv32
// (Debian qemu-user: static Linux RV32 ELF files), and checks its stdout and
// exit status against the documented truth beside it (programs/**/NAME.expected
// and the "Exit status:" line of its top comment; see programs/expected.ts).
//
// The test is a matrix of builders x runners.  Builders turn a program into
// an ELF: each assembly program is assembled both by mmulab's assembler and
// by GNU as + ld (the reference toolchain, which checks the programs
// themselves); the C programs use the ELF committed beside them.  Runners
// execute an ELF and report { stdout, status }: runOnQemu, and runOnMmulab
// (mmulab's kernel on the Wasm hart), so every program is checked on both.
//
// It also checks that mmulab's assembler gives every section of every
// assembly program the same bytes as GNU as + ld, and that the committed C
// ELFs are exactly what scripts/build-programs.sh builds from the sources.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { assemble, type AssembleResult } from '../../src/asm/index.js';
import { readElf } from '../../src/elf/index.js';
import { Kernel } from '../../src/kernel/kernel.js';
import { SIGNAL_NAMES } from '../../src/kernel/trap.js';
import {
  describeStatus,
  findExpectedRuns,
  findProgramSources,
  stdoutMismatch,
  type ExitStatus,
  type ExpectedRun,
} from '../../programs/expected.js';

const PROGRAMS = 'programs';
const RUN_TIMEOUT_MS = 60_000;

interface RunResult {
  stdout: string;
  status: ExitStatus;
}

type Runner = (elf: Uint8Array, args: string[]) => RunResult | Promise<RunResult>;

const workDir = mkdtempSync(join(tmpdir(), 'mmulab-programs-'));

/** Runs a static RV32 Linux ELF under qemu-riscv32. */
function runOnQemu(elf: Uint8Array, args: string[]): RunResult {
  const path = join(workDir, 'program.elf');
  writeFileSync(path, elf, { mode: 0o755 });
  // `ulimit -c 0`: a program that is meant to die of SIGSEGV must not leave
  // a core file behind; `exec` lets the signal reach us unchanged.
  const result = spawnSync('sh', ['-c', 'ulimit -c 0; exec qemu-riscv32 "$@"', 'sh', path, ...args], {
    encoding: 'utf8',
    timeout: RUN_TIMEOUT_MS,
  });
  if (result.error) throw result.error;
  const status: ExitStatus =
    result.signal !== null ? { signal: result.signal } : { code: result.status ?? -1 };
  return { stdout: result.stdout, status };
}

/** Enough for every program; one that needs more is hung. */
const MMULAB_MAX_INSTRUCTIONS = 2_000_000_000;

/** Runs a static RV32 Linux ELF on mmulab's kernel (default RAM, TLB and quantum). */
async function runOnMmulab(elf: Uint8Array, args: string[]): Promise<RunResult> {
  const kernel = await Kernel.create();
  kernel.spawn(readElf(elf), [join(workDir, 'program.elf'), ...args]);
  const stop = kernel.run({ maxInstructions: MMULAB_MAX_INSTRUCTIONS });
  if (stop !== 'exited') throw new Error(`mmulab's kernel stopped with '${stop}'`);
  const termination = kernel.processes()[0]!.termination!;
  const status: ExitStatus =
    termination.kind === 'exited' ? { code: termination.code } : { signal: SIGNAL_NAMES[termination.signal]! };
  return { stdout: kernel.stdout, status };
}

const RUNNERS: Record<string, Runner> = { qemu: runOnQemu, mmulab: runOnMmulab };

function mustSpawn(command: string, args: string[]): void {
  const result = spawnSync(command, args, { encoding: 'utf8', timeout: RUN_TIMEOUT_MS });
  if (result.status !== 0) {
    throw new Error(`${command} ${args.join(' ')} failed:\n${result.stderr}${result.error?.message ?? ''}`);
  }
}

/**
 * An assembly program assembled and linked by the GNU toolchain (no
 * relaxation, like mmulab's).  By default ld lays it out from 0x10000 its
 * own way; `sectionStarts` puts each section at a given address instead.
 */
function assembleWithGnu(source: string, sectionStarts: { name: string; addr: number }[] = []): Uint8Array {
  const name = source.replace(/[/.]/g, '_');
  const object = join(workDir, `${name}.o`);
  const elf = join(workDir, `${name}.elf`);
  mustSpawn('riscv64-unknown-elf-as', [
    '-march=rv32imac_zicsr_zifencei', '-mabi=ilp32', '-mno-relax',
    // GNU as looks for .include files in -I directories, not beside the includer.
    '-I', join(PROGRAMS, dirname(source)),
    '-o', object, join(PROGRAMS, source),
  ]);
  const layout = sectionStarts.length > 0
    ? sectionStarts.map((s) => `--section-start=${s.name}=0x${s.addr.toString(16)}`)
    : ['-Ttext=0x10000'];
  mustSpawn('riscv64-unknown-elf-ld', ['-m', 'elf32lriscv', '--no-relax', ...layout, '-o', elf, object]);
  return new Uint8Array(readFileSync(elf));
}

function assembleWithMmulab(source: string): AssembleResult {
  const path = join(PROGRAMS, source);
  return assemble(readFileSync(path, 'utf8'), { file: path, layout: 'hosted' });
}

function committedElf(run: ExpectedRun): Uint8Array {
  return new Uint8Array(readFileSync(join(PROGRAMS, run.elf as string)));
}

interface Builder {
  name: string;
  build: (run: ExpectedRun) => Uint8Array;
}

/** The ways to turn a run's program into an ELF. */
function buildersFor(run: ExpectedRun): Builder[] {
  if (run.language === 'c') return [{ name: 'committed ELF', build: committedElf }];
  return [
    { name: 'mmulab as', build: (r) => assembleWithMmulab(r.source).elf },
    { name: 'GNU as', build: (r) => assembleWithGnu(r.source) },
  ];
}

const runs = findExpectedRuns(PROGRAMS);

describe('programs on the reference emulator', () => {
  it('has runs to check', () => {
    expect(runs.length).toBe(28); // 25 programs, hello and tlb-reach also with arguments
  });

  for (const [runnerName, runner] of Object.entries(RUNNERS)) {
    for (const run of runs) {
      for (const builder of buildersFor(run)) {
        const title = `${run.name}${run.args.length > 0 ? ` ${run.args.join(' ')}` : ''}`;
        it(`${title} (${builder.name}) on ${runnerName}: ${describeStatus(run.status)}`, async () => {
          const result = await runner(builder.build(run), run.args);
          expect(stdoutMismatch(run.stdout, result.stdout), result.stdout).toBeNull();
          expect(result.status).toEqual(run.status);
        });
      }
    }
  }

  // The one property a line-by-line regex cannot express: in timesharing,
  // each of the two processes counts 1..5 in order, whatever the interleaving.
  it.each(Object.keys(RUNNERS))('vm/timesharing on %s: each process counts 1..5 in order', async (runnerName) => {
    const run = runs.find((r) => r.name === 'vm/timesharing');
    expect(run).toBeDefined();
    const { stdout } = await RUNNERS[runnerName]!(committedElf(run as ExpectedRun), []);
    const counts = new Map<string, number[]>();
    for (const match of stdout.matchAll(/^(?:parent|child ) pid (\d+): count (\d+)$/gm)) {
      counts.set(match[1], [...(counts.get(match[1]) ?? []), Number(match[2])]);
    }
    expect([...counts.values()]).toEqual([
      [1, 2, 3, 4, 5],
      [1, 2, 3, 4, 5],
    ]);
  });
});

describe('programs: mmulab as versus GNU as', () => {
  const asmSources = findProgramSources(PROGRAMS).filter((source) => source.endsWith('.s'));
  for (const source of asmSources) {
    it(`${source}: every section has GNU's bytes when GNU ld puts it at mmulab's address`, () => {
      const ours = assembleWithMmulab(source);
      const placed = ours.sections.filter((s) => s.size > 0);
      const gnu = readElf(assembleWithGnu(source, placed), source);
      const mmulab = readElf(ours.elf, source);
      for (const section of placed) {
        const theirs = gnu.sections.find((s) => s.name === section.name);
        const mine = mmulab.sections.find((s) => s.name === section.name);
        expect(theirs?.addr, section.name).toBe(section.addr);
        expect(Buffer.from(mine?.data ?? []).equals(Buffer.from(theirs?.data ?? [])), `${source} ${section.name}`).toBe(true);
      }
    });
  }
});

const haveClang = spawnSync('clang-14', ['--version']).status === 0 && spawnSync('ld.lld-14', ['--version']).status === 0;

describe('programs: committed C executables', () => {
  // Skipped only on a machine without Debian's clang 14, which the build needs.
  it.skipIf(!haveClang)('are exactly what scripts/build-programs.sh builds from the sources', () => {
    const rebuilt = join(workDir, 'rebuilt');
    mustSpawn('sh', ['scripts/build-programs.sh', rebuilt]);
    const elfs = findProgramSources(PROGRAMS)
      .filter((source) => source.endsWith('.c'))
      .map((source) => source.replace(/\.c$/, '.elf'));
    expect(elfs.length).toBe(14);
    for (const elf of elfs) {
      const committed = readFileSync(join(PROGRAMS, elf));
      expect(readFileSync(join(rebuilt, elf)).equals(committed), `${elf} is out of date`).toBe(true);
    }
  });
});
