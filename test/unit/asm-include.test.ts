// .include: files are read through the readFile option, relative to the
// including file; errors point into the file they are in; recursion is refused.
import { describe, expect, it } from 'vitest';
import { assemble } from '../../src/asm/index.js';
import { asmErrorMessage, sectionHex } from '../fixtures/asm/helpers.js';

/** A fake file system. */
function files(tree: Record<string, string>): (path: string) => string {
  return (path) => {
    const text = tree[path];
    if (text === undefined) throw new Error(`ENOENT ${path}`);
    return text;
  };
}

describe('.include', () => {
  it('assembles the included text in place', () => {
    const readFile = files({ 'lib/defs.s': '.equ VALUE, 7\naddi a0, a0, VALUE\n' });
    expect(sectionHex('nop\n.include "defs.s"\nnop\n', '.text', { file: 'lib/main.s', readFile })).toBe('01001d050100');
  });

  it('resolves nested includes relative to the including file', () => {
    const readFile = files({
      'src/a.s': '.include "inc/b.s"\n',
      'src/inc/b.s': '.include "c.s"\n',
      'src/inc/c.s': 'li a0, 1\n',
    });
    expect(sectionHex('.include "a.s"\n', '.text', { file: 'src/main.s', readFile })).toBe('0545');
  });

  it('shares symbols and local labels with the includer', () => {
    const readFile = files({ 'f.s': 'helper: ret\n' });
    const r = assemble('call helper\n.include "f.s"\n', { file: 'main.s', readFile });
    expect(r.symbols.get('helper')).toBe(0x10008);
  });

  it('reports errors at their line in the included file', () => {
    const readFile = files({ 'bad.s': 'nop\n  oops\n' });
    expect(asmErrorMessage('.include "bad.s"\n', { readFile })).toBe("bad.s:2:3: error: unknown instruction 'oops'\n  oops\n  ^");
  });

  it('refuses a file that includes itself', () => {
    const readFile = files({ 'self.s': 'nop\n.include "self.s"\n' });
    expect(asmErrorMessage('.include "self.s"\n', { readFile })).toBe(
      "self.s:2:10: error: recursive .include of 'self.s'\n.include \"self.s\"\n         ^",
    );
  });

  it('refuses a cycle through two files', () => {
    const readFile = files({ 'a.s': '.include "b.s"\n', 'b.s': '.include "a.s"\n' });
    expect(asmErrorMessage('.include "a.s"\n', { readFile })).toBe(
      "b.s:1:10: error: recursive .include of 'a.s'\n.include \"a.s\"\n         ^",
    );
  });

  it('reports a missing file with the reason the reader gives', () => {
    expect(asmErrorMessage('.include "gone.s"\n', { readFile: files({}) })).toBe(
      "prog.s:1:10: error: cannot read .include file 'gone.s': ENOENT gone.s\n.include \"gone.s\"\n         ^",
    );
  });
});
