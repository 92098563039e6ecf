// `mmulab run --check-sfence`: a PTE written and its old translation used
// before an SFENCE.VMA is reported once, with both pcs and addresses; the
// same program with the fence, the guest kernel and every program of
// programs/ under the TS kernel run clean; host (kernel) writes count too.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { symbolValue } from '../../src/elf/index.js';
import { Machine, type TraceRecord } from '../../src/machine/index.js';
import { loadProgram } from '../../src/cli/program-file.js';

const BUGGY = 'programs/bare/stale-pte.s';
const dir = mkdtempSync(join(tmpdir(), 'mmulab-sfence-'));
const FENCED = join(dir, 'fenced.s');
writeFileSync(FENCED, readFileSync(BUGGY, 'utf8').replace(/ {4}nop {29}# FENCE.*\n/, '    sfence.vma\n'));

// The fixture's page table: VA 0x1000's PTE, the frames it maps before and after the write.
const ROOT_PTE = 0x8001_0000;
const LEAF_PTE = 0x8001_1004;
const FRAME_A = 0x8002_0000;
const PTE_B = ((0x8002_1000 >>> 12) << 10 | 0xc7) >>> 0;

const elf = loadProgram(BUGGY, 'bare');
const writePte = symbolValue(elf, 'write_pte')!;
const useAgain = symbolValue(elf, 'use_again')!;
const hex = (v: number): string => '0x' + v.toString(16).padStart(8, '0');

function mmulab(...args: string[]): { status: number | null; stderr: string } {
  const r = spawnSync('node', ['dist/mmulab.js', 'run', ...args, '--check-sfence'], { encoding: 'utf8', input: '' });
  return { status: r.status, stderr: r.stderr };
}

const warnings = (stderr: string): string[] => stderr.split('\n').filter((l) => l.startsWith('mmulab: warning:'));
const countLine = (stderr: string): string | undefined => stderr.split('\n').find((l) => l.startsWith('sfence check'));

describe('mmulab run --check-sfence', () => {
  it('warns once, with both pcs, when a PTE is rewritten and the VA used without SFENCE.VMA', () => {
    const r = mmulab('--bare', BUGGY);
    expect(r.status).toBe(0);
    expect(warnings(r.stderr)).toEqual([
      `mmulab: warning: pc ${hex(writePte)} wrote PTE at pa 0x80011004 (va 0x00001000 level 0); ` +
      `pc ${hex(useAgain)} used the stale translation va 0x00001000 → pa 0x80020000 before any SFENCE.VMA`,
    ]);
    expect(countLine(r.stderr)).toBe('sfence check  1 stale translation used before an SFENCE.VMA');
  });

  it('says nothing when SFENCE.VMA comes between, and for the guest kernel of programs/bare', () => {
    for (const program of [FENCED, 'programs/bare/kernel/main.s', 'programs/bare/kernel/segfault.s']) {
      const r = mmulab('--bare', program);
      expect(warnings(r.stderr), program).toEqual([]);
      expect(countLine(r.stderr), program).toBe('sfence check  0 stale translations used before an SFENCE.VMA');
    }
  });

  it('finds the TS kernel correct: every program of programs/ runs clean', () => {
    const programs = ['programs', 'programs/isa', 'programs/vm', 'programs/selftest'].flatMap((d) =>
      readdirSync(d).filter((f) => f.endsWith('.s') || f.endsWith('.elf')).map((f) => join(d, f)));
    expect(programs.length).toBeGreaterThan(20);
    for (const program of programs) {
      const r = mmulab(program);
      expect(warnings(r.stderr), program).toEqual([]);
      expect(countLine(r.stderr), program).toBe('sfence check  0 stale translations used before an SFENCE.VMA');
    }
  });
});

describe('the hart\'s stale-translation records', () => {
  /** The fixture run up to its PTE write; then the host, not the guest, writes `pte` at `pa` instead. */
  async function hostRewrite(pte: number, pa = LEAF_PTE): Promise<TraceRecord[]> {
    const machine = await Machine.create({ trace: true });
    const records: TraceRecord[] = [];
    machine.setTrace({ stale: true }, (r) => records.push(...r));
    machine.loadBareMetal(elf);
    while (machine.pc !== writePte) machine.run({ maxInstructions: 1 });
    machine.writePhys32(pa, pte);
    machine.pc = writePte + 4; // the guest's own store skipped: the kernel on the host did the write
    expect(machine.run({ maxInstructions: 100 })).toEqual({ kind: 'exit', code: 0 });
    return records;
  }

  it('names the kernel as the writer of a host write', async () => {
    expect(await hostRewrite(PTE_B)).toEqual([
      { kind: 'stale', writerPc: null, pteAddress: LEAF_PTE, level: 0, usePc: useAgain, va: 0x1000, pa: FRAME_A },
    ]);
  });

  it('reports a changed pointer PTE (level 1) as well as a leaf', async () => {
    // ROOT's entry 0 pointed at LEAVES (0x80011000); now at a table at 0x80012000.
    const pointer = ((0x8001_2000 >>> 12) << 10 | 0x01) >>> 0;
    expect(await hostRewrite(pointer, ROOT_PTE)).toEqual([
      { kind: 'stale', writerPc: null, pteAddress: ROOT_PTE, level: 1, usePc: useAgain, va: 0x1000, pa: FRAME_A },
    ]);
  });

  it('ignores a write that leaves the PTE as it was', async () => {
    expect(await hostRewrite(((FRAME_A >>> 12) << 10 | 0xc7) >>> 0)).toEqual([]);
  });
});
