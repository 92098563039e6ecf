// `--trace-format spike`: Spike's commit-log lines (riscv-isa-sim
// riscv/execute.cc, commit_log_print_insn) from hand-made records, golden
// files for programs/ run hosted and bare, and the option's rules.
// Spike itself is not installed here: the format is checked against its source.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SpikeLines } from '../../src/cli/trace/spike.js';
import type { TraceEvent } from '../../src/cli/trace/event.js';

type Insn = Extract<TraceEvent, { kind: 'insn' }>;
const insn = (pc: number, bits: number, more: Partial<Insn> = {}): Insn =>
  ({ kind: 'insn', pc, bits, rd: null, value: 0, priv: 3, ...more });
const access = (va: number, size: number, kind: 'fetch' | 'load' | 'store'): TraceEvent =>
  ({ kind: 'mem', va, pa: va, size, access: kind });

function lines(events: TraceEvent[]): string[] {
  const spike = new SpikeLines();
  return events.map((e) => spike.take(e)).filter((l) => l !== null);
}

describe('SpikeLines', () => {
  it('writes core, privilege, pc, bits (4 digits compressed), then x writes padded to two columns', () => {
    expect(lines([
      insn(0x8000_0000, 0x0000_1417, { rd: 8, value: 0x8000_1000 }), // auipc s0,0x1
      insn(0x1_0000, 0x4505, { rd: 10, value: 1, priv: 0 }), // c.li a0,1
      insn(0x8000_0004, 0x0000_0013), // nop: writes x0, which Spike leaves out
    ])).toEqual([
      'core   0: 3 0x80000000 (0x00001417) x 8 0x80001000',
      'core   0: 0 0x00010000 (0x4505) x10 0x00000001',
      'core   0: 3 0x80000004 (0x00000013)',
    ]);
  });

  it('writes a CSR as c<number>_<name> after the x register, loads as mem VA, stores with their data', () => {
    expect(lines([
      insn(0x8000_0010, 0x3052_9073, { csr: { address: 0x305, value: 0x8000_0058 } }), // csrw mtvec,t0
      insn(0x8000_0014, 0x1401_1173, { rd: 2, value: 0x8004_8000, csr: { address: 0x140, value: 0x8000_0000 } }),
      access(0x1_0018, 4, 'fetch'), access(0x1_2000, 4, 'load'),
      insn(0x1_0018, 0x0004_2503, { rd: 10, value: 7, priv: 0 }), // lw a0,0(s0)
      access(0x1_5ff0, 1, 'store'),
      insn(0x1_008a, 0x01de_0023, { priv: 0, stored: 0x1254 }), // sb t4,0(t3): one byte, %01x
      access(0x1_5ff2, 2, 'store'),
      insn(0x1_008e, 0x01de_1123, { priv: 0, stored: 0x7 }), // sh: %04x
    ])).toEqual([
      'core   0: 3 0x80000010 (0x30529073) c773_mtvec 0x80000058',
      'core   0: 3 0x80000014 (0x14011173) x 2 0x80048000 c320_sscratch 0x80000000',
      'core   0: 0 0x00010018 (0x00042503) x10 0x00000007 mem 0x00012000',
      'core   0: 0 0x0001008a (0x01de0023) mem 0x00015ff0 0x54',
      'core   0: 0 0x0001008e (0x01de1123) mem 0x00015ff2 0x0007',
    ]);
  });

  it('writes an AMO as a load and a store of its word, a failed SC without memory, nothing for a trapped instruction', () => {
    expect(lines([
      access(0x1_2004, 4, 'store'),
      insn(0x1_00ae, 0x0854_a92f, { rd: 18, value: 0xff0f, priv: 0, stored: 0x1234_5678 }), // amoswap.w s2,s0,(s1)
      access(0x1_2000, 4, 'store'),
      insn(0x1_0040, 0x1854_232f, { rd: 6, value: 1, priv: 0, stored: 0 }), // sc.w t1,s0,(s0): failed
      access(0x1_2000, 4, 'load'),
      { kind: 'trap', cause: 13, tval: 0x1_2000, epc: 0x1_0044, fromPriv: 0, toPriv: 1, handler: 0, toHost: true, instret: 9 },
      insn(0x1_0048, 0x0000_0013, { priv: 0 }),
    ])).toEqual([
      'core   0: 0 0x000100ae (0x0854a92f) x18 0x0000ff0f mem 0x00012004 mem 0x00012004 0x12345678',
      'core   0: 0 0x00010040 (0x1854232f) x 6 0x00000001',
      'core   0: 0 0x00010048 (0x00000013)',
    ]);
  });
});

const dir = mkdtempSync(join(tmpdir(), 'mmulab-spike-'));

function spikeTrace(...args: string[]): string {
  const out = join(dir, 'trace.spike');
  const r = spawnSync('node', ['dist/mmulab.js', 'run', ...args, '--trace-format', 'spike', '--no-summary', '-o', out],
    { encoding: 'utf8' });
  expect(r.status, r.stderr).toBe(0);
  return readFileSync(out, 'utf8');
}

const golden = (name: string): string => readFileSync(join('test/golden/trace', name), 'utf8');

describe('mmulab run --trace-format spike', () => {
  it('matches the golden traces of programs/ hosted (user mode, priv 0) and bare (M, S and U)', () => {
    expect(spikeTrace('programs/hello.s')).toBe(golden('hello.spike'));
    expect(spikeTrace('programs/isa/atomic.s', '--trace-count', '8')).toBe(golden('atomic.spike'));
    expect(spikeTrace('--bare', 'programs/bare/hello.s', '--trace-count', '40')).toBe(golden('bare-hello.spike'));
    // The guest kernel's sret into the user program, and the user's first ecall into its trap entry.
    expect(spikeTrace('--bare', 'programs/bare/kernel/main.s', '--trace-from', '3490', '--trace-count', '40'))
      .toBe(golden('bare-kernel-sret.spike'));
  });

  it('implies --trace insn,mem and accepts them; rejects the other kinds with one line', () => {
    expect(spikeTrace('programs/hello.s', '--trace', 'insn')).toBe(golden('hello.spike'));
    const r = spawnSync('node', ['dist/mmulab.js', 'run', 'programs/hello.s', '--trace', 'insn,mmu,syscall',
      '--trace-format', 'spike'], { encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr).toBe("mmulab: --trace-format spike writes Spike's commit log (instructions with their register, " +
      'CSR and memory writes): --trace may name only insn and mem, not mmu, syscall\n');
  });
});
