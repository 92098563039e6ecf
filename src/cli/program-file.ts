// Reading a program named on the command line: `.s`/`.S` sources go through the
// built-in assembler, anything else must be an ELF executable.
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { assemble, type AssembleResult } from '../asm/index.js';
import { ELFMAG, readElf, type ElfFile } from '../elf/index.js';
import { MmulabError } from '../errors.js';

export type Layout = 'hosted' | 'bare';

export function isAssemblySource(path: string): boolean {
  return /\.s$/i.test(path);
}

/** The file's bytes, or a MmulabError naming the file and why it cannot be read. */
export function readInput(path: string): Uint8Array {
  try {
    return readFileSync(path);
  } catch (err) {
    throw new MmulabError(`${path}: ${describe(err)}`);
  }
}

/** Writes an output file (executable, as ld leaves it: qemu-user checks), or a MmulabError saying why not. */
export function writeExecutable(path: string, bytes: Uint8Array): void {
  try {
    writeFileSync(path, bytes);
    chmodSync(path, 0o755);
  } catch (err) {
    throw new MmulabError(`${path}: cannot write: ${describe(err)}`);
  }
}

function describe(err: unknown): string {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'no such file or directory';
  if (code === 'EISDIR') return 'is a directory';
  if (code === 'EACCES') return 'permission denied';
  return String(code ?? err);
}

/** Assembles `path` in the given layout: the ELF image, symbols, sections and listing. */
export function assembleSource(path: string, layout: Layout): AssembleResult {
  const source = new TextDecoder().decode(readInput(path));
  return assemble(source, { file: path, layout });
}

/** The program at `path` as an ELF file: assembled on the fly if it is a source file. */
export function loadProgram(path: string, layout: Layout): ElfFile {
  const bytes = isAssemblySource(path) ? assembleSource(path, layout).elf : readInput(path);
  return readElf(bytes, path);
}

/** A program named on the command line, with the arguments that followed it. */
export interface ProgramWords {
  path: string;
  args: string[];
}

/**
 * Splits `prog1 arg arg prog2 arg` into programs and their arguments: a word
 * is a program if it names an assembly source or a file that starts like an
 * ELF; the first word always is.
 */
export function splitPrograms(words: readonly string[]): ProgramWords[] {
  const programs: ProgramWords[] = [];
  for (const word of words) {
    const last = programs[programs.length - 1];
    if (last === undefined || isAssemblySource(word) || looksLikeElf(word)) programs.push({ path: word, args: [] });
    else last.args.push(word);
  }
  return programs;
}

function looksLikeElf(path: string): boolean {
  try {
    const head = readFileSync(path).subarray(0, 4);
    return head.length === 4 && head.every((b, i) => b === ELFMAG[i]);
  } catch {
    return false;
  }
}
