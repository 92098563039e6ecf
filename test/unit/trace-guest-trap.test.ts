// A trap taken and returned by a guest handler (bare metal, M-mode): the trap
// line names the handler, the xRET line what the handler cost.
import { describe, expect, it } from 'vitest';
import { assemble } from '../../src/asm/index.js';
import { readElf } from '../../src/elf/index.js';
import { Machine, type TraceRecord } from '../../src/machine/index.js';
import { TraceFormatter } from '../../src/cli/trace/format.js';

const SOURCE = `    .text
    .globl _start
_start:
    la      t0, handler
    csrw    mtvec, t0
    ecall                           # cause 11, handled below, back with mret
    li      a0, 1                   # HTIF: exit status 0
    la      t0, tohost
    sw      a0, 0(t0)
    sw      zero, 4(t0)
1:  j       1b
    .balign 4
handler:
    csrr    t1, mepc
    addi    t1, t1, 4
    csrw    mepc, t1
    mret

    .data
    .balign 8
    .globl  tohost, fromhost
tohost:   .dword 0
fromhost: .dword 0
`;

describe('a trap handled by the guest', () => {
  it('is traced with its handler, and its mret with the instructions it cost', async () => {
    const assembled = assemble(SOURCE, { file: 'guest-trap.s', layout: 'bare' });
    const handler = assembled.symbols.get('handler')!;
    const ecall = handler - 0x18; // la (2 insns), csrw, ecall: see the listing check below
    expect(assembled.listing.find((l) => l.source.includes('ecall'))!.addr).toBe(ecall);
    const m = await Machine.create({ ramBytes: 1 << 20, trace: true });
    const records: TraceRecord[] = [];
    m.setTrace({ trap: true }, (r) => records.push(...r));
    m.loadBareMetal(readElf(assembled.elf));
    expect(m.run({ maxInstructions: 1000 })).toEqual({ kind: 'exit', code: 0 });
    const f = new TraceFormatter('text');
    const hex = (v: number): string => '0x' + v.toString(16).padStart(8, '0');
    expect(records.filter((r) => r.kind !== 'stale').map((r) => f.line(r))).toEqual([
      `trap  environment call from M-mode (11)  tval 0x00000000  epc ${hex(ecall)}  M → M  handled by the guest at ${hex(handler)}`,
      // csrr, addi, csrw, mret
      `xret  mret  M → M  pc ${hex(ecall + 4)}  (4 instructions since the trap)`,
    ]);
  });
});
