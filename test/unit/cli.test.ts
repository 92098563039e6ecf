// The mmulab command as a user runs it: spawned, with exact output and exit status.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readElf } from '../../src/elf/index.js';

const dir = mkdtempSync(join(tmpdir(), 'mmulab-cli-'));

function mmulab(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync('node', ['dist/mmulab.js', ...args], { encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('mmulab', () => {
  it('prints its version', () => {
    expect(execFileSync('node', ['dist/mmulab.js', '--version'], { encoding: 'utf8' })).toBe('0.1.0\n');
  });

  it('rejects an unknown command in one line and a pointer to the help, with exit status 2', () => {
    const r = mmulab('frobnicate');
    expect(r).toMatchObject({ status: 2, stdout: '', stderr: "error: unknown command 'frobnicate'\n(see 'mmulab --help')\n" });
  });

  it('exits 0 for --help', () => {
    const r = mmulab('run', '--help');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^Usage: mmulab run \[options\] <program\.\.\.>/);
  });
});

describe('mmulab asm', () => {
  it('writes an executable ELF and lists its segments', () => {
    const out = join(dir, 'hello.elf');
    const r = mmulab('asm', 'programs/hello.s', '-o', out);
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(
      `${out}: hosted ELF32 executable, entry 0x10000, ${statSync(out).size} bytes\n` +
      '  load 0x10000-0x10026 r-x (38 bytes from the file)\n' +
      '  load 0x11000-0x1101d r-- (29 bytes from the file)\n');
    expect(statSync(out).mode & 0o777).toBe(0o755);
    expect(readElf(readFileSync(out)).entry).toBe(0x10000);
  });

  it('uses the bare-metal layout with --bare', () => {
    const out = join(dir, 'bare.elf');
    const r = mmulab('asm', '--bare', 'programs/bare/hello.s', '-o', out);
    expect(r.status).toBe(0);
    expect(r.stdout.split('\n')[0]).toContain('bare ELF32 executable, entry 0x80000000');
  });

  it('reports every assembly error with file:line:column and exits 2', () => {
    const src = join(dir, 'bad.s');
    writeFileSync(src, 'addi a0, a0, 5000\nfrob a0\n');
    const r = mmulab('asm', src, '-o', join(dir, 'bad.elf'));
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(new RegExp(`^mmulab: ${src}:1:14: error: .*5000`));
    expect(r.stderr).toContain(`${src}:2:1: error:`);
    expect(r.stderr).toContain('frob a0');
  });

  it('prints a listing with --format listing: address, bytes in memory order, file:line, source', () => {
    const r = mmulab('asm', 'programs/hello.s', '-o', join(dir, 'l.elf'), '--format', 'listing');
    expect(r.status).toBe(0);
    expect(r.stdout.split('\n')[0]).toBe(
      '00010000  05 45                        programs/hello.s:18   li      a0, STDOUT              # write(1, message, length)');
    expect(r.stdout).toContain('00010018  73 00 00 00                  programs/hello.s:23   ecall\n');
  });

  it('prints entry, segments, sections, symbols and the listing as JSON', () => {
    const r = mmulab('asm', 'programs/hello.s', '-o', join(dir, 'j.elf'), '--format', 'json');
    const j = JSON.parse(r.stdout) as { entry: number; segments: { flags: string }[]; symbols: Record<string, number>; listing: { addr: number; bytes: number[] }[] };
    expect(j.entry).toBe(0x10000);
    expect(j.segments.map((s) => s.flags)).toEqual(['r-x', 'r--']);
    expect(j.symbols['_start']).toBe(0x10000);
    expect(j.listing[0]).toMatchObject({ addr: 0x10000, bytes: [0x05, 0x45] });
  });

  it('rejects an unknown --format with exit status 2', () => {
    const r = mmulab('asm', 'programs/hello.s', '--format', 'xml');
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('expected summary, listing, json');
  });

  it('says why it cannot write the output', () => {
    const out = join(dir, 'no-such-dir', 'x.elf');
    const r = mmulab('asm', 'programs/hello.s', '-o', out);
    expect(r).toMatchObject({ status: 2, stderr: `mmulab: ${out}: cannot write: no such file or directory\n` });
  });

  it('names a missing file', () => {
    const r = mmulab('asm', join(dir, 'nope.s'));
    expect(r).toMatchObject({ status: 2, stderr: `mmulab: ${join(dir, 'nope.s')}: no such file or directory\n` });
  });
});

describe('mmulab disasm', () => {
  it('prints an objdump-style listing', () => {
    const r = mmulab('disasm', 'programs/hello.s');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('00010000 <_start>:\n   10000:\t4505                \tli\ta0,1\n');
    expect(r.stdout).toContain('\tecall\n');
  });

  it('prints one JSON record per instruction with --format json', () => {
    const r = mmulab('disasm', 'programs/hello.s', '--format', 'json');
    const records = JSON.parse(r.stdout) as { section: string; addr: number; bytes: number[]; mnemonic: string; operands: string }[];
    expect(records[0]).toEqual({ section: '.text', addr: 0x10000, bytes: [0x05, 0x45], mnemonic: 'li', operands: 'a0,1' });
    expect(records.filter((x) => x.mnemonic === 'ecall')).toHaveLength(2);
  });

  it('rejects a file that is not ELF', () => {
    const r = mmulab('disasm', 'README.md');
    expect(r.status).toBe(2);
    expect(r.stderr).toBe('mmulab: README.md: not an ELF file (bad magic)\n');
  });
});

describe('mmulab run --bare', () => {
  it('runs a bare-metal program: its HTIF output, exit status and a summary', () => {
    const r = mmulab('run', '--bare', 'programs/bare/hello.s');
    expect(r.status).toBe(0);
    expect(r.stdout).toBe('Hello from bare metal: M-mode, physical addresses, HTIF console.\n');
    expect(r.stderr).toMatch(/exit status 0\ninstructions  1,\d{3} retired in [\d.]+ ms/);
  });

  it('stops a guest that never ends at the instruction limit', () => {
    const src = join(dir, 'spin.s');
    writeFileSync(src, '.globl _start\n_start: j _start\n');
    const r = mmulab('run', '--bare', '--max-instructions', '1000', src);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(`mmulab: ${src}: still running after 1,000 instructions (pc 0x80000000); ` +
      'raise --max-instructions if it should take longer\n');
  });

  it('rejects impossible options with the allowed range', () => {
    expect(mmulab('run', '--bare', '--ram', '3M7', 'x.s').stderr).toContain('expected a size from 4K to 1792M, a multiple of 4K');
    expect(mmulab('run', '--bare', '--tlb', '64:5', 'x.s').stderr).toContain('WAYS dividing ENTRIES');
    expect(mmulab('run', '--bare', '--ad', 'maybe', 'x.s').stderr).toContain("expected 'fault' or 'update'");
  });
});

describe('mmulab run (hosted, under the TypeScript kernel)', () => {
  it('runs a user program under Sv32 and summarises faults, syscalls and frames', () => {
    const r = mmulab('run', 'programs/hello.s');
    expect(r.status).toBe(0);
    expect(r.stdout).toBe('Hello from RISC-V user mode!\n');
    const lines = r.stderr.split('\n');
    expect(lines[1]).toBe('pid 1 hello.s: exit status 0, 12 instructions');
    expect(r.stderr).toContain('page faults   3: demand-zero: 1, file-backed: 2\n');
    expect(r.stderr).toContain('syscalls      2: write: 1, exit: 1\n');
    expect(r.stderr).toContain('peak frames   slab: 1, page-table: 3, pid 1: 3 (4 KiB each)\n');
  });

  it('gives a killed process the shell status 128 + signal, with the kernel report', () => {
    const r = mmulab('run', '--no-summary', 'programs/vm/null-deref.elf');
    expect(r.status).toBe(139);
    expect(r.stdout).toBe('reading the int at address 0x00000000\n');
    expect(r.stderr).toContain('null-deref.elf[1]: page fault: load at 0x00000000, pc 0x00010526: outside-vma; SIGSEGV (SEGV_MAPERR)\n');
    expect(r.stderr).toContain('  pc 0x00010526: lw\ta1,0(a0)\n');
    expect(r.stderr).toContain('7ffff000-80000000 rw-p 00000000 00:00 0          [stack]\n');
  });

  it('runs several programs at once, each with its own arguments; the first one sets the status', () => {
    const r = mmulab('run', 'programs/recursion.s', 'programs/vm/tlb-reach.elf', '64');
    expect(r.status).toBe(120);
    expect(r.stdout).toContain('touched 64 pages 16 times each: checksum 39936\n');
    expect(r.stderr).toContain('pid 1 recursion.s: exit status 120');
    expect(r.stderr).toMatch(/pid 2 tlb-reach.elf: exit status 0/);
  });

  it('refuses arguments and several programs with --bare, and half a split TLB', () => {
    expect(mmulab('run', '--bare', 'programs/bare/hello.s', 'x').stderr).toBe('mmulab: --bare runs exactly one program, without arguments\n');
    expect(mmulab('run', '--bare', '--eager', 'programs/bare/hello.s').stderr).toBe(
      'mmulab: --quantum, --eager and --no-asid are kernel options: they do not apply with --bare\n');
    expect(mmulab('run', '--itlb', '16', 'programs/hello.s').stderr).toBe(
      'mmulab: --itlb and --dtlb go together (split TLBs); use --tlb for one unified TLB\n');
  });
});
