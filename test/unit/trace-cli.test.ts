// `mmulab run --trace ...` spawned as a user runs it: exact lines, the file
// output, and bad values rejected with one line and exit status 2.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROGRAM } from './trace-helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'mmulab-trace-'));
const program = join(dir, 'trace.s');
writeFileSync(program, PROGRAM);

function mmulab(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync('node', ['dist/mmulab.js', ...args], { encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('mmulab run --trace', () => {
  it('writes insn and trap lines to stderr, with the syscall and sched events of the kernel', () => {
    const r = mmulab('run', program, '--trace', 'insn,trap,syscall,sched', '--no-summary');
    expect(r.status).toBe(42);
    expect(r.stderr.split('\n')).toEqual([
      'sched  spawn pid 1',
      'sched  switch - → pid 1 (start)',
      'trap  instruction page fault (12)  tval 0x00010000  epc 0x00010000  U → S  handled by the TS kernel',
      'trap  handled by the TS kernel  pid 1  instruction page fault (12)  cost: 0 instructions, 21 words read, ' +
        '2056 words written (2 PTEs), 2 frames allocated, 1 SFENCE.VMA',
      'insn  0x00010000  02a00513  li a0,42                  x10/a0 = 0x0000002a',
      'insn  0x00010004  00001597  auipc a1,0x1              x11/a1 = 0x00011004',
      'insn  0x00010008  ffc58593  add a1,a1,-4              x11/a1 = 0x00011000',
      'trap  load page fault (13)  tval 0x00011000  epc 0x0001000c  U → S  handled by the TS kernel',
      'trap  handled by the TS kernel  pid 1  load page fault (13)  cost: 0 instructions, 24 words read, ' +
        '1026 words written (1 PTE), 1 frame allocated, 1 SFENCE.VMA',
      'insn  0x0001000c  4190      lw a2,0(a1)               x12/a2 = 0x12345678',
      'insn  0x0001000e  05d00893  li a7,93                  x17/a7 = 0x0000005d',
      'trap  environment call from U-mode (8)  tval 0x00000000  epc 0x00010012  U → S  handled by the TS kernel',
      'sched  exit pid 1  status 42',
      'syscall  pid 1  exit(42, 0x00011000, 0x12345678, 0, 0, 0) = no-return',
      'trap  handled by the TS kernel  pid 1  environment call from U-mode (8)  cost: 0 instructions, 3109 words read, ' +
        '8 words written (5 PTEs), 0 frames allocated, 1 SFENCE.VMA',
      '',
    ]);
  });

  it('prints the trace on stderr before the summary', () => {
    const r = mmulab('run', program, '--trace', 'trap');
    expect(r.status).toBe(42);
    const lines = r.stderr.split('\n');
    const summaryAt = lines.indexOf('pid 1 trace.s: exit status 42, 8 instructions');
    expect(summaryAt).toBeGreaterThan(0);
    expect(lines.slice(0, summaryAt).filter((l) => l.startsWith('trap  '))).toHaveLength(6);
    expect(lines.slice(summaryAt).some((l) => l.startsWith('trap  '))).toBe(false);
  });

  it('cuts with --trace-from/--trace-count and writes jsonl to -o FILE', () => {
    const out = join(dir, 'trace.jsonl');
    const r = mmulab('run', program, '--trace', 'insn,mem', '--trace-from', '3', '--trace-count', '1',
      '--trace-format', 'jsonl', '-o', out, '--no-summary');
    expect(r.status).toBe(42);
    expect(r.stderr).toBe('');
    expect(readFileSync(out, 'utf8').trimEnd().split('\n').map((l) => JSON.parse(l) as unknown)).toEqual([
      { kind: 'mem', va: 0x1000c, pa: 0x8000400c, size: 2, access: 'fetch' },
      { kind: 'mem', va: 0x1000c, pa: 0x8000400c, size: 2, access: 'fetch' },
      { kind: 'mem', va: 0x11000, pa: 0x80006000, size: 4, access: 'load' },
      { kind: 'insn', pc: 0x1000c, bits: 0x4190, rd: 12, value: 0x12345678, priv: 0, disasm: 'lw a2,0(a1)' },
    ]);
  });

  it('writes the kernel\'s page faults, only for the --trace-pid asked', () => {
    const r = mmulab('run', program, '--trace', 'fault', '--trace-pid', '1', '--no-summary');
    expect(r.stderr.split('\n')).toEqual([
      'fault  pid 1  fetch at 0x00010000  pc 0x00010000  file-backed → resume',
      'fault  pid 1  load at 0x00011000  pc 0x0001000c  file-backed → resume',
      '',
    ]);
    expect(mmulab('run', program, '--trace', 'fault,insn', '--trace-pid', '2', '--no-summary').stderr).toBe('');
  });

  it('cuts mmu lines to --trace-va', () => {
    const r = mmulab('run', program, '--trace', 'mmu', '--trace-va', '0x11000-0x12000', '--no-summary');
    expect(r.stderr.split('\n')).toEqual([
      'mmu   load   0x00011000  TLB miss, walk:',
      'mmu   walk   level 1  PTE at 0x80001000 = 0x20001401 V-------',
      'mmu   walk   level 0  PTE at 0x80005044 = 0x00000000 --------',
      'mmu   load   0x00011000  TLB miss, walk:',
      'mmu   walk   level 1  PTE at 0x80001000 = 0x20001401 V-------',
      'mmu   walk   level 0  PTE at 0x80005044 = 0x20001817 VRW-U---',
      'mmu   load   0x00011000 → 0x80006000  TLB fill',
      '',
    ]);
  });

  it('traces a bare-metal program (no kernel events there)', () => {
    const r = mmulab('run', '--bare', 'programs/bare/hello.s', '--trace', 'insn,mem,mmu', '--trace-count', '2', '--no-summary');
    expect(r.status).toBe(0);
    // M-mode: physical addresses, no TLB lookups.
    expect(r.stderr.split('\n')).toEqual([
      'mem   fetch  0x80000000 → 0x80000000  4 bytes',
      'insn  0x80000000  00001417  auipc s0,0x1              x8/s0 = 0x80001000',
      'mem   fetch  0x80000004 → 0x80000004  4 bytes',
      'insn  0x80000004  00040413  mv s0,s0                  x8/s0 = 0x80001000',
      '',
    ]);
    const bad = mmulab('run', '--bare', 'programs/bare/hello.s', '--trace', 'syscall');
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('--trace syscall, sched and fault are kernel events: they do not apply with --bare');
    const pid = mmulab('run', '--bare', 'programs/bare/hello.s', '--trace', 'insn', '--trace-pid', '1');
    expect(pid.status).toBe(2);
    expect(pid.stderr).toBe('mmulab: --trace-pid selects a process of the kernel: it does not apply with --bare\n');
  });

  it('rejects bad values with one clear line', () => {
    const cases: [string[], string][] = [
      [['--trace', 'insn,bogus'], "expected a comma-separated list of insn, mem, mmu, trap, syscall, sched, fault (or all); got 'bogus'"],
      [['--trace', 'insn', '--trace-va', '0x2000-0x1000'], 'expected LO-HI with LO < HI <= 0x100000000'],
      [['--trace', 'insn', '--trace-format', 'xml'], "expected 'text', 'jsonl' or 'spike'"],
      [['--trace', 'insn', '--trace-count', '0'], 'expected a whole number from 1 to'],
      [['--trace', 'insn', '--trace-pid', 'one'], 'expected a whole number from 1 to'],
    ];
    for (const [args, message] of cases) {
      const r = mmulab('run', program, ...args);
      expect(r.status, args.join(' ')).toBe(2);
      expect(r.stderr).toContain(message);
    }
    const alone = mmulab('run', program, '--trace-count', '5');
    expect(alone.status).toBe(2);
    expect(alone.stderr).toBe(
      'mmulab: --trace-pid, --trace-va, --trace-from, --trace-count, --trace-format and -o need --trace\n');
    const unwritable = mmulab('run', program, '--trace', 'insn', '-o', join(dir, 'no', 'such', 'dir', 'x'));
    expect(unwritable.status).toBe(2);
    expect(unwritable.stderr).toContain('cannot write the trace to');
  });
});
