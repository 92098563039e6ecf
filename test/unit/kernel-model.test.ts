import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ArrayPhysicalMemory } from '../../src/kernel/phys.js';
import { Kmem } from '../../src/kernel/kmem.js';
import { AddressSpace } from '../../src/kernel/addrspace.js';
import { checkAddressSpace } from '../../src/kernel/check.js';
import { forkAddressSpace } from '../../src/kernel/fork.js';
import {
  MADV_DONTNEED, MAP_ANONYMOUS, MAP_FIXED, MAP_PRIVATE, MAP_SHARED, PROT_NONE, PROT_READ, PROT_WRITE, sysMadvise, sysMmap,
  sysMprotect, sysMunmap,
} from '../../src/kernel/mm-syscalls.js';
import { EFAULT } from '../../src/kernel/errno.js';
import { copyFromUser, copyToUser } from '../../src/kernel/uaccess.js';

// Random sequences of memory system calls, user reads and writes, and forks,
// run against the kernel and against a plain model (per process, per page:
// its protection, backing and first byte). After every step the kernel must agree with
// the model, keep its allocator and address-space invariants, and have exactly
// one VMA per run of equally-protected pages (everything merges as in Linux).

const PAGE = 4096;
const WINDOW = 0x403f_e000; // 4 pages that straddle a 4 MiB (level-1) boundary
const PAGES = 4;
const PROTS = [PROT_NONE, PROT_READ, PROT_READ | PROT_WRITE] as const;

// A page's data lives in a cell: private pages own theirs, the pages of one
// shared mapping share theirs with every process that inherited it.
type Cell = { byte: number };
type Page = { prot: number; cell: Cell; object: number; index: number }; // object 0: private
type Model = Map<number, Page>; // page index → page
interface Proc { as: AddressSpace; model: Model }

type Op =
  | { kind: 'mmap'; first: number; count: number; prot: number; shared: boolean }
  | { kind: 'munmap' | 'dontneed'; first: number; count: number }
  | { kind: 'mprotect'; first: number; count: number; prot: number }
  | { kind: 'write' | 'read'; page: number; byte: number }
  | { kind: 'fork' | 'exit' };

const range = { first: fc.integer({ min: 0, max: PAGES - 1 }), count: fc.integer({ min: 1, max: 3 }) };
const op: fc.Arbitrary<{ proc: number; op: Op }> = fc.record({
  proc: fc.nat({ max: 3 }),
  // Reads and writes are the checks, so they come most often.
  op: fc.oneof(
    { weight: 2, arbitrary: fc.record({ kind: fc.constant('mmap' as const), ...range, prot: fc.constantFrom(...PROTS), shared: fc.boolean() }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constantFrom('munmap' as const, 'dontneed' as const), ...range }) },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant('mprotect' as const), ...range, prot: fc.constantFrom(...PROTS) }) },
    { weight: 4, arbitrary: fc.record({ kind: fc.constantFrom('write' as const, 'read' as const), page: fc.nat({ max: PAGES - 1 }), byte: fc.integer({ min: 1, max: 255 }) }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constantFrom('fork' as const, 'exit' as const) }) },
  ),
});

function clip(first: number, count: number): number[] {
  return Array.from({ length: Math.min(count, PAGES - first) }, (_, i) => first + i);
}

function va(page: number): number {
  return WINDOW + page * PAGE;
}

function apply(procs: Proc[], next: { pid: number; object: number }, choice: number, o: Op): void {
  const proc = procs[choice % procs.length]!;
  const { as, model } = proc;
  switch (o.kind) {
    case 'mmap': {
      const pages = clip(o.first, o.count);
      const type = o.shared ? MAP_SHARED : MAP_PRIVATE;
      const got = sysMmap(as, va(o.first), pages.length * PAGE, o.prot, type | MAP_ANONYMOUS | MAP_FIXED, 0xffff_ffff, 0);
      expect(got).toBe(va(o.first));
      const object = o.shared ? next.object++ : 0;
      for (const p of pages) model.set(p, { prot: o.prot, cell: { byte: 0 }, object, index: p - o.first });
      return;
    }
    case 'munmap': {
      const pages = clip(o.first, o.count);
      expect(sysMunmap(as, va(o.first), pages.length * PAGE)).toBe(0);
      for (const p of pages) model.delete(p);
      return;
    }
    case 'dontneed': {
      const pages = clip(o.first, o.count);
      const holes = pages.some((p) => !model.has(p));
      expect(sysMadvise(as, va(o.first), pages.length * PAGE, MADV_DONTNEED)).toBe(holes ? -12 : 0);
      // Private pages are dropped and read back zero; shared memory keeps its data.
      for (const p of pages) if (model.get(p)?.object === 0) model.get(p)!.cell.byte = 0;
      return;
    }
    case 'mprotect': {
      const pages = clip(o.first, o.count);
      const hole = pages.findIndex((p) => !model.has(p));
      expect(sysMprotect(as, va(o.first), pages.length * PAGE, o.prot)).toBe(hole >= 0 ? -12 : 0);
      // Linux changes the pages before the first hole.
      for (const p of hole >= 0 ? pages.slice(0, hole) : pages) model.get(p)!.prot = o.prot;
      return;
    }
    case 'write': {
      const page = model.get(o.page);
      const ok = page !== undefined && (page.prot & PROT_WRITE) !== 0;
      expect(copyToUser(as, va(o.page), Uint8Array.of(o.byte))).toBe(ok ? 0 : -EFAULT);
      if (ok) page.cell.byte = o.byte;
      return;
    }
    case 'read': {
      const page = model.get(o.page);
      const ok = page !== undefined && page.prot !== PROT_NONE;
      expect(copyFromUser(as, va(o.page), 1)).toEqual(ok ? { ok: true, value: Uint8Array.of(page.cell.byte) } : { ok: false, errno: EFAULT });
      return;
    }
    case 'fork': {
      if (procs.length >= 4) return;
      const child = forkAddressSpace(as, next.pid++)!;
      const copy = (page: Page): Page => ({ ...page, cell: page.object === 0 ? { ...page.cell } : page.cell });
      procs.push({ as: child, model: new Map([...model].map(([p, page]) => [p, copy(page)])) });
      return;
    }
    case 'exit': {
      if (procs.length === 1) return;
      as.destroy();
      procs.splice(procs.indexOf(proc), 1);
      return;
    }
  }
}

// Runs of consecutive mapped pages with one protection and one backing (the
// same shared mapping, at consecutive offsets): the VMAs Linux would have.
function runs(model: Model): number {
  let n = 0;
  for (let p = 0; p < PAGES; p++) {
    const page = model.get(p);
    const prev = model.get(p - 1);
    if (page === undefined) continue;
    const continues = prev !== undefined && prev.prot === page.prot && prev.object === page.object &&
      (page.object === 0 || prev.index + 1 === page.index);
    if (!continues) n++;
  }
  return n;
}

describe('the kernel against a page model', () => {
  it('agrees on every step of random mmap/munmap/mprotect/madvise/read/write/fork/exit sequences', () => {
    fc.assert(
      fc.property(fc.array(op, { minLength: 1, maxLength: 60, size: 'max' }), (ops) => {
        const kmem = new Kmem({ mem: new ArrayPhysicalMemory(1024 * 1024) });
        const procs: Proc[] = [{ as: AddressSpace.create(kmem, 1)!, model: new Map() }];
        const next = { pid: 2, object: 1 };
        for (const { proc, op: o } of ops) {
          apply(procs, next, proc, o);
          kmem.checkInvariants();
          for (const p of procs) {
            checkAddressSpace(p.as);
            expect(p.as.vmas().length).toBe(runs(p.model) + 1); // + the stack
          }
        }
        for (const p of procs) p.as.destroy();
        expect(kmem.frames.framesByOwner()).toEqual({ free: 256 });
        expect(kmem.backingObjects()).toEqual({ files: 0, shared: 0 });
      }),
      { seed: 20261125, numRuns: 400 },
    );
  });
});
