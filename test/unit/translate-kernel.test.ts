// explainTranslation on the page tables the kernel really builds, against
// the hart's walker: every mapped page (at a few offsets) and thousands of
// other addresses, for every access, in every live process, at several
// moments of several programs, under Svadu and Svade.
import { describe, expect, it } from 'vitest';
import { Kernel, type KernelOptions } from '../../src/kernel/index.js';
import {
  explainTranslation, hardwareTranslate, inspectKernel, runToPause, type Access, type PausePoint,
} from '../../src/inspect/index.js';
import { leaves, programElf } from './kernel-run-helpers.js';
import { Rng } from '../diff/lib/rng.js';

const ACCESSES: Access[] = ['fetch', 'load', 'store'];

// A fixed pseudo-random sequence, so the addresses are the same on every run.
function addresses(seed: number, n: number): number[] {
  const rng = new Rng(seed);
  return Array.from({ length: n }, () => rng.next());
}

async function paused(path: string, at: PausePoint, options: KernelOptions = {}): Promise<Kernel> {
  const { kernel } = await runToPause(async (trace) => {
    const k = await Kernel.create({ ramBytes: 4 << 20, ...options, trace });
    k.spawn(programElf(path), [path]);
    return k;
  }, at, 1e8);
  return kernel;
}

const moments: [string, PausePoint, KernelOptions][] = [
  ['programs/hello.s', { kind: 'exit' }, {}],
  ['programs/vm/fork-cow.elf', { kind: 'fault', k: 6 }, {}],
  ['programs/vm/fork-cow.elf', { kind: 'fault', k: 6 }, { ad: 'fault' }],
  ['programs/vm/mmap-demo.elf', { kind: 'instructions', n: 6000 }, {}],
  ['programs/vm/tlb-reach.elf', { kind: 'exit' }, { ad: 'fault' }],
  ['programs/vm/stack-growth.elf', { kind: 'exit' }, {}],
];

describe('explainTranslation agrees with Machine.translate on kernel page tables', () => {
  for (const [path, at, options] of moments) {
    it(`${path} at ${JSON.stringify(at)} ${JSON.stringify(options)}`, async () => {
      const kernel = await paused(path, at, options);
      const report = inspectKernel(kernel, { kind: 'instructions', instructions: 0 });
      let compared = 0;
      let translated = 0;
      for (const p of report.processes) {
        const mapped = leaves(p.pageTable);
        const vas = [...mapped.flatMap((e) => [e.va, e.va + 4, e.va + 0xffc]), ...addresses(p.pid * 7919, 2000)];
        for (const va of vas) {
          for (const access of ACCESSES) {
            const mine = explainTranslation({
              mode: kernel.kmem.mode, read: (pa) => kernel.machine.readPhys32(pa), inRam: (pa) => kernel.machine.inRam(pa, 4),
              satp: p.satp, va, access, privilege: 'U', sum: false, mxr: false, ad: kernel.kmem.ad,
            });
            const hart = hardwareTranslate(kernel.machine, p.satp, va, access);
            const steps = mine.steps.flatMap((s) => (s.pte === null ? [] : [{ level: s.level, pteAddress: s.pteAddress, pte: s.pte.value }]));
            expect(steps).toEqual(hart.steps);
            if ('pa' in hart) {
              expect(mine.result).toMatchObject({ kind: 'pa', pa: hart.pa });
              translated++;
            } else {
              expect(mine.result).toMatchObject({ kind: 'fault', cause: hart.cause });
            }
            compared++;
          }
        }
        // Every mapped page translates for some access (its leaf allows at least one of R, W, X).
        for (const e of mapped) {
          const ok = ACCESSES.some((access) => 'pa' in hardwareTranslate(kernel.machine, p.satp, e.va, access));
          expect(ok || kernel.kmem.ad === 'fault').toBe(true);
        }
      }
      expect(compared).toBeGreaterThan(6000);
      expect(translated).toBeGreaterThan(0);
    });
  }
});
