import { afterEach, describe, expect, it } from 'vitest';
import { readElf, PT_LOAD, type ElfSegment } from '../../src/elf/index.js';
import { ArrayPhysicalMemory } from '../../src/kernel/phys.js';
import { Kmem } from '../../src/kernel/kmem.js';
import { AddressSpace } from '../../src/kernel/addrspace.js';
import { loadSegments } from '../../src/kernel/loader.js';
import { formatMaps } from '../../src/kernel/maps.js';
import { handlePageFault } from '../../src/kernel/fault.js';
import { copyFromUser } from '../../src/kernel/uaccess.js';
import { PTE_A, PTE_D, PTE_R, PTE_U, PTE_V, PTE_W, PTE_X, lookupPte, mapPages, unmapPages, walk } from '../../src/kernel/vm.js';
import { MAP_ANONYMOUS, MAP_FIXED, MAP_PRIVATE, PROT_EXEC, PROT_READ, PROT_WRITE, sysMmap, sysMprotect } from '../../src/kernel/mm-syscalls.js';
import { checkAddressSpace } from '../../src/kernel/check.js';
import { checkKmemAccounting, finish } from './kernel-helpers.js';
import { fixture } from '../fixtures/elf/samples.js';

const BASE = 0x8000_0000;
const PAGE = 4096;
const FILE = fixture('prog-rv32.elf');
const SEGMENTS = readElf(FILE).segments;

let kmem: Kmem;

function newKmem(ramBytes = 4 * 1024 * 1024, ad: 'update' | 'fault' = 'update'): Kmem {
  kmem = new Kmem({ mem: new ArrayPhysicalMemory(ramBytes), ad });
  return kmem;
}

afterEach(() => checkKmemAccounting(kmem)); // every test frees its address spaces

function segment(fields: Partial<ElfSegment>): ElfSegment {
  return { type: PT_LOAD, flags: 4, offset: 0, vaddr: 0x10000, paddr: 0, filesz: 0, memsz: 0, align: PAGE, data: new Uint8Array(0), ...fields };
}

describe('address space creation', () => {
  it('keeps its mm record and VMA records in RAM', () => {
    newKmem();
    const as = AddressSpace.create(kmem, 3)!;
    // kmalloc took frame 0 for the 32-byte class: the mm record at +0, the stack VMA at +32.
    expect(as.pa).toBe(BASE);
    expect(as.root).toBe(BASE + PAGE);
    expect(as.asid).toBe(1);
    const words = (pa: number) => Array.from({ length: 8 }, (_, i) => kmem.mem.read32(pa + 4 * i));
    // root, asid, pid, first VMA, start_brk, brk, stack limit, mmap base
    expect(words(BASE)).toEqual([BASE + PAGE, 1, 3, BASE + 32, 0, 0, 0x80_0000, 0x7800_0000]);
    // next, start, end, flags (VM_READ|VM_WRITE|VM_GROWSDOWN), backing, id, offset, name id of "[stack]"
    expect(words(BASE + 32)).toEqual([0, 0x7fff_f000, 0x8000_0000, 0x103, 0, 0, 0, 1]);
    expect(as.satp()).toBe(0x8040_0000 + (BASE + PAGE) / PAGE);
    expect(formatMaps(as)).toBe('7ffff000-80000000 rw-p 00000000 00:00 0          [stack]\n');
    expect(kmem.frames.framesByOwner()).toEqual({ slab: 1, 'page-table': 1, free: 1022 });
    finish(as);
    expect(kmem.frames.framesByOwner()).toEqual({ free: 1024 });
  });

  it('gives each address space its own ASID and reuses freed ones', () => {
    newKmem();
    const a = AddressSpace.create(kmem, 1)!;
    const b = AddressSpace.create(kmem, 2)!;
    expect([a.asid, b.asid]).toEqual([1, 2]);
    finish(a);
    const c = AddressSpace.create(kmem, 3)!;
    expect(c.asid).toBe(1);
    finish(b);
    finish(c);
  });

  it('places mmap below the stack gap: 128 MiB, or the stack limit plus guard gap if larger', () => {
    newKmem();
    const small = AddressSpace.create(kmem, 1, { stackLimit: 64 * 1024 })!;
    const big = AddressSpace.create(kmem, 2, { stackLimit: 256 * 1024 * 1024 })!;
    expect(small.mmapBase).toBe(0x7800_0000);
    expect(big.mmapBase).toBe(0x8000_0000 - 256 * 1024 * 1024 - 1024 * 1024);
    expect(() => AddressSpace.create(kmem, 3, { stackLimit: 100 })).toThrow('stack limit 100 must be whole pages');
    expect(() => AddressSpace.create(kmem, 0)).toThrow('bad pid 0');
    finish(small);
    finish(big);
  });

  it('returns null and leaks nothing when RAM is exhausted', () => {
    newKmem(2 * PAGE);
    const hog = kmem.frames.allocFrame({ pid: 9 })!; // one frame left: the mm record's slab gets it, the root does not
    expect(AddressSpace.create(kmem, 1)).toBeNull();
    expect(kmem.frames.framesByOwner()).toEqual({ 'pid 9': 1, free: 1 });
    kmem.frames.freeFrame(hog);
  });
});

describe('loading ELF segments', () => {
  it('makes one file-backed VMA per segment, named after the program, and starts the heap after bss', () => {
    newKmem();
    const as = AddressSpace.create(kmem, 1)!;
    expect(loadSegments(as, SEGMENTS, { path: '/bin/prog' })).toBe(true);
    // Text: offset 0 vaddr 0xf000 filesz 0x1021; data: offset 0x1021 vaddr 0x11021 filesz 4 memsz 0x17.
    expect(formatMaps(as)).toBe(
      '0000f000-00011000 r-xp 00000000 00:00 0          /bin/prog\n' +
        '00011000-00012000 rw-p 00001000 00:00 0          /bin/prog\n' +
        '7ffff000-80000000 rw-p 00000000 00:00 0          [stack]\n',
    );
    expect([as.startBrk, as.brk]).toEqual([0x12000, 0x12000]);
    // Demand paging: nothing is mapped yet.
    expect(kmem.frames.framesByOwner()['pid 1']).toBeUndefined();
    finish(as);
  });

  it('fills pages from the file on first touch, zeros past filesz', () => {
    newKmem();
    const as = AddressSpace.create(kmem, 1)!;
    loadSegments(as, SEGMENTS, { path: '/bin/prog' });
    expect(handlePageFault(as, { va: 0xf000, access: 'fetch', pc: 0xf000 })).toEqual({ action: 'resume', faultClass: 'file-backed' });
    expect(copyFromUser(as, 0xf000, 4)).toEqual({ ok: true, value: Uint8Array.of(0x7f, 0x45, 0x4c, 0x46) });
    const text = copyFromUser(as, 0x10000, PAGE);
    expect(text.ok && text.value.subarray(0, 0x21)).toEqual(FILE.subarray(0x1000, 0x1021));
    expect(text.ok && text.value.subarray(0x21).every((b) => b === 0)).toBe(true);
    // The text page is R-X and user; the kernel's read set A, nothing set D.
    expect(lookupPte(kmem, as.root, 0x10000) & 0xff).toBe(PTE_V | PTE_R | PTE_X | PTE_U | PTE_A);
    const data = copyFromUser(as, 0x11000, PAGE);
    expect(data.ok && Array.from(data.value.subarray(0x20, 0x26))).toEqual([0, 0x2a, 0, 0, 0, 0]);
    expect(data.ok && data.value.filter((b) => b !== 0).length).toBe(1);
    expect(lookupPte(kmem, as.root, 0x11000) & 0xff).toBe(PTE_V | PTE_R | PTE_W | PTE_U | PTE_A);
    expect(as.faults['file-backed']).toBe(3);
    expect(kmem.frames.framesByOwner()['pid 1']).toBe(3);
    finish(as);
  });

  it('keeps file offsets exact when a file-backed VMA is split and merged', () => {
    newKmem();
    const as = AddressSpace.create(kmem, 1)!;
    loadSegments(as, SEGMENTS, { path: '/bin/prog' });
    expect(sysMprotect(as, 0x10000, PAGE, PROT_READ)).toBe(0);
    expect(formatMaps(as).split('\n').slice(0, 3)).toEqual([
      '0000f000-00010000 r-xp 00000000 00:00 0          /bin/prog',
      '00010000-00011000 r--p 00001000 00:00 0          /bin/prog',
      '00011000-00012000 rw-p 00001000 00:00 0          /bin/prog',
    ]);
    expect(copyFromUser(as, 0x10000, 4)).toEqual({ ok: true, value: FILE.subarray(0x1000, 0x1004) });
    expect(sysMprotect(as, 0x10000, PAGE, PROT_READ | PROT_EXEC)).toBe(0);
    expect(formatMaps(as).split('\n')[0]).toBe('0000f000-00011000 r-xp 00000000 00:00 0          /bin/prog');
    expect(as.vmas().length).toBe(3); // text, data, stack again
    finish(as);
  });

  it('maps everything up front when eager', () => {
    newKmem(4 * 1024 * 1024, 'fault');
    const as = AddressSpace.create(kmem, 1)!;
    loadSegments(as, SEGMENTS, { path: '/bin/prog', eager: true });
    expect(kmem.frames.framesByOwner()['pid 1']).toBe(3);
    expect(as.faults['file-backed']).toBe(0); // no faults were taken
    // Under Svade eager pages look read once: A set, D clear.
    expect(lookupPte(kmem, as.root, 0x11000) & 0xff).toBe(PTE_V | PTE_R | PTE_W | PTE_U | PTE_A);
    expect(lookupPte(kmem, as.root, 0xf000) & PTE_D).toBe(0);
    finish(as);
  });

  it('gives bss beyond the file pages an anonymous VMA', () => {
    newKmem();
    const as = AddressSpace.create(kmem, 1)!;
    const data = Uint8Array.of(1, 2, 3, 4);
    loadSegments(as, [
      segment({ flags: 5, offset: 0, vaddr: 0x10000, filesz: 4, memsz: 4, data }),
      segment({ flags: 6, offset: 0x1ffc, vaddr: 0x20ffc, filesz: 4, memsz: 0x3000, data }),
      segment({ flags: 6, offset: 0, vaddr: 0x30000, filesz: 0, memsz: 0x10 }),
    ], { path: 'prog' });
    expect(formatMaps(as)).toBe(
      '00010000-00011000 r-xp 00000000 00:00 0          prog\n' +
        '00020000-00021000 rw-p 00001000 00:00 0          prog\n' +
        '00021000-00024000 rw-p 00000000 00:00 0 \n' +
        '00030000-00031000 rw-p 00000000 00:00 0 \n' +
        '7ffff000-80000000 rw-p 00000000 00:00 0          [stack]\n',
    );
    expect(as.brk).toBe(0x31000);
    expect(() => handlePageFault(as, { va: -1, access: 'load', pc: 0 })).toThrow('page fault at -1 (pc 0): not 32-bit register values');
    expect(handlePageFault(as, { va: 0x22000, access: 'load', pc: 0 })).toEqual({ action: 'resume', faultClass: 'demand-zero' });
    expect(copyFromUser(as, 0x20ffc, 8)).toEqual({ ok: true, value: Uint8Array.of(1, 2, 3, 4, 0, 0, 0, 0) });
    finish(as);
  });

  it('leaves a segment without permissions unmapped even when eager', () => {
    newKmem();
    const as = AddressSpace.create(kmem, 1)!;
    loadSegments(as, [segment({ flags: 0, memsz: 0x2000 }), segment({ flags: 4, vaddr: 0x20000, memsz: 0x10 })], { path: 'p', eager: true });
    expect(formatMaps(as)).toBe(
      '00010000-00012000 ---p 00000000 00:00 0 \n' + '00020000-00021000 r--p 00000000 00:00 0 \n' +
        '7ffff000-80000000 rw-p 00000000 00:00 0          [stack]\n',
    );
    expect(kmem.frames.framesByOwner()['pid 1']).toBe(1);
    finish(as);
  });

  it('rejects segments no executable may have', () => {
    newKmem();
    const as = AddressSpace.create(kmem, 1)!;
    const four = new Uint8Array(4);
    expect(() => loadSegments(as, [], { path: 'p' })).toThrow('p: no PT_LOAD segment to load');
    expect(() => loadSegments(as, [segment({ filesz: 4, memsz: 2, data: four })], { path: 'p' })).toThrow('exceeds memsz');
    expect(() => loadSegments(as, [segment({ vaddr: 0x7fff_f000, memsz: 0x2000 })], { path: 'p' })).toThrow('outside user space');
    expect(() => loadSegments(as, [segment({ vaddr: 0x100, memsz: 4 })], { path: 'p' })).toThrow('outside user space');
    expect(() => loadSegments(as, [segment({ offset: 4, vaddr: 0x10000, filesz: 4, memsz: 4, data: four })], { path: 'p' })).toThrow('vaddr and offset differ');
    expect(() => loadSegments(as, [segment({ memsz: 0x10 }), segment({ offset: 0x800, vaddr: 0x10800, memsz: 0x10 })], { path: 'p' })).toThrow(
      'p: segment pages 0x00010000-0x00011000 overlap another mapping',
    );
    expect(as.vmas().length).toBe(1); // nothing was added
    finish(as);
  });
});

describe('checkAddressSpace', () => {
  const fixed = (as: AddressSpace, va: number, prot: number) =>
    expect(sysMmap(as, va, PAGE, prot, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, 0xffff_ffff, 0)).toBe(va);

  it('notices a page mapped outside any VMA', () => {
    newKmem();
    const as = AddressSpace.create(kmem, 1)!;
    mapPages(kmem, as.root, 0x5000_0000, PAGE, kmem.frames.allocFrame({ pid: 1 })!, PTE_R | PTE_U);
    expect(() => checkAddressSpace(as)).toThrow('checkAddressSpace: page 0x50000000 is mapped outside any VMA');
    unmapPages(kmem, as.root, 0x5000_0000, 1, true);
    finish(as);
  });

  it('notices a PTE whose permissions disagree with its VMA', () => {
    newKmem();
    const as = AddressSpace.create(kmem, 1)!;
    fixed(as, 0x4000_0000, PROT_READ | PROT_WRITE);
    handlePageFault(as, { va: 0x4000_0000, access: 'store', pc: 0 });
    const ptePa = walk(kmem, as.root, 0x4000_0000, false)!;
    kmem.mem.write32(ptePa, kmem.mem.read32(ptePa) & ~PTE_W);
    expect(() => checkAddressSpace(as)).toThrow('checkAddressSpace: page 0x40000000 has permissions 0x00000013, its VMA gives 0x00000017');
    kmem.mem.write32(ptePa, kmem.mem.read32(ptePa) | PTE_W);
    finish(as);
  });

  it('notices neighbours that should have been merged', () => {
    newKmem();
    const as = AddressSpace.create(kmem, 1)!;
    fixed(as, 0x4000_0000, PROT_READ);
    fixed(as, 0x4000_1000, PROT_READ | PROT_WRITE);
    as.findVma(0x4000_1000)!.flags = as.findVma(0x4000_0000)!.flags; // behind the kernel's back
    expect(() => checkAddressSpace(as)).toThrow(/^checkAddressSpace: vma 0x40000000-0x40001000 flags 1 and vma 0x40001000-0x40002000 flags 1 should have been merged$/);
    as.destroy();
  });
});
