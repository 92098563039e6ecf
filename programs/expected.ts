// The expected behaviour of every program, as one truth shared by the
// documentation, the qemu differential test and (later) mmulab's own runs.
//
// Beside each program source NAME.s / NAME.c lives NAME.expected: the exact
// stdout of a run without arguments.  More runs of the same program are
// NAME.LABEL.expected (e.g. tlb-reach.512-pages.expected).  An expected
// file may start with header lines beginning with '#':
//   # regex ...        every following line is a JavaScript regular expression
//                      that must match one whole line of stdout, in order
//                      (for output with addresses or pids, which differ
//                      between runs and emulators); must be the first line
//   # args: a b c      command-line arguments (split on spaces)
//   # status: N        the exit status of this run, when it is not the
//                      program's usual one
// The usual exit status is documented in the program's top comment as
// "Exit status: N ..." or "Exit status: killed by SIGNAME".
import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { MmulabError } from '../src/errors.js';

export class ExpectedFileError extends MmulabError {
  override name = 'ExpectedFileError';
}

/** An exit code, or the name of the signal that killed the process. */
export type ExitStatus = { code: number } | { signal: string };

export type ExpectedStdout = { kind: 'exact'; text: string } | { kind: 'regex'; lines: RegExp[] };

export interface ExpectedRun {
  /** e.g. 'isa/alu' or 'vm/tlb-reach.512-pages', relative to the programs directory. */
  name: string;
  /** The source file (.s or .c), relative to the programs directory. */
  source: string;
  language: 'asm' | 'c';
  /** The committed ELF of a C program (source with .elf); null for assembly. */
  elf: string | null;
  args: string[];
  stdout: ExpectedStdout;
  status: ExitStatus;
}

// Other people's programs, with their own conventions.
const NOT_OURS = new Set(['bench', 'bare']);

/** Every .expected file under `programsDir`, parsed, in a stable order. */
export function findExpectedRuns(programsDir: string): ExpectedRun[] {
  const sources = findProgramSources(programsDir);
  return listFiles(programsDir, '.expected').map((path) => readExpectedRun(programsDir, sources, path));
}

/** Every program source (.s or .c, outside lib/ and runtime/) under `programsDir`. */
export function findProgramSources(programsDir: string): string[] {
  return [...listFiles(programsDir, '.s'), ...listFiles(programsDir, '.c')]
    .filter((path) => !path.startsWith('lib/') && !path.startsWith('runtime/'))
    .sort();
}

/** Paths relative to `root` of the files ending in `suffix`, sorted. */
function listFiles(root: string, suffix: string): string[] {
  const found: string[] = [];
  const visit = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (!NOT_OURS.has(relative(root, path))) visit(path);
      } else if (entry.name.endsWith(suffix)) {
        found.push(relative(root, path));
      }
    }
  };
  visit(root);
  return found.sort();
}

function readExpectedRun(programsDir: string, sources: string[], expectedPath: string): ExpectedRun {
  const name = expectedPath.slice(0, -'.expected'.length);
  const slash = name.lastIndexOf('/');
  const program = name.slice(0, slash + 1) + name.slice(slash + 1).split('.')[0];
  const source = findSource(sources, program, expectedPath);
  const language = source.endsWith('.s') ? 'asm' : 'c';
  const { args, stdout, status } = parseExpected(readFileSync(join(programsDir, expectedPath), 'utf8'), expectedPath);
  return {
    name,
    source,
    language,
    elf: language === 'c' ? `${program}.elf` : null,
    args,
    stdout,
    status: status ?? parseExitStatus(readFileSync(join(programsDir, source), 'utf8'), source),
  };
}

function findSource(sources: string[], program: string, expectedPath: string): string {
  for (const candidate of [`${program}.s`, `${program}.c`]) {
    if (sources.includes(candidate)) return candidate;
  }
  throw new ExpectedFileError(`${expectedPath}: no program ${program}.s or ${program}.c beside it`);
}

export interface ParsedExpected {
  args: string[];
  stdout: ExpectedStdout;
  /** From a '# status:' header; null means the program's documented status. */
  status: ExitStatus | null;
}

/** Splits an expected file into its header (regex or not, args, status) and body. */
export function parseExpected(text: string, file: string): ParsedExpected {
  const lines = text.split('\n');
  let regex = false;
  let args: string[] = [];
  let status: ExitStatus | null = null;
  let index = 0;
  for (; index < lines.length && lines[index].startsWith('#'); index++) {
    const header = lines[index];
    if (header.startsWith('# regex')) {
      if (index !== 0) throw new ExpectedFileError(`${file}:${index + 1}: '# regex' must be the first line`);
      regex = true;
    } else if (header.startsWith('# args:')) {
      args = header.slice('# args:'.length).trim().split(/ +/).filter((arg) => arg !== '');
    } else if (header.startsWith('# status:')) {
      status = parseStatusText(header.slice('# status:'.length).trim(), `${file}:${index + 1}`);
    } else {
      throw new ExpectedFileError(`${file}:${index + 1}: unknown header line: ${header}`);
    }
  }
  const body = lines.slice(index).join('\n');
  if (!regex) return { args, stdout: { kind: 'exact', text: body }, status };
  if (!body.endsWith('\n')) throw new ExpectedFileError(`${file}: a regex file must end with a newline`);
  const patterns = body.slice(0, -1).split('\n').map((pattern, i) => {
    try {
      return new RegExp(`^(?:${pattern})$`);
    } catch (error) {
      throw new ExpectedFileError(`${file}:${index + i + 1}: bad regular expression: ${(error as Error).message}`);
    }
  });
  return { args, stdout: { kind: 'regex', lines: patterns }, status };
}

/** The "Exit status: ..." line of a program's top comment. */
export function parseExitStatus(source: string, file: string): ExitStatus {
  const match = /Exit status: (.*)/.exec(source);
  if (match === null) throw new ExpectedFileError(`${file}: no "Exit status: N" or "Exit status: killed by SIGNAME" line`);
  return parseStatusText(match[1], file);
}

/** "N" or "killed by SIGNAME", optionally followed by an explanation. */
function parseStatusText(text: string, where: string): ExitStatus {
  const match = /^(?:(\d+)|killed by (SIG[A-Z]+))\b/.exec(text);
  if (match === null) throw new ExpectedFileError(`${where}: bad exit status "${text}" (want N or killed by SIGNAME)`);
  return match[1] !== undefined ? { code: Number(match[1]) } : { signal: match[2] };
}

/** null when `actual` is what `expected` describes, else what differs first. */
export function stdoutMismatch(expected: ExpectedStdout, actual: string): string | null {
  if (expected.kind === 'exact') {
    if (actual === expected.text) return null;
    const want = expected.text.split('\n');
    const got = actual.split('\n');
    const line = want.findIndex((text, i) => text !== got[i]);
    const at = line === -1 ? want.length : line;
    return `line ${at + 1}: expected ${JSON.stringify(want[at] ?? '<end>')}, got ${JSON.stringify(got[at] ?? '<end>')}`;
  }
  if (!actual.endsWith('\n')) return 'output does not end with a newline';
  const got = actual.slice(0, -1).split('\n');
  for (let i = 0; i < Math.max(got.length, expected.lines.length); i++) {
    const pattern = expected.lines[i];
    const line = got[i];
    if (pattern === undefined) return `line ${i + 1}: unexpected extra output ${JSON.stringify(line)}`;
    if (line === undefined) return `line ${i + 1}: output ended, expected ${pattern}`;
    if (!pattern.test(line)) return `line ${i + 1}: ${JSON.stringify(line)} does not match ${pattern}`;
  }
  return null;
}

/** "exit 0" or "killed by SIGSEGV", for messages. */
export function describeStatus(status: ExitStatus): string {
  return 'code' in status ? `exit ${status.code}` : `killed by ${status.signal}`;
}
