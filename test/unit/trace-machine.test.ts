// The traced build (build/mmulab-trace.wasm) under the kernel: exact records
// and lines for a tiny program, its walk checked against Machine.translate,
// and the release build shown to hold no tracing and to behave the same.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { assemble } from '../../src/asm/index.js';
import { readElf } from '../../src/elf/index.js';
import { Kernel } from '../../src/kernel/index.js';
import { Machine, MachineError } from '../../src/machine/index.js';
import { TraceFormatter } from '../../src/cli/trace/format.js';
import type { TraceEvent } from '../../src/cli/trace/event.js';
import type { TraceFormat } from '../../src/cli/trace/options.js';
import { PROGRAM, traceProgram } from './trace-helpers.js';

const PTE_A = 0x40;
const CSR_STVEC = 0x105;

function lines(events: TraceEvent[], format: TraceFormat = 'text'): string[] {
  const f = new TraceFormatter(format);
  return events.map((e) => f.line(e)).filter((l) => l !== null);
}

describe('the traced build', () => {
  it('records each retired instruction: pc, bits, disassembly, the register written', async () => {
    const { events } = await traceProgram({ insn: true });
    expect(lines(events.filter((e) => e.kind === 'insn'))).toEqual([
      'insn  0x00010000  02a00513  li a0,42                  x10/a0 = 0x0000002a',
      'insn  0x00010004  00001597  auipc a1,0x1              x11/a1 = 0x00011004',
      'insn  0x00010008  ffc58593  add a1,a1,-4              x11/a1 = 0x00011000',
      'insn  0x0001000c  4190      lw a2,0(a1)               x12/a2 = 0x12345678',
      'insn  0x0001000e  05d00893  li a7,93                  x17/a7 = 0x0000005d',
    ]);
  });

  it('records the load with its VA and PA, the TLB miss and each level of the walk', async () => {
    const { events } = await traceProgram({ mem: true, mmu: true });
    const text = lines(events);
    // The load's second attempt (after the kernel mapped the data page).
    const at = text.lastIndexOf('mmu   load   0x00011000  TLB miss, walk:');
    expect(text.slice(at, at + 5)).toEqual([
      'mmu   load   0x00011000  TLB miss, walk:',
      'mmu   walk   level 1  PTE at 0x80001000 = 0x20001401 V-------',
      'mmu   walk   level 0  PTE at 0x80005044 = 0x20001817 VRW-U---',
      'mmu   load   0x00011000 → 0x80006000  TLB fill',
      'mem   load   0x00011000 → 0x80006000  4 bytes',
    ]);
    expect(text).toContain('mmu   fetch  0x00010004 → 0x80004004  TLB hit');
  });

  it('walks the same PTEs Machine.translate reads (the hardware then set A in the leaf)', async () => {
    // Stop after the load has retired but before exit frees the address space.
    const { kernel, events } = await traceProgram({ insn: true, mmu: true }, 6);
    expect(events.some((e) => e.kind === 'insn' && e.pc === 0x1000c)).toBe(true);
    expect(events.some((e) => e.kind === 'exit')).toBe(false);
    const walk = events.filter((e) => e.kind === 'pte' && e.va === 0x11000).slice(-2);
    const t = kernel.machine.translate(0x11000, 'load');
    expect(t).toEqual({
      pa: 0x80006000,
      steps: [
        { level: 1, pteAddress: 0x80001000, pte: 0x20001401 },
        { level: 0, pteAddress: 0x80005044, pte: 0x20001817 | PTE_A },
      ],
    });
    expect(walk.map((e) => e.kind === 'pte' && [e.level, e.pteAddress, e.pte])).toEqual(
      t.steps.map((s) => [s.level, s.pteAddress, s.level === 0 ? s.pte & ~PTE_A : s.pte]));
  });

  it('records the page fault the kernel handles: cause, tval, epc, U → S', async () => {
    const { events } = await traceProgram({ trap: true });
    expect(lines(events.filter((e) => e.kind === 'trap'))).toEqual([
      'trap  instruction page fault (12)  tval 0x00010000  epc 0x00010000  U → S  handled by the TS kernel',
      'trap  load page fault (13)  tval 0x00011000  epc 0x0001000c  U → S  handled by the TS kernel',
      'trap  environment call from U-mode (8)  tval 0x00000000  epc 0x00010012  U → S  handled by the TS kernel',
    ]);
  });

  it('writes jsonl with the same fields', async () => {
    const { kernel, events } = await traceProgram({ insn: true, mem: true, mmu: true, trap: true });
    const objects = lines(events, 'jsonl').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(objects.find((o) => o.kind === 'insn' && o.pc === 0x1000c)).toEqual({
      kind: 'insn', pc: 0x1000c, bits: 0x4190, rd: 12, value: 0x12345678, priv: 0, disasm: 'lw a2,0(a1)',
    });
    expect(objects.filter((o) => o.kind === 'mem' && o.access === 'load')).toEqual([
      { kind: 'mem', va: 0x11000, pa: 0x80006000, size: 4, access: 'load' },
    ]);
    expect(objects.find((o) => o.kind === 'trap' && o.cause === 13)).toEqual({
      kind: 'trap', cause: 13, tval: 0x11000, epc: 0x1000c, fromPriv: 0, toPriv: 1, handler: kernel.machine.readCsr(CSR_STVEC),
      toHost: true, instret: 3, name: 'load page fault', from: 'U', to: 'S', handledBy: 'kernel',
    });
    expect(objects.find((o) => o.kind === 'pte' && o.pteAddress === 0x80005044 && o.pte !== 0)).toEqual({
      kind: 'pte', va: 0x11000, level: 0, pteAddress: 0x80005044, pte: 0x20001817, bits: 'VRW-U---',
    });
  });

  it('never changes behaviour: the release build gives the same statistics and result', async () => {
    const elf = readElf(assemble(PROGRAM, { file: 'trace.s', layout: 'hosted' }).elf);
    const release = await Kernel.create({ ramBytes: 4 << 20 });
    release.spawn(elf, ['trace']);
    release.run({ maxInstructions: 1000 });
    const { kernel } = await traceProgram({ insn: true, mem: true, mmu: true, trap: true });
    expect(kernel.stats()).toEqual(release.stats());
    expect(kernel.processes()[0]!.status).toBe(42);
    expect(release.processes()[0]!.status).toBe(42);
  });
});

describe('the release build', () => {
  it('exports nothing for tracing and refuses setTrace', async () => {
    const module = new WebAssembly.Module(readFileSync('build/mmulab.wasm'));
    const names = WebAssembly.Module.exports(module).map((e) => e.name);
    expect(names.filter((n) => /ring|stale|trace(?!Location$)/i.test(n))).toEqual([]);
    const traced = WebAssembly.Module.exports(new WebAssembly.Module(readFileSync('build/mmulab-trace.wasm')));
    expect(traced.map((e) => e.name).sort()).toEqual([...names, 'traceRingLocation', 'staleHostWrite'].sort());
    const m = await Machine.create({ ramBytes: 1 << 20 });
    expect(m.traced).toBe(false);
    expect(() => m.setTrace({ insn: true }, () => {})).toThrow(MachineError);
    expect((await Machine.create({ ramBytes: 1 << 20, trace: true })).traced).toBe(true);
  });
});

describe('the trace ring', () => {
  it('is drained whenever it fills: every instruction of a long loop arrives, in order', async () => {
    const source = `    .text
    .globl _start
_start:
    li      t0, 20000
1:  addi    t0, t0, -1
    bnez    t0, 1b
    li      a0, 0
    li      a7, 93
    ecall
`;
    const elf = readElf(assemble(source, { file: 'loop.s', layout: 'hosted' }).elf);
    const pcs: number[] = [];
    const { readTraceWasm } = await import('../../src/machine/trace.js');
    const kernel = await Kernel.fromWasm(await readTraceWasm(), { ramBytes: 4 << 20 });
    kernel.machine.setTrace({ insn: true }, (records) => {
      for (const r of records) if (r.kind === 'insn') pcs.push(r.pc);
    });
    kernel.spawn(elf, ['loop']);
    kernel.run({ maxInstructions: 1_000_000 });
    // li (c.lui, addi), 20000 x (c.addi, bne), c.li, li: 40004 retired (the ecall traps),
    // five times the ring's 8,192 records.
    expect(pcs.length).toBe(40004);
    expect(kernel.stats().retired).toBe(40004);
    expect(pcs.slice(0, 6)).toEqual([0x10000, 0x10002, 0x10006, 0x10008, 0x10006, 0x10008]);
    expect(pcs.slice(-4)).toEqual([0x10006, 0x10008, 0x1000c, 0x1000e]);
  });
});
