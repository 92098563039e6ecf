import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ArrayPhysicalMemory } from '../../src/kernel/phys.js';
import { Kmem } from '../../src/kernel/kmem.js';
import { AddressSpace } from '../../src/kernel/addrspace.js';
import { checkAddressSpace } from '../../src/kernel/check.js';
import { forkAddressSpace } from '../../src/kernel/fork.js';
import { handlePageFault } from '../../src/kernel/fault.js';
import {
  MADV_DONTNEED, MAP_ANONYMOUS, MAP_FIXED, MAP_PRIVATE, MAP_SHARED, sysBrk, sysMadvise, sysMmap, sysMprotect, sysMunmap,
} from '../../src/kernel/mm-syscalls.js';
import { ENOMEM } from '../../src/kernel/errno.js';
import { copyToUser } from '../../src/kernel/uaccess.js';

// The same kinds of operations as the model test, in a RAM so small that
// they keep running out of frames and slab objects. Results are not
// predicted; what must hold is that every failure is a clean one (ENOMEM, a
// null, an out-of-memory kill), the kernel's invariants survive every step,
// and freeing everything at the end returns every frame and backing object.

const PAGE = 4096;
const WINDOW = 0x403f_e000;
const FRAMES = 14;

const op = fc.record({
  proc: fc.nat({ max: 3 }),
  kind: fc.constantFrom('mmap', 'mmap-shared', 'munmap', 'mprotect', 'dontneed', 'touch', 'write', 'brk', 'fork', 'exit'),
  page: fc.nat({ max: 3 }),
  count: fc.integer({ min: 1, max: 3 }),
  prot: fc.nat({ max: 7 }),
});

describe('running out of memory', () => {
  it('fails cleanly and leaks nothing, at every step of random sequences', () => {
    fc.assert(
      fc.property(fc.array(op, { minLength: 1, maxLength: 50, size: 'max' }), (ops) => {
        const kmem = new Kmem({ mem: new ArrayPhysicalMemory(FRAMES * PAGE) });
        const first = AddressSpace.create(kmem, 1)!;
        first.initBrk(0x1_0000);
        const procs = [first];
        let pid = 2;
        for (const o of ops) {
          const as = procs[o.proc % procs.length]!;
          const va = WINDOW + o.page * PAGE;
          const len = o.count * PAGE;
          const ok = (r: number, success: number) => expect([success, -ENOMEM]).toContain(r);
          switch (o.kind) {
            case 'mmap':
            case 'mmap-shared': {
              const type = o.kind === 'mmap' ? MAP_PRIVATE : MAP_SHARED;
              ok(sysMmap(as, va, len, o.prot, type | MAP_ANONYMOUS | MAP_FIXED, 0xffff_ffff, 0), va);
              break;
            }
            case 'munmap':
              ok(sysMunmap(as, va, len), 0);
              break;
            case 'mprotect':
              ok(sysMprotect(as, va, len, o.prot), 0);
              break;
            case 'dontneed':
              ok(sysMadvise(as, va, len, MADV_DONTNEED), 0);
              break;
            case 'touch': {
              const outcome = handlePageFault(as, { va, access: o.prot & 2 ? 'store' : 'load', pc: 0 });
              expect(['resume', 'kill']).toContain(outcome.action);
              break;
            }
            case 'write':
              expect([0, -14]).toContain(copyToUser(as, va, new Uint8Array(len).fill(o.prot)));
              break;
            case 'brk':
              expect([as.brk, 0x1_0000 + len]).toContain(sysBrk(as, 0x1_0000 + len));
              break;
            case 'fork': {
              if (procs.length >= 4) break;
              const child = forkAddressSpace(as, pid++);
              if (child !== null) procs.push(child);
              break;
            }
            case 'exit':
              if (procs.length === 1) break;
              as.destroy();
              procs.splice(procs.indexOf(as), 1);
              break;
          }
          kmem.checkInvariants();
          procs.forEach(checkAddressSpace);
        }
        procs.forEach((as) => as.destroy());
        expect(kmem.frames.framesByOwner()).toEqual({ free: FRAMES });
        expect(kmem.backingObjects()).toEqual({ files: 0, shared: 0 });
      }),
      { seed: 4242, numRuns: 400 },
    );
  });
});
