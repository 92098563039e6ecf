// Random system calls with hostile arguments never hurt the kernel: every
// call returns (or the process is killed), the run ends, and the frame
// accounting holds. Deterministic: the programs come from a fixed seed.
import { describe, expect, it } from 'vitest';
import { SYSCALLS } from '../../src/kernel/syscalls/table.js';
import { asmElf, ecall, exit, program, runElf } from './kernel-run-helpers.js';

/** Arguments that probe edges: NULL, the top of user space, kernel space, alignment, sizes. */
const INTERESTING = [
  0, 1, 2, 3, 4, 0x10, 0x7f, 0x1000, 0x1001, 0x1_0000, 0x1_2000, 0x7fff_f000, 0x7fff_fff0,
  0x8000_0000, 0xffff_f000, 0xffff_ffff, 0x4000_0000, 0x22, 0x32,
];
/** Calls that would end the program are left out: the point is to keep calling. */
const CALLS = [...SYSCALLS.keys()].filter((nr) => ![93, 94].includes(nr));
const CLONE = 220;
const SIGCHLD = 17;

function lcg(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
    return state;
  };
}

function randomProgram(seed: number, calls: number, forks: boolean): string {
  const next = lcg(seed);
  const pick = <T>(list: readonly T[]): T => list[next() % list.length]!;
  const lines: string[] = [];
  for (let i = 0; i < calls; i++) {
    let nr = next() % 8 === 0 ? next() % 512 : pick(CALLS);
    if (nr === CLONE && !forks) nr = 172;
    const args = Array.from({ length: 6 }, () => (next() % 3 === 0 ? next() : pick(INTERESTING)) | 0);
    if (forks && next() % 6 === 0) [nr, args[0], args[1]] = [CLONE, SIGCHLD, 0]; // a real fork
    lines.push(ecall(nr, ...args));
  }
  return program([...lines, exit(0)].join('\n'));
}

describe('random system calls', () => {
  it('never throw from the kernel, and every frame comes back', async () => {
    const outcomes = new Map<string, number>();
    for (let seed = 1; seed <= 40; seed++) {
      const { stop, first } = await runElf(asmElf(randomProgram(seed, 40, false)), ['fuzz'], { ramBytes: 4 << 20, stdin: 'input' });
      expect(stop).toBe('exited');
      const key = first.termination!.kind === 'exited' ? `exit ${first.status}` : `killed ${first.status}`;
      outcomes.set(key, (outcomes.get(key) ?? 0) + 1);
    }
    // Both endings happen: programs that unmap or protect their own text die of SIGSEGV.
    expect([...outcomes.keys()].sort()).toEqual(['exit 0', 'killed 139']);
  });

  it('with forks among them: every process ends, children and all, and every frame comes back', async () => {
    let processes = 0;
    for (let seed = 100; seed < 120; seed++) {
      const { stop, kernel } = await runElf(asmElf(randomProgram(seed, 24, true)), ['fuzz'], { ramBytes: 4 << 20, quantum: 500 });
      expect(stop).toBe('exited');
      expect(kernel.processes().every((p) => p.status !== null)).toBe(true);
      processes += kernel.processes().length;
    }
    // The programs are fixed by their seeds, so the number of processes is too.
    expect(processes).toBe(676);
  });
});
