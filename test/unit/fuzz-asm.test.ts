// Fuzzing the assembler: 10,000+ sources mutated from the valid corpus (token
// deletions and swaps, random characters, huge numbers, deep parentheses,
// self-including .include, ...). Each must assemble or throw AsmError: never
// another exception, never a hang.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AsmError, assemble } from '../../src/asm/index.js';

const CORPUS_DIR = 'test/diff/corpus';
const CORPUS_LINES: string[][] = readdirSync(CORPUS_DIR)
  .filter((f) => f.endsWith('.s'))
  .sort()
  .map((f) => readFileSync(join(CORPUS_DIR, f), 'utf8').split('\n'));
const RUNS = 10_000;

const HUGE = ['0xffffffffffffffff', '18446744073709551616', '-9223372036854775808', '0x80000000', '4294967296', '99999999999'];
// Words to build random statements from: mnemonics, directives, registers, operators, labels.
const WORDS = [
  'addi', 'li', 'la', 'call', 'tail', 'j', 'jal', 'jalr', 'beqz', 'bnez', 'beq', 'lw', 'sw', 'lui', 'auipc', 'c.addi',
  'c.j', 'c.beqz', 'csrr', 'csrw', 'fence', 'sfence.vma', 'lr.w', 'amoadd.w', 'mv', 'ret', 'nop', '.word', '.byte',
  '.align', '.balign', '.fill', '.space', '.section', '.text', '.data', '.bss', '.equ', '.set', '.option', 'push',
  'pop', 'norvc', 'rvc', '.globl', '.type', '.size', '.ascii', '"s"', 'a0', 'sp', 'zero', 'x31', 't6', 'mstatus',
  '%hi(', '%lo(', '%pcrel_hi(', '%pcrel_lo(', '(', ')', ',', '+', '-', '*', '/', '%', '<<', '>>', '.', '1:', '1b', '1f',
  'L:', 'L', '_start', '0', '1', '-1', '2047', '4096', '0x7fffffff', "'a'",
  '.macro', '.endm', '.exitm', '.rept', '.irp', '.irpc', '.endr', '\\x', '\\@', '\\()', '.if', '.ifdef', '.ifc', '.elseif',
  '.else', '.endif', '.pushsection', '.popsection', '.previous', '.include', '"self.s"', '.lcomm', '.org', '.option',
  'arch', '+c', '-c', '.uleb128', '.sleb128', '.cfi_startproc',
];
const NOISE = [' ', ',', '(', ')', '%', '"', "'", '#', ';', ':', '.', '\\', '\t', '-', '~', '<<', '/0', '1f', '1b', 'x99', 'é', '\0'];

type Mutation = (lines: string[], r: number, s: number) => void;

const tokens = (line: string): string[] => line.split(/(\s+|,)/);
const at = <T>(xs: T[], r: number): number => (xs.length === 0 ? 0 : r % xs.length);

/** Each mutation edits `lines` in place, steered by the random numbers r and s. */
const MUTATIONS: Mutation[] = [
  (lines, r, s) => {
    const i = at(lines, r);
    const t = tokens(lines[i] ?? '');
    t.splice(at(t, s), 1);
    lines[i] = t.join('');
  },
  (lines, r, s) => {
    const i = at(lines, r);
    const t = tokens(lines[i] ?? '');
    const [a, b] = [at(t, s), at(t, s >> 8)];
    [t[a], t[b]] = [t[b]!, t[a]!];
    lines[i] = t.join('');
  },
  (lines, r, s) => {
    const i = at(lines, r);
    const line = lines[i] ?? '';
    const p = at([...line, ''], s);
    lines[i] = line.slice(0, p) + NOISE[s % NOISE.length] + line.slice(p);
  },
  (lines, r, s) => {
    const i = at(lines, r);
    lines[i] = (lines[i] ?? '').replace(/-?\b(0x[0-9a-f]+|\d+)\b/i, HUGE[s % HUGE.length]!);
  },
  (lines, r, s) => {
    const depth = 1 + (s % 400);
    lines.splice(at(lines, r), 0, `li a0, ${'('.repeat(depth)}1${')'.repeat(depth)}`);
  },
  (lines, r) => lines.splice(at(lines, r), 0, '.include "self.s"'),
  (lines, r) => lines.splice(at(lines, r), 1),
  (lines, r, s) => lines.splice(at(lines, r), 0, lines[at(lines, s)] ?? ''),
  (lines, r, s) => {
    const i = at(lines, r);
    lines[i] = (lines[i] ?? '').slice(0, s % 12);
  },
  (lines, r, s) => lines.splice(at(lines, r), 0, `.fill ${s % 5000}, ${r % 9}, ${s}`),
  (lines, r, s) => {
    const words: string[] = [];
    for (let n = 1 + (s % 7), x = r ^ s; n > 0; n--, x = (x * 1103515245 + 12345) >>> 0) words.push(WORDS[x % WORDS.length]!);
    lines.splice(at(lines, r), 0, words.join(' '));
  },
];

const mutatedSource = fc
  .record({
    file: fc.nat(),
    start: fc.nat(),
    length: fc.integer({ min: 1, max: 30 }),
    edits: fc.array(fc.tuple(fc.nat(MUTATIONS.length - 1), fc.nat(), fc.nat()), { minLength: 1, maxLength: 4 }),
  })
  .map(({ file, start, length, edits }) => {
    const all = CORPUS_LINES[file % CORPUS_LINES.length]!;
    const from = start % all.length;
    const lines = all.slice(from, from + length);
    for (const [m, r, s] of edits) MUTATIONS[m]!(lines, r, s);
    return lines.join('\n');
  });

describe('assembler fuzzing', () => {
  it(`assembles or throws AsmError for ${RUNS} mutated sources`, () => {
    let assembled = 0;
    let rejected = 0;
    fc.assert(
      fc.property(mutatedSource, (source) => {
        try {
          // Every .include reads the source itself: self-inclusion must be refused, not loop.
          assemble(source, { file: 'self.s', readFile: () => source });
          assembled++;
        } catch (err) {
          if (!(err instanceof AsmError)) throw err;
          expect(err.diagnostics.length).toBeGreaterThan(0);
          rejected++;
        }
      }),
      { numRuns: RUNS, seed: 20261125 },
    );
    // Both outcomes occur, so the mutations neither break everything nor nothing.
    expect(assembled).toBeGreaterThan(RUNS / 10);
    expect(rejected).toBeGreaterThan(RUNS / 10);
  });
});
