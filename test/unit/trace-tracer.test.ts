// The Tracer between a traced machine and a file: exact lines for the
// --trace-count window, and the hart untraced once the window has ended.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { assemble } from '../../src/asm/index.js';
import { readElf } from '../../src/elf/index.js';
import { Machine } from '../../src/machine/index.js';
import { Tracer } from '../../src/cli/trace/tracer.js';

const LOOP = `    .text
    .globl _start
_start:
    li      t0, 100000
1:  addi    t0, t0, -1
    bnez    t0, 1b
    li      a0, 1                   # HTIF: exit status 0
    la      t0, tohost
    sw      a0, 0(t0)
    sw      zero, 4(t0)
2:  j       2b

    .data
    .balign 8
    .globl  tohost, fromhost
tohost:   .dword 0
fromhost: .dword 0
`;

describe('Tracer', () => {
  it('prints exactly the window, then stops the hart recording', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'mmulab-tracer-')), 'trace.txt');
    const tracer = new Tracer(new Set(['insn']), { traceFormat: 'text', traceFrom: 2, traceCount: 2, output: out });
    const m = await Machine.create({ ramBytes: 1 << 20, trace: true });
    const setTrace = vi.spyOn(m, 'setTrace');
    tracer.attach(m);
    m.loadBareMetal(readElf(assemble(LOOP, { file: 'loop.s', layout: 'bare' }).elf));
    expect(m.run({ maxInstructions: 1_000_000 })).toEqual({ kind: 'exit', code: 0 });
    tracer.close();
    expect(readFileSync(out, 'utf8')).toBe(
      'insn  0x80000006  12fd      add t0,t0,-1              x5/t0 = 0x0001869f\n' +
      'insn  0x80000008  fe029fe3  bnez t0,0x80000006\n');
    // Attached with insn, then switched off after the first drain past the window.
    expect(setTrace.mock.calls.map((c) => c[0])).toEqual([
      { insn: true, mem: false, mmu: false, trap: false, stale: false }, { stale: false },
    ]);
    expect(m.instret).toBe(200_007); // li (2), 100,000 x 2, li, la (2), sw, sw
  });
});
