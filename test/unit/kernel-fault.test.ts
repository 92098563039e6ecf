import { afterEach, describe, expect, it } from 'vitest';
import { ArrayPhysicalMemory } from '../../src/kernel/phys.js';
import { Kmem } from '../../src/kernel/kmem.js';
import { AddressSpace, FAULT_CLASSES, type FaultClass } from '../../src/kernel/addrspace.js';
import {
  CAUSE_FETCH_PAGE_FAULT, CAUSE_LOAD_PAGE_FAULT, CAUSE_STORE_PAGE_FAULT, SEGV_ACCERR, SEGV_MAPERR, SIGKILL, SIGSEGV,
  accessForCause, formatFaultReport, handlePageFault, type Access,
} from '../../src/kernel/fault.js';
import { MAP_ANONYMOUS, MAP_FIXED, MAP_PRIVATE, PROT_EXEC, PROT_NONE, PROT_READ, PROT_WRITE, sysMmap } from '../../src/kernel/mm-syscalls.js';
import { PTE_A, PTE_D, PTE_R, PTE_U, PTE_V, PTE_W, lookupPte, walk } from '../../src/kernel/vm.js';
import { formatMaps } from '../../src/kernel/maps.js';
import { checkKmemAccounting, finish } from './kernel-helpers.js';

const PAGE = 4096;
const ANON = MAP_PRIVATE | MAP_ANONYMOUS;
const NO_FD = 0xffff_ffff;

let kmem: Kmem;

function setup(options: { ad?: 'update' | 'fault'; ramBytes?: number; stackLimit?: number } = {}): AddressSpace {
  kmem = new Kmem({ mem: new ArrayPhysicalMemory(options.ramBytes ?? 4 * 1024 * 1024), ad: options.ad ?? 'update' });
  const as = AddressSpace.create(kmem, 1, options.stackLimit === undefined ? {} : { stackLimit: options.stackLimit })!;
  as.initBrk(0x20000);
  return as;
}

function fault(as: AddressSpace, va: number, access: Access, pc = 0x10074) {
  return handlePageFault(as, { va, access, pc });
}

function counts(as: AddressSpace): Partial<Record<FaultClass, number>> {
  return Object.fromEntries(Object.entries(as.faults).filter(([, n]) => n > 0));
}

function mmapFixed(as: AddressSpace, va: number, len: number, prot: number): void {
  expect(sysMmap(as, va, len, prot, ANON | MAP_FIXED, NO_FD, 0)).toBe(va);
}

describe('fault vocabulary', () => {
  it('maps scause values to access types', () => {
    expect([CAUSE_FETCH_PAGE_FAULT, CAUSE_LOAD_PAGE_FAULT, CAUSE_STORE_PAGE_FAULT]).toEqual([12, 13, 15]);
    expect([12, 13, 15, 5].map(accessForCause)).toEqual(['fetch', 'load', 'store', null]);
    expect(FAULT_CLASSES).toEqual([
      'demand-zero', 'file-backed', 'stack-growth', 'copy-on-write', 'ad-update', 'spurious', 'protection', 'outside-vma', 'out-of-memory',
    ]);
  });
});

describe('page-fault classes', () => {
  afterEach(() => checkKmemAccounting(kmem)); // every test that made a kernel ends with its accounting checked

  it('demand-zero: maps a zeroed frame with the VMA permissions and U', () => {
    const as = setup();
    mmapFixed(as, 0x4000_0000, 2 * PAGE, PROT_READ | PROT_WRITE);
    expect(fault(as, 0x4000_1234, 'load')).toEqual({ action: 'resume', faultClass: 'demand-zero' });
    const pte = lookupPte(kmem, as.root, 0x4000_1000);
    expect(pte & 0x3ff).toBe(PTE_V | PTE_R | PTE_W | PTE_U);
    expect(kmem.mem.read((pte >>> 10) * PAGE, PAGE).every((b) => b === 0)).toBe(true);
    expect(lookupPte(kmem, as.root, 0x4000_0000)).toBe(0); // only the touched page
    expect(kmem.frames.framesByOwner()['pid 1']).toBe(1);
    // The page is there now: another fault on it is a stale-TLB (spurious) one.
    expect(fault(as, 0x4000_1000, 'store')).toEqual({ action: 'resume', faultClass: 'spurious' });
    expect(counts(as)).toEqual({ 'demand-zero': 1, spurious: 1 });
    finish(as);
  });

  it('stack growth: a fault below the stack extends it, up to the stack limit', () => {
    const as = setup({ stackLimit: 4 * PAGE });
    expect(fault(as, 0x7fff_e800, 'store')).toEqual({ action: 'resume', faultClass: 'stack-growth' });
    expect(fault(as, 0x7fff_c000, 'store')).toEqual({ action: 'resume', faultClass: 'stack-growth' });
    expect(formatMaps(as)).toBe('7fffc000-80000000 rw-p 00000000 00:00 0          [stack]\n');
    const beyond = fault(as, 0x7fff_bffc, 'store');
    expect(beyond.action).toBe('kill');
    expect(beyond.faultClass).toBe('outside-vma');
    expect(counts(as)).toEqual({ 'stack-growth': 2, 'outside-vma': 1 });
    expect(kmem.frames.framesByOwner()['pid 1']).toBe(2);
    finish(as);
  });

  it('stack growth stops at the guard gap above another mapping', () => {
    const as = setup();
    mmapFixed(as, 0x7fe0_0000, PAGE, PROT_READ | PROT_WRITE);
    // 0x7fe01000 + 1 MiB guard gap = 0x7ff01000: the lowest page the stack may take.
    expect(fault(as, 0x7ff0_0fff, 'load').faultClass).toBe('outside-vma');
    expect(fault(as, 0x7ff0_1000, 'load')).toEqual({ action: 'resume', faultClass: 'stack-growth' });
    expect(as.findVma(0x7ff0_1000)!.start).toBe(0x7ff0_1000);
    finish(as);
  });

  it('protection: the VMA forbids the access', () => {
    const as = setup();
    mmapFixed(as, 0x1000_0000, PAGE, PROT_READ | PROT_EXEC);
    mmapFixed(as, 0x1000_2000, PAGE, PROT_NONE);
    mmapFixed(as, 0x1000_4000, PAGE, PROT_EXEC);
    const store = fault(as, 0x1000_0010, 'store', 0x10080);
    expect(store.action).toBe('kill');
    expect(store.action === 'kill' && store.report).toEqual({
      address: 0x1000_0010, access: 'store', pc: 0x10080, faultClass: 'protection',
      signal: SIGSEGV, code: SEGV_ACCERR, maps: formatMaps(as),
    });
    expect(fault(as, 0x1000_2000, 'load').faultClass).toBe('protection');
    expect(fault(as, 0x1000_4000, 'load').faultClass).toBe('protection'); // execute-only
    expect(fault(as, 0x1000_4000, 'fetch').faultClass).toBe('demand-zero');
    expect(fault(as, 0x7fff_f000, 'fetch').faultClass).toBe('protection'); // the stack is not executable
    expect(counts(as)).toEqual({ protection: 4, 'demand-zero': 1 });
    expect(kmem.frames.framesByOwner()['pid 1']).toBe(1);
    finish(as);
  });

  it('outside any VMA: a kill with SEGV_MAPERR and a report', () => {
    const as = setup();
    const nul = fault(as, 0, 'load', 0x10074);
    expect(nul.action === 'kill' && nul.report.signal).toBe(SIGSEGV);
    expect(nul.action === 'kill' && nul.report.code).toBe(SEGV_MAPERR);
    expect(nul.action === 'kill' && formatFaultReport(nul.report)).toBe(
      'page fault: load at 0x00000000, pc 0x00010074: outside-vma; SIGSEGV (SEGV_MAPERR)\n' +
        '7ffff000-80000000 rw-p 00000000 00:00 0          [stack]\n',
    );
    expect(fault(as, 0x8000_0000, 'fetch').faultClass).toBe('outside-vma'); // kernel half
    expect(fault(as, 0x1_0000, 'store').faultClass).toBe('outside-vma');
    expect(counts(as)).toEqual({ 'outside-vma': 3 });
    finish(as);
  });

  it('out of memory: SIGKILL, and no frame leaks', () => {
    const as = setup({ ramBytes: 8 * PAGE });
    mmapFixed(as, 0x1000_0000, 8 * PAGE, PROT_READ | PROT_WRITE);
    const hogs: number[] = [];
    for (let pa = kmem.frames.allocFrame('kernel'); pa !== null; pa = kmem.frames.allocFrame('kernel')) hogs.push(pa);
    const oom = fault(as, 0x1000_0000, 'store');
    expect(oom.action === 'kill' && [oom.report.faultClass, oom.report.signal, oom.report.code]).toEqual(['out-of-memory', SIGKILL, 0]);
    // One frame free: the page gets it, the level-0 table for 0x10000000 cannot; the page goes back.
    kmem.frames.freeFrame(hogs.pop()!);
    expect(fault(as, 0x1000_0000, 'store').faultClass).toBe('out-of-memory');
    expect(kmem.frames.freeFrames()).toBe(1);
    kmem.frames.freeFrame(hogs.pop()!);
    expect(fault(as, 0x1000_0000, 'store')).toEqual({ action: 'resume', faultClass: 'demand-zero' });
    expect(counts(as)).toEqual({ 'out-of-memory': 2, 'demand-zero': 1 });
    hogs.forEach((pa) => kmem.frames.freeFrame(pa));
    finish(as);
  });
});

describe('A/D bits', () => {
  afterEach(() => checkKmemAccounting(kmem)); // every test that made a kernel ends with its accounting checked

  it('Svade: the kernel presets A (and D for stores) on new pages and fixes them on A/D faults', () => {
    const as = setup({ ad: 'fault' });
    mmapFixed(as, 0x1000_0000, 2 * PAGE, PROT_READ | PROT_WRITE);
    expect(fault(as, 0x1000_0000, 'load').faultClass).toBe('demand-zero');
    const ptePa = walk(kmem, as.root, 0x1000_0000, false)!;
    expect(kmem.mem.read32(ptePa) & (PTE_A | PTE_D)).toBe(PTE_A);
    // A store to the clean page: an A/D update fault sets D.
    expect(fault(as, 0x1000_0004, 'store')).toEqual({ action: 'resume', faultClass: 'ad-update' });
    expect(kmem.mem.read32(ptePa) & (PTE_A | PTE_D)).toBe(PTE_A | PTE_D);
    // A page-replacement scan clears A: the next load faults to set it again.
    kmem.mem.write32(ptePa, kmem.mem.read32(ptePa) & ~PTE_A);
    expect(fault(as, 0x1000_0008, 'load')).toEqual({ action: 'resume', faultClass: 'ad-update' });
    expect(kmem.mem.read32(ptePa) & (PTE_A | PTE_D)).toBe(PTE_A | PTE_D);
    expect(fault(as, 0x1000_0008, 'store')).toEqual({ action: 'resume', faultClass: 'spurious' });
    // A first store maps the page dirty at once.
    expect(fault(as, 0x1000_1000, 'store').faultClass).toBe('demand-zero');
    expect(lookupPte(kmem, as.root, 0x1000_1000) & (PTE_A | PTE_D)).toBe(PTE_A | PTE_D);
    expect(counts(as)).toEqual({ 'demand-zero': 2, 'ad-update': 2, spurious: 1 });
    finish(as);
  });

  it('Svadu: the kernel leaves A and D to the hart', () => {
    const as = setup({ ad: 'update' });
    mmapFixed(as, 0x1000_0000, PAGE, PROT_READ | PROT_WRITE);
    fault(as, 0x1000_0000, 'store');
    expect(lookupPte(kmem, as.root, 0x1000_0000) & (PTE_A | PTE_D)).toBe(0);
    expect(fault(as, 0x1000_0000, 'store').faultClass).toBe('spurious');
    finish(as);
  });
});
