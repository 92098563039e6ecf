import { afterEach, describe, expect, it } from 'vitest';
import { Machine } from '../../src/machine/index.js';
import { readElf, symbolValue } from '../../src/elf/index.js';
import { MachinePhysicalMemory } from '../../src/kernel/machine-phys.js';
import { Kmem } from '../../src/kernel/kmem.js';
import { AddressSpace } from '../../src/kernel/addrspace.js';
import { checkAddressSpace } from '../../src/kernel/check.js';
import { loadSegments } from '../../src/kernel/loader.js';
import { accessForCause, handlePageFault, type Access } from '../../src/kernel/fault.js';
import { forkAddressSpace } from '../../src/kernel/fork.js';
import { MAP_ANONYMOUS, MAP_FIXED, MAP_PRIVATE, PROT_EXEC, PROT_NONE, PROT_READ, PROT_WRITE, sysMmap } from '../../src/kernel/mm-syscalls.js';
import { PX, PTE_A, PTE_D, PTE_R, PTE_U, PTE_W, PTE_X, PTE_COW, isLeaf, lookupPte, translate } from '../../src/kernel/vm.js';
import { copyFromUser } from '../../src/kernel/uaccess.js';
import { fixture } from '../fixtures/elf/samples.js';
import { openPmp } from './hart-helpers.js';

// The kernel writes Sv32 page tables into the Machine's RAM; the Wasm MMU
// walks them. These tests check the two agree on every page.

const PAGE = 4096;
const CSR_SATP = 0x180;
const CSR_MEDELEG = 0x302;
const CAUSE_USER_ECALL = 8;
const PROG = readElf(fixture('prog-rv32.elf'));

let kmem: Kmem;

afterEach(() => {
  kmem.checkInvariants();
});

async function boot(ad: 'update' | 'fault' = 'update'): Promise<Machine> {
  const m = openPmp(await Machine.create({ ramBytes: 4 * 1024 * 1024, hostTraps: true, ad }));
  kmem = new Kmem({ mem: new MachinePhysicalMemory(m), ad });
  // Page faults and U-mode ecalls go to S-mode, where hostTraps hands them to us.
  m.writeCsr(CSR_MEDELEG, (1 << 12) | (1 << 13) | (1 << 15) | (1 << CAUSE_USER_ECALL));
  return m;
}

// What the kernel's page table says an access at va should do: the physical address, or the page-fault cause.
function expected(as: AddressSpace, va: number, access: Access): { pa: number } | { cause: number } {
  const pte = lookupPte(kmem, as.root, va);
  const need = access === 'load' ? PTE_R : access === 'store' ? PTE_W : PTE_X;
  // Under Svade an access that would have to set A or D faults instead.
  const ad = kmem.ad === 'update' ? 0 : access === 'store' ? PTE_A | PTE_D : PTE_A;
  if (isLeaf(pte) && pte & PTE_U && pte & need && (pte & ad) === ad) return { pa: translate(kmem, as.root, va)! };
  return { cause: access === 'fetch' ? 12 : access === 'load' ? 13 : 15 };
}

// Compare the Machine's translation with the kernel's for every page of every VMA and every access.
function compareAll(m: Machine, as: AddressSpace): number {
  m.writeCsr(CSR_SATP, as.satp());
  m.priv = 0;
  let compared = 0;
  for (const vma of as.vmas()) {
    for (let va = vma.start; va < vma.end; va += PAGE) {
      for (const access of ['fetch', 'load', 'store'] as const) {
        const got = m.translate(va + 0x123, access);
        const want = expected(as, va + 0x123, access);
        expect('pa' in got ? { pa: got.pa } : { cause: got.cause }).toEqual(want);
        if ('pa' in want) {
          // The walk read the kernel's PTEs: the root entry for VPN[1], then the level-0 entry for VPN[0].
          expect(got.steps.map((s) => s.pteAddress)).toEqual([
            as.root + 4 * PX(kmem.mode, 1, va),
            (kmem.mem.read32(as.root + 4 * PX(kmem.mode, 1, va)) >>> 10) * PAGE + 4 * PX(kmem.mode, 0, va),
          ]);
        }
        compared++;
      }
    }
  }
  return compared;
}

describe('kernel page tables on the Wasm MMU', () => {
  for (const ad of ['update', 'fault'] as const) {
    it(`translate exactly as the kernel says, for every page, access and permission (ad: ${ad})`, async () => {
      const m = await boot(ad);
      const as = AddressSpace.create(kmem, 1)!;
      loadSegments(as, PROG.segments, { path: '/bin/prog', eager: true });
      const fixed = (va: number, pages: number, prot: number) =>
        expect(sysMmap(as, va, pages * PAGE, prot, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, 0xffff_ffff, 0)).toBe(va);
      fixed(0x4000_0000, 3, PROT_READ | PROT_WRITE);
      fixed(0x4040_0000, 1, PROT_EXEC);
      fixed(0x4080_0000, 1, PROT_NONE);
      expect(handlePageFault(as, { va: 0x4000_0000, access: 'store', pc: 0 }).faultClass).toBe('demand-zero');
      expect(handlePageFault(as, { va: 0x4000_2000, access: 'load', pc: 0 }).faultClass).toBe('demand-zero');
      expect(handlePageFault(as, { va: 0x4040_0000, access: 'fetch', pc: 0 }).faultClass).toBe('demand-zero');
      // Pages: text 2, data 1, anonymous 3, execute-only 1, PROT_NONE 1, stack 1; three accesses each.
      expect(compareAll(m, as)).toBe(3 * 9);
      // After fork, the parent's private writable pages are COW: readable, not writable, on the MMU too.
      const child = forkAddressSpace(as, 2)!;
      expect(lookupPte(kmem, as.root, 0x4000_0000) & (PTE_W | PTE_COW)).toBe(PTE_COW);
      expect(m.translate(0x4000_0000, 'store')).toMatchObject({ cause: 15 });
      compareAll(m, child);
      compareAll(m, as);
      checkAddressSpace(as);
      checkAddressSpace(child);
      child.destroy();
      as.destroy();
    });
  }

  const RUN_FAULTS = {
    // The text page on the first fetch; the data page on the load of `value`. The store to
    // `counter`, in bss on the same page, needs no fault: the page was mapped writable...
    update: ['fetch 10000 at 10000: file-backed', 'load 11021 at 10008: file-backed'],
    // ...unless the hart leaves D to the kernel (Svade): the page was mapped clean.
    fault: ['fetch 10000 at 10000: file-backed', 'load 11021 at 10008: file-backed', 'store 11025 at 10010: ad-update'],
  };
  for (const ad of ['update', 'fault'] as const) {
    it(`runs a user program with demand paging: each fault handled by the kernel, then exit by ecall (ad: ${ad})`, async () => {
      const m = await boot(ad);
      const as = AddressSpace.create(kmem, 1)!;
      loadSegments(as, PROG.segments, { path: '/bin/prog' });
      m.writeCsr(CSR_SATP, as.satp());
      m.priv = 0;
      m.pc = PROG.entry;
      m.setReg(3, symbolValue(PROG, '__global_pointer$')!); // gp, which the program's crt would set
      const faults: string[] = [];
      for (let round = 0; round < 10; round++) {
        const stop = m.run({ maxInstructions: 1000 });
        if (stop.kind !== 'trap') throw new Error(`unexpected stop ${stop.kind}`);
        if (stop.cause === CAUSE_USER_ECALL) break;
        const access = accessForCause(stop.cause)!;
        const outcome = handlePageFault(as, { va: stop.tval, access, pc: stop.epc });
        faults.push(`${access} ${stop.tval.toString(16)} at ${stop.epc.toString(16)}: ${outcome.faultClass}`);
        expect(outcome.action, faults.join('; ')).toBe('resume');
        m.sfenceVma(stop.tval, as.asid); // the PTE changed: drop any cached copy
        m.priv = 0; // back to the faulting instruction in U-mode
        m.pc = stop.epc;
      }
      expect(faults).toEqual(RUN_FAULTS[ad]);
      expect([m.getReg(10), m.getReg(17)]).toEqual([42, 93]); // a0 = value, a7 = exit
      expect(copyFromUser(as, 0x11025, 4)).toEqual({ ok: true, value: Uint8Array.of(42, 0, 0, 0) });
      checkAddressSpace(as);
      as.destroy();
      expect(kmem.frames.framesByOwner()).toEqual({ free: 1024 });
    });
  }
});
