// `mmulab run --bare --signature FILE`: the riscv-arch-test signature, as Spike
// writes it with +signature=FILE +signature-granularity=4.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatSignature } from '../../src/cli/signature.js';

const dir = mkdtempSync(join(tmpdir(), 'mmulab-signature-'));

function mmulab(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync('node', ['dist/mmulab.js', ...args], { encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** A bare test in the suite's shape: results into the signature, then 1 to tohost. */
const TEST = `
    .text
    .globl _start
_start:
    la      t0, begin_signature
    li      t1, 0x12345678
    sw      t1, 0(t0)
    li      t1, -2
    sw      t1, 8(t0)
    li      t1, 0x5a
    sb      t1, 12(t0)
    la      t0, tohost
    li      t1, 1
    sw      t1, 0(t0)
    sw      zero, 4(t0)
1:  j       1b

    .data
    .align 3
tohost:     .dword 0
    .align 4
begin_signature:
    .word   0xdeadbeef, 0xdeadbeef, 0xdeadbeef
    .byte   0xee
end_signature:
`;

function source(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

describe('mmulab run --bare --signature', () => {
  it('writes the words from begin_signature to end_signature, one 8-digit hex word a line, the last one zero-filled', () => {
    const out = join(dir, 'test.signature');
    const r = mmulab('run', '--bare', '--no-summary', '--signature', out, source('test.s', TEST));
    expect(r).toMatchObject({ status: 0, stdout: '', stderr: '' });
    // 13 bytes: three words, then the byte 0x5a stored over 0xee, completed with zeros as Spike does.
    expect(readFileSync(out, 'utf8')).toBe('12345678\ndeadbeef\nfffffffe\n0000005a\n');
  });

  it('writes the signature of a run that ends at the instruction limit too', () => {
    const out = join(dir, 'limit.signature');
    const spin = TEST.replace('la      t0, tohost', '2:  j       2b');
    const r = mmulab('run', '--bare', '--max-instructions', '50', '--signature', out, source('spin.s', spin));
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('still running after 50 instructions');
    expect(readFileSync(out, 'utf8')).toBe('12345678\ndeadbeef\nfffffffe\n0000005a\n');
  });

  it('refuses an ELF without the signature symbols, naming the missing ones, before running it', () => {
    const out = join(dir, 'none.signature');
    const path = source('nosig.s', TEST.replace('begin_signature:', 'results:').replace(/begin_signature/, 'results'));
    const r = mmulab('run', '--bare', '--signature', out, path);
    expect(r).toMatchObject({ status: 2, stdout: '' });
    expect(r.stderr).toBe(`mmulab: ${path}: --signature needs the symbols begin_signature and end_signature; ` +
      'the ELF has no begin_signature\n');
    expect(existsSync(out)).toBe(false);
    const neither = source('neither.s', '.globl _start\n_start: j _start\n');
    expect(mmulab('run', '--bare', '--signature', out, neither).stderr).toBe(
      `mmulab: ${neither}: --signature needs the symbols begin_signature and end_signature; ` +
      'the ELF has no begin_signature and no end_signature\n');
  });

  it('needs --bare', () => {
    const r = mmulab('run', '--signature', join(dir, 'x.signature'), 'programs/hello.s');
    expect(r).toMatchObject({ status: 2, stdout: '' });
    expect(r.stderr).toBe("mmulab: --signature dumps a bare-metal test's memory: it needs --bare\n");
  });
});

describe('formatSignature', () => {
  it('reads little-endian words and prints them most significant digit first', () => {
    expect(formatSignature(new Uint8Array([0x78, 0x56, 0x34, 0x12, 0x01, 0x00, 0x00, 0x80]))).toBe('12345678\n80000001\n');
    expect(formatSignature(new Uint8Array([0xab, 0xcd]))).toBe('0000cdab\n');
    expect(formatSignature(new Uint8Array([]))).toBe('');
  });
});
