// The guest programs (programs/): every assembly program assembles with
// mmulab's assembler into a sane executable, every expected-output file is
// well formed and belongs to a program, every program documents its exit
// status, and every committed C ELF is a sane static RV32 executable.  Needs
// no RISC-V tools: running the programs is test/diff/programs-qemu.test.ts.
import { existsSync, readFileSync } from 'node:fs';
import { join, normalize } from 'node:path';
import { describe, expect, it } from 'vitest';
import { assemble } from '../../src/asm/index.js';
import {
  EF_RISCV_RVC,
  EM_RISCV,
  ET_EXEC,
  PF_R,
  PF_W,
  PF_X,
  PT_LOAD,
  readElf,
  symbolValue,
  type ElfFile,
} from '../../src/elf/index.js';
import {
  ExpectedFileError,
  findExpectedRuns,
  findProgramSources,
  parseExitStatus,
  parseExpected,
  stdoutMismatch,
} from '../../programs/expected.js';

const PROGRAMS = 'programs';
const PAGE_SIZE = 4096;
const USER_TEXT_BASE = 0x10000;
const USER_SPACE_END = 0x80000000;

const sources = findProgramSources(PROGRAMS);
const cSources = sources.filter((source) => source.endsWith('.c'));
const asmSources = sources.filter((source) => source.endsWith('.s'));

function assembleProgram(source: string): ReturnType<typeof assemble> {
  const path = join(PROGRAMS, source);
  return assemble(readFileSync(path, 'utf8'), { file: path, layout: 'hosted' });
}

describe('programs: sources and expected outputs', () => {
  it('finds every program', () => {
    expect(sources).toEqual([
      'hello.s',
      'isa/alu.s',
      'isa/atomic.s',
      'isa/branch.s',
      'isa/compressed.s',
      'isa/csr.s',
      'isa/fencei.s',
      'isa/loadstore.s',
      'isa/muldiv.s',
      'loops.s',
      'recursion.s',
      'selftest/runtime.c',
      'selftest/syscalls.c',
      'vm/brk-growth.c',
      'vm/fork-cow.c',
      'vm/hello.c',
      'vm/lazy-alloc.c',
      'vm/malloc-demo.c',
      'vm/mmap-demo.c',
      'vm/null-deref.c',
      'vm/read-only.c',
      'vm/stack-growth.c',
      'vm/timesharing.c',
      'vm/tlb-reach.c',
      'vm/where-things-live.c',
    ]);
  });

  it('gives every program an expected run without arguments', () => {
    const runs = findExpectedRuns(PROGRAMS);
    for (const source of sources) {
      const plain = runs.find((run) => run.source === source && run.args.length === 0);
      expect(plain, `${source} has no NAME.expected`).toBeDefined();
    }
  });

  it('reads the documented exit status of each program', () => {
    const statuses = Object.fromEntries(findExpectedRuns(PROGRAMS).map((run) => [run.name, run.status]));
    expect(statuses['hello']).toEqual({ code: 0 });
    expect(statuses['recursion']).toEqual({ code: 120 });
    expect(statuses['vm/null-deref']).toEqual({ signal: 'SIGSEGV' });
    expect(statuses['vm/mmap-demo']).toEqual({ signal: 'SIGSEGV' });
    expect(statuses['vm/tlb-reach.bad-argument']).toEqual({ code: 2 });
  });

  it('reads arguments, status and regex headers', () => {
    const runs = findExpectedRuns(PROGRAMS);
    const withArgs = runs.find((run) => run.name === 'vm/tlb-reach.512-pages');
    expect(withArgs?.args).toEqual(['512', '4']);
    expect(withArgs?.elf).toBe('vm/tlb-reach.elf');
    expect(runs.find((run) => run.name === 'vm/timesharing')?.stdout.kind).toBe('regex');
    expect(runs.find((run) => run.name === 'isa/alu')?.stdout.kind).toBe('exact');
    expect(runs.find((run) => run.name === 'isa/alu')?.elf).toBeNull();
  });
});

describe('programs: assembly programs with mmulab\'s assembler', () => {
  for (const source of asmSources) {
    it(`${source} assembles into an RV32IMAC executable entered at _start`, () => {
      const result = assembleProgram(source);
      expect(result.entry).toBe(USER_TEXT_BASE);
      expect(result.symbols.get('_start')).toBe(USER_TEXT_BASE);
      // The helpers come in through .include, relative to the including
      // file: every included file that holds code shows up in the listing.
      const listed = new Set(result.listing.map((line) => normalize(line.file)));
      expect(listed).toContain(join(PROGRAMS, source));
      for (const helper of ['print.s', 'check.s']) {
        if (readFileSync(join(PROGRAMS, source), 'utf8').includes(`lib/${helper}"`)) {
          expect(listed).toContain(join(PROGRAMS, 'lib', helper));
        }
      }
      const elf = readElf(result.elf, source);
      expect(elf.type).toBe(ET_EXEC);
      expect(elf.machine).toBe(EM_RISCV);
      expect(elf.flags & EF_RISCV_RVC).toBe(EF_RISCV_RVC);
      expect(symbolValue(elf, '_start')).toBe(USER_TEXT_BASE);
    });

    // A loader maps segment by segment: two segments sharing a page with
    // different permissions would leave one of them wrong (qemu-riscv32
    // then faults at _start; mmulab's loader refuses the ELF).
    it(`${source} maps each page with one permission`, () => {
      checkLoadSegments(readElf(assembleProgram(source).elf, source));
    });
  }
});

describe('programs: the expected-file format', () => {
  it('matches exact output and names the first differing line', () => {
    const { stdout } = parseExpected('a\nb\n', 'x.expected');
    expect(stdoutMismatch(stdout, 'a\nb\n')).toBeNull();
    expect(stdoutMismatch(stdout, 'a\nc\n')).toBe('line 2: expected "b", got "c"');
    expect(stdoutMismatch(stdout, 'a\n')).toBe('line 2: expected "b", got ""');
    expect(stdoutMismatch(stdout, 'a\nb\nc\n')).toBe('line 3: expected "", got "c"');
  });

  it('matches regex output whole line by whole line', () => {
    const parsed = parseExpected('# regex: pids vary\n# args: 1  2\n# status: 3 (why)\npid \\d+\ndone\n', 'x.expected');
    const { args, stdout, status } = parsed;
    expect(args).toEqual(['1', '2']);
    expect(status).toEqual({ code: 3 });
    expect(parseExpected('# status: killed by SIGBUS\n', 'x.expected').status).toEqual({ signal: 'SIGBUS' });
    expect(stdoutMismatch(stdout, 'pid 12\ndone\n')).toBeNull();
    expect(stdoutMismatch(stdout, 'pid 12x\ndone\n')).toBe('line 1: "pid 12x" does not match /^(?:pid \\d+)$/');
    expect(stdoutMismatch(stdout, 'pid 12\n')).toBe('line 2: output ended, expected /^(?:done)$/');
    expect(stdoutMismatch(stdout, 'pid 1\ndone\nmore\n')).toBe('line 3: unexpected extra output "more"');
    expect(stdoutMismatch(stdout, 'pid 1\ndone')).toBe('output does not end with a newline');
  });

  it('rejects malformed expected files and sources with a clear error', () => {
    expect(() => parseExpected('# args: 1\n# regex\nx\n', 'x.expected')).toThrow(
      new ExpectedFileError("x.expected:2: '# regex' must be the first line"),
    );
    expect(() => parseExpected('# reggae\n', 'x.expected')).toThrow(
      new ExpectedFileError('x.expected:1: unknown header line: # reggae'),
    );
    expect(() => parseExpected('# regex\n(\n', 'x.expected')).toThrow(ExpectedFileError);
    expect(() => parseExpected('# regex\nx', 'x.expected')).toThrow(
      new ExpectedFileError('x.expected: a regex file must end with a newline'),
    );
    expect(() => parseExpected('# status: fine\n', 'x.expected')).toThrow(
      new ExpectedFileError('x.expected:1: bad exit status "fine" (want N or killed by SIGNAME)'),
    );
    expect(() => parseExitStatus('# no status here', 'x.s')).toThrow(
      new ExpectedFileError('x.s: no "Exit status: N" or "Exit status: killed by SIGNAME" line'),
    );
  });
});

describe('programs: the committed C executables', () => {
  it('has an ELF beside every C source', () => {
    for (const source of cSources) {
      expect(existsSync(join(PROGRAMS, source.replace(/\.c$/, '.elf'))), source).toBe(true);
    }
  });

  for (const source of cSources) {
    const path = join(PROGRAMS, source.replace(/\.c$/, '.elf'));
    it(`${path} is a static RV32 executable starting at _start = 0x10000`, () => {
      const elf = readElf(readFileSync(path), path);
      expect(elf.bits).toBe(32);
      expect(elf.type).toBe(ET_EXEC);
      expect(elf.machine).toBe(EM_RISCV);
      expect(elf.entry).toBe(USER_TEXT_BASE);
      expect(symbolValue(elf, '_start')).toBe(USER_TEXT_BASE);
      expect(symbolValue(elf, 'main')).toBeGreaterThan(USER_TEXT_BASE);
      checkLoadSegments(elf);
    });
  }
});

// The layout programs/runtime/link.ld promises: text first (R+X at 0x10000),
// then read-only data, then read-write data, each on pages of its own,
// never writable and executable at once, all in user space.
function checkLoadSegments(elf: ElfFile): void {
  const loads = elf.segments.filter((segment) => segment.type === PT_LOAD);
  expect(loads.length).toBeGreaterThanOrEqual(2);
  expect(loads[0].vaddr).toBe(USER_TEXT_BASE);
  expect(loads[0].flags).toBe(PF_R | PF_X);
  let previousEnd = 0;
  for (const segment of loads) {
    expect(segment.vaddr % PAGE_SIZE).toBe(0);
    expect(segment.vaddr).toBeGreaterThanOrEqual(previousEnd);
    expect(segment.filesz).toBeLessThanOrEqual(segment.memsz);
    expect(segment.flags & (PF_W | PF_X)).not.toBe(PF_W | PF_X);
    expect(segment.flags & PF_R).toBe(PF_R);
    previousEnd = Math.ceil((segment.vaddr + segment.memsz) / PAGE_SIZE) * PAGE_SIZE;
    expect(previousEnd).toBeLessThanOrEqual(USER_SPACE_END);
  }
}
