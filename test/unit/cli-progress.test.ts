// The progress line: drawn only on a terminal, after the delay, throttled,
// erased before other output; and `mmulab run` with pipes never writes it.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ProgressLine, RUN_TIMING, runProgressText, type ProgressStream } from '../../src/cli/progress.js';

const ERASE = '\r\x1b[K';

/** A stand-in stream that keeps what is written, and a clock the test moves. */
function fakeTerminal(isTTY: boolean): { stream: ProgressStream; written: string[]; clock: { now: number } } {
  const written: string[] = [];
  return { stream: { isTTY, write: (t: string) => written.push(t) }, written, clock: { now: 1000 } };
}

describe('ProgressLine', () => {
  it('on a terminal: nothing for 0.5 s, then at most one redraw per 0.25 s; clear erases once', () => {
    const { stream, written, clock } = fakeTerminal(true);
    const line = new ProgressLine(stream, RUN_TIMING, { clock: () => clock.now });
    expect(line.active).toBe(true);
    clock.now = 1499; line.update('a');
    expect(written).toEqual([]);
    clock.now = 1500; line.update('b');
    clock.now = 1700; line.update('c');
    clock.now = 1750; line.update('d');
    expect(written).toEqual([`${ERASE}b`, `${ERASE}d`]);
    line.clear();
    line.clear();
    expect(written).toEqual([`${ERASE}b`, `${ERASE}d`, ERASE]);
    expect(line.elapsedMs()).toBe(750);
  });

  it('writes nothing when the stream is not a terminal, or when disabled', () => {
    for (const [tty, enabled] of [[false, true], [true, false]] as const) {
      const { stream, written, clock } = fakeTerminal(tty);
      const line = new ProgressLine(stream, RUN_TIMING, { clock: () => clock.now, enabled });
      expect(line.active).toBe(false);
      clock.now = 5000; line.update('x'); line.clear();
      expect(written).toEqual([]);
    }
  });

  it('formats instructions, MIPS and elapsed seconds', () => {
    expect(runProgressText(123_456_789, 1500)).toBe('123,456,789 instructions  82.3 MIPS  1.5 s');
    expect(runProgressText(0, 0)).toBe('0 instructions  0.0 MIPS  0.0 s');
  });
});

// Loops of 2 x 200 million instructions (over half a second each): longer than the delay.
const dir = mkdtempSync(join(tmpdir(), 'mmulab-progress-'));
const LOOP = `    .text
    .globl _start
_start:
    li      t0, 200000000
1:  addi    t0, t0, -1
    bnez    t0, 1b
`;
const hosted = join(dir, 'spin.s');
writeFileSync(hosted, `${LOOP}    li      a0, 0\n    li      a7, 93\n    ecall\n`);
const bare = join(dir, 'spin-bare.s');
writeFileSync(bare, `${LOOP}    la      t0, tohost\n    li      t1, 1\n    sw      t1, 0(t0)\n    sw      zero, 4(t0)\n2:  j       2b
    .data
    .globl tohost
    .balign 8
tohost: .dword 0
`);

describe('mmulab run with stderr piped', () => {
  it('writes no progress bytes, hosted or bare, even for a run longer than the delay', () => {
    for (const args of [[hosted], ['--bare', bare]]) {
      const r = spawnSync('node', ['dist/mmulab.js', 'run', ...args], { encoding: 'utf8' });
      expect(r.status, args.join(' ')).toBe(0);
      expect(r.stderr).not.toMatch(/[\r\x1b]/);
      expect(r.stderr).toMatch(/^instructions {2}[\d,]+ retired/m);
    }
  });
});
