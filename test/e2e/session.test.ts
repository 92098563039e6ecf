// The playground's Session without a browser: runs, stops at events, steps
// back exactly, and records translations that agree with the hart.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { assemble } from '../../src/asm/index.js';
import { readElf } from '../../src/elf/index.js';
import { Kernel } from '../../src/kernel/index.js';
import { findExpectedRuns, stdoutMismatch } from '../../programs/expected.js';
import { DEFAULT_CONFIG } from '../../src/web/protocol.js';
import { Session } from '../../src/web/session.js';
import { isCall } from '../../src/web/access.js';
import { snapshot } from '../../src/web/snapshot.js';

const wasm = readFileSync('build/mmulab.wasm');
const never = async (): Promise<boolean> => false;

async function session(path: string, args: string[] = []): Promise<Session> {
  const elf = path.endsWith('.s') ? readElf(assemble(readFileSync(path, 'utf8'), { file: path }).elf) : readElf(readFileSync(path));
  return Session.create(wasm, elf, [path, ...args], DEFAULT_CONFIG);
}

describe('Session', () => {
  it('runs hello.s to its end with the CLI output and instruction count', async () => {
    const s = await session('programs/hello.s');
    await s.run('end', never);
    expect(s.kernel.stdout).toBe(readFileSync('programs/hello.expected', 'utf8'));
    expect(s.status).toBe('exited');
    expect(s.instructions).toBe(12); // README: "exit status 0, 12 instructions"
  });

  it('stops at the first page fault: the fetch of the entry point, not mapped yet', async () => {
    const s = await session('programs/hello.s');
    await s.run('fault', never);
    expect(s.instructions).toBe(1);
    const r = s.history.find((h) => h.kernel !== null)!;
    expect(r).toMatchObject({ seq: 1, access: 'fetch', va: 0x10000, pc: 0x10000 });
    expect(r.hart!.cause).toBe(12); // instruction page fault
    expect(r.explanation!.result).toMatchObject({ kind: 'fault', cause: 12 });
    expect(r.kernel).toContain('file-backed');
  });

  it('single-steps through LR/SC without losing the reservation: isa/atomic.s stepped gives its expected output', async () => {
    const s = await session('programs/isa/atomic.s');
    while (s.status !== 'exited') await s.step(1);
    expect(s.kernel.stdout).toBe(readFileSync('programs/isa/atomic.expected', 'utf8'));
    expect(s.kernel.processes()[0]!.status).toBe(0);
  });

  it('steps over a call: recursion.s\'s first call to print_str comes back to the next instruction', async () => {
    const s = await session('programs/recursion.s');
    await s.step(1); // the first fetch faults the text page in
    while (!isCall(s.fetchWord(s.kernel.machine.pc)!)) await s.step(1);
    const pc = s.kernel.machine.pc;
    const before = s.instructions;
    await s.stepOver(never);
    expect(s.kernel.machine.pc).toBe(pc + 4); // jalr 352(ra): 4 bytes (the README's disasm listing)
    expect(s.instructions - before).toBeGreaterThan(10);
    expect(s.kernel.stdout).toBe('factorial('); // print_str's whole output, and nothing after it
  });

  it('runs with split instruction and data TLBs, as --itlb/--dtlb', async () => {
    const shape = { entries: 8, ways: 2, policy: 'fifo' as const };
    const elf = readElf(readFileSync('programs/vm/fork-cow.elf'));
    const s = await Session.create(wasm, elf, ['fork-cow.elf'], { ...DEFAULT_CONFIG, tlb: { itlb: shape, dtlb: shape } });
    for (let k = 0; k < 3; k++) await s.run('fault', never);
    const state = snapshot(s, 'fork-cow.elf', null);
    expect(new Set(state.tlb.map((e) => e.tlb))).toEqual(new Set(['itlb', 'dtlb']));
    const direct = await Kernel.create({ ramBytes: DEFAULT_CONFIG.ramBytes, tlb: { itlb: shape, dtlb: shape } });
    direct.spawn(elf, ['fork-cow.elf']);
    direct.run({ maxInstructions: s.instructions });
    expect(state.tlbCounters.misses).toBe(Object.values(direct.stats().machine.tlbMisses).reduce((a, b) => a + b));
  });

  it('runs to just before a process exits (its memory still mapped), and on to the next exit', async () => {
    const s = await session('programs/vm/fork-cow.elf');
    await s.run('exit', never);
    const [parent, child] = s.kernel.processes();
    expect(child!.status).toBeNull();
    expect(s.kernel.maps(2)).not.toBeNull();
    await s.step(1); // the child's exit_group
    expect(s.kernel.processes()[1]!.status).toBe(7); // fork-cow.expected: "the child exited with status 7"
    expect(s.kernel.maps(2)).toBeNull();
    await s.run('exit', never);
    expect(s.kernel.processes()[0]!.status).toBeNull();
    expect(s.kernel.maps(1)).not.toBeNull();
    await s.run('exit', never);
    expect(s.status).toBe('exited');
    expect(parent!.name).toBe('fork-cow.elf');
  });

  it('records every instruction, also the first one after a context switch', async () => {
    const s = await session('programs/vm/fork-cow.elf');
    await s.step(1700); // the parent sleeps in waitid at #1657 and the child runs (README picture)
    const fetches = s.history.filter((r) => r.access === 'fetch');
    const seqs = fetches.map((r) => r.seq);
    expect(seqs).toEqual(Array.from({ length: seqs.length }, (_, i) => seqs[0]! + i));
    expect(seqs.at(-1)).toBe(1700);
    const firstOfChild = fetches.find((r) => r.pid === 2)!;
    expect(firstOfChild.seq).toBe(1658);
    expect(s.log.some((e) => e.kind === 'switch' && e.at === 1657 && e.pid === 2)).toBe(true);
  });

  it('refuses machine options out of the CLI\'s ranges with a clear error', async () => {
    const elf = readElf(readFileSync('programs/vm/hello.elf'));
    await expect(Session.create(wasm, elf, ['hello'], { ...DEFAULT_CONFIG, quantum: 0 }))
      .rejects.toThrow('quantum must be a whole number from 100 to 1000000000 (got 0)');
    await expect(Session.create(wasm, elf, ['hello'], { ...DEFAULT_CONFIG, seed: -1 }))
      .rejects.toThrow('seed must be a whole number from 0 to 4294967295 (got -1)');
    await expect(Session.create(wasm, elf, ['hello'], { ...DEFAULT_CONFIG, tlb: { entries: 6, ways: 4, policy: 'lru' } }))
      .rejects.toThrow('a TLB needs entries a positive multiple of ways (got 6 entries, 4 ways)');
  });

  it('names the processes and pages that map each frame: after fork, parent and child share frames', async () => {
    const s = await session('programs/vm/fork-cow.elf');
    await s.step(1700);
    const state = snapshot(s, 'fork-cow.elf', null);
    const owner = (frame: number): string => {
      let first = 0;
      for (const run of state.frames.runs) {
        if (frame < first + run.frames) return run.owner;
        first += run.frames;
      }
      return 'outside RAM';
    };
    for (const u of state.frameMappings) expect(owner(u.frame)).toMatch(/^pid [12]$/);
    const shared = state.frameMappings.filter((u) => u.pid === 2 &&
      state.frameMappings.some((p) => p.pid === 1 && p.frame === u.frame && p.va === u.va));
    expect(shared.length).toBeGreaterThan(0); // copy-on-write: the same frame at the same address
  });

  it('steps back exactly: registers and counters equal a straight run to the same point', async () => {
    const s = await session('programs/vm/fork-cow.elf');
    await s.step(300);
    await s.run('end', never);
    await s.back(5000);
    const direct = await Kernel.create({ ramBytes: DEFAULT_CONFIG.ramBytes });
    direct.spawn(readElf(readFileSync('programs/vm/fork-cow.elf')), ['programs/vm/fork-cow.elf']);
    direct.run({ maxInstructions: s.instructions });
    expect(s.instructions).toBe(direct.stats().instructions);
    for (let i = 0; i < 32; i++) expect(s.kernel.machine.getReg(i)).toBe(direct.machine.getReg(i));
    expect(s.kernel.machine.pc).toBe(direct.machine.pc);
    expect(s.kernel.stats().frames).toEqual(direct.stats().frames);
  });

  // Every stop re-executes from a checkpoint and records history on a
  // scratch session: none of that may change what the program does.
  for (const run of findExpectedRuns('programs')) {
    it(`${run.name}: stopping at every system call, then stepping back, still gives the expected output`, async () => {
      const path = `programs/${run.elf ?? run.source}`;
      const s = await session(path, run.args);
      let stops = 0;
      while (s.status !== 'exited' && stops < 100) {
        await s.run('syscall', never);
        stops++;
      }
      await s.back(50);
      await s.run('end', never);
      expect(s.status).toBe('exited');
      expect(stdoutMismatch(run.stdout, s.kernel.stdout)).toBeNull();
      const [first] = s.kernel.processes();
      if ('code' in run.status) expect(first!.status).toBe(run.status.code);
      else expect(first!.termination?.kind).toBe('killed');
    });
  }
});
