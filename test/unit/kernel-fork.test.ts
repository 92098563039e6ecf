import { afterEach, describe, expect, it } from 'vitest';
import { ArrayPhysicalMemory } from '../../src/kernel/phys.js';
import { Kmem } from '../../src/kernel/kmem.js';
import { AddressSpace } from '../../src/kernel/addrspace.js';
import { handlePageFault } from '../../src/kernel/fault.js';
import { forkAddressSpace } from '../../src/kernel/fork.js';
import { formatMaps } from '../../src/kernel/maps.js';
import { MAP_ANONYMOUS, MAP_FIXED, MAP_PRIVATE, MAP_SHARED, PROT_READ, PROT_WRITE, sysMprotect, sysMmap } from '../../src/kernel/mm-syscalls.js';
import { copyFromUser, copyToUser } from '../../src/kernel/uaccess.js';
import { PTE2PA, PTE_COW, PTE_R, PTE_U, PTE_V, PTE_W, lookupPte } from '../../src/kernel/vm.js';
import { checkKmemAccounting, finish } from './kernel-helpers.js';

const PAGE = 4096;
const RW = PROT_READ | PROT_WRITE;
const NO_FD = 0xffff_ffff;
const PRIV = 0x4000_0000; // two private read-write pages
const SHARED = 0x4001_0000; // one shared page
const RO = 0x4002_0000; // one private read-only page

let kmem: Kmem;

afterEach(() => checkKmemAccounting(kmem)); // every test frees its address spaces

// A parent with every kind of page present.
function parentProcess(ramBytes = 4 * 1024 * 1024): AddressSpace {
  kmem = new Kmem({ mem: new ArrayPhysicalMemory(ramBytes) });
  const as = AddressSpace.create(kmem, 1)!;
  expect(sysMmap(as, PRIV, 2 * PAGE, RW, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, NO_FD, 0)).toBe(PRIV);
  expect(sysMmap(as, SHARED, PAGE, RW, MAP_SHARED | MAP_ANONYMOUS | MAP_FIXED, NO_FD, 0)).toBe(SHARED);
  expect(sysMmap(as, RO, PAGE, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, NO_FD, 0)).toBe(RO);
  expect(copyToUser(as, PRIV, Uint8Array.of(1, 2, 3))).toBe(0);
  expect(copyToUser(as, PRIV + PAGE, Uint8Array.of(4))).toBe(0);
  expect(copyToUser(as, SHARED, Uint8Array.of(5))).toBe(0);
  expect(copyFromUser(as, RO, 1).ok).toBe(true);
  return as;
}

function frameOf(as: AddressSpace, va: number): number {
  return PTE2PA(lookupPte(kmem, as.root, va));
}

function byte(as: AddressSpace, va: number): number {
  const got = copyFromUser(as, va, 1);
  return got.ok ? got.value[0]! : -1;
}

function store(as: AddressSpace, va: number) {
  return handlePageFault(as, { va, access: 'store', pc: 0 }).faultClass;
}

describe('forkAddressSpace', () => {
  it('shares every frame with a reference per mapping, private writable pages copy-on-write', () => {
    const parent = parentProcess();
    const before = kmem.frames.framesByOwner();
    expect(before['pid 1']).toBe(4);
    const child = forkAddressSpace(parent, 2)!;
    expect(formatMaps(child)).toBe(formatMaps(parent));
    expect([child.startBrk, child.brk, child.asid]).toEqual([parent.startBrk, parent.brk, 2]);
    const after = kmem.frames.framesByOwner();
    expect(after['pid 1']).toBe(4); // no page was copied
    expect(after['pid 2']).toBeUndefined();
    // The child's page tables: a root and one level-0 table, which all three mappings share
    // (VPN[1] = 0x100); the stack has no present page, so no table.
    expect(after['page-table']! - before['page-table']!).toBe(2);
    for (const va of [PRIV, PRIV + PAGE]) {
      expect(frameOf(child, va)).toBe(frameOf(parent, va));
      expect(kmem.frames.refCount(frameOf(parent, va))).toBe(2);
      for (const as of [parent, child]) {
        expect(lookupPte(kmem, as.root, va) & (PTE_V | PTE_R | PTE_W | PTE_U | PTE_COW)).toBe(PTE_V | PTE_R | PTE_U | PTE_COW);
      }
    }
    // Shared memory: the object's reference plus one per mapping; still writable.
    expect(kmem.frames.refCount(frameOf(parent, SHARED))).toBe(3);
    expect(lookupPte(kmem, child.root, SHARED) & (PTE_W | PTE_COW)).toBe(PTE_W);
    // Read-only private: shared without the COW marker.
    expect(kmem.frames.refCount(frameOf(parent, RO))).toBe(2);
    expect(lookupPte(kmem, child.root, RO) & (PTE_W | PTE_COW)).toBe(0);
    expect(byte(child, PRIV + 2)).toBe(3);
    finish(child);
    for (const va of [PRIV, PRIV + PAGE, RO]) expect(kmem.frames.refCount(frameOf(parent, va))).toBe(1);
    expect(kmem.frames.refCount(frameOf(parent, SHARED))).toBe(2);
    expect(kmem.frames.framesByOwner()).toEqual(before);
    finish(parent);
  });

  it('copies on the first write, and takes the page back without a copy when unshared', () => {
    const parent = parentProcess();
    const child = forkAddressSpace(parent, 2)!;
    const original = frameOf(parent, PRIV);
    expect(store(child, PRIV)).toBe('copy-on-write');
    const copy = frameOf(child, PRIV);
    expect(copy).not.toBe(original);
    expect(kmem.frames.ownerOf(copy)).toEqual({ pid: 2 });
    expect(kmem.frames.refCount(original)).toBe(1);
    expect(kmem.frames.refCount(copy)).toBe(1);
    expect(lookupPte(kmem, child.root, PRIV) & (PTE_W | PTE_COW)).toBe(PTE_W);
    expect(kmem.mem.read(copy, 3)).toEqual(Uint8Array.of(1, 2, 3));
    // The parent still has the COW marker; its store finds the frame unshared and just re-enables W.
    expect(store(parent, PRIV)).toBe('copy-on-write');
    expect(frameOf(parent, PRIV)).toBe(original);
    expect(lookupPte(kmem, parent.root, PRIV) & (PTE_W | PTE_COW)).toBe(PTE_W);
    expect(kmem.frames.framesByOwner()['pid 2']).toBe(1);
    expect(child.faults['copy-on-write']).toBe(1);
    expect(parent.faults['copy-on-write']).toBe(1);
    // Writes stay private.
    expect(copyToUser(child, PRIV, Uint8Array.of(42))).toBe(0);
    expect([byte(parent, PRIV), byte(child, PRIV)]).toEqual([1, 42]);
    finish(child);
    finish(parent);
  });

  it('kernel writes into a COW page copy it first; shared pages stay shared; read-only pages stay read-only', () => {
    const parent = parentProcess();
    const child = forkAddressSpace(parent, 2)!;
    expect(copyToUser(child, PRIV + PAGE, Uint8Array.of(9))).toBe(0);
    expect([byte(parent, PRIV + PAGE), byte(child, PRIV + PAGE)]).toEqual([4, 9]);
    expect(copyToUser(child, SHARED, Uint8Array.of(6))).toBe(0);
    expect(byte(parent, SHARED)).toBe(6);
    expect(store(child, RO)).toBe('protection');
    // mprotect making a shared private page writable gives it the COW marker, not W.
    expect(sysMprotect(parent, RO, PAGE, RW)).toBe(0);
    expect(lookupPte(kmem, parent.root, RO) & (PTE_W | PTE_COW)).toBe(PTE_COW);
    expect(store(parent, RO)).toBe('copy-on-write');
    expect(frameOf(parent, RO)).not.toBe(frameOf(child, RO));
    finish(child);
    finish(parent);
  });

  it('returns null and undoes the sharing when RAM runs out', () => {
    const parent = parentProcess(16 * PAGE);
    const hogs: number[] = [];
    // Leave one frame: the child's root gets it, its level-0 table cannot.
    while (kmem.frames.freeFrames() > 1) hogs.push(kmem.frames.allocFrame('kernel')!);
    const maps = formatMaps(parent);
    expect(forkAddressSpace(parent, 2)).toBeNull();
    expect(kmem.frames.freeFrames()).toBe(1);
    expect(formatMaps(parent)).toBe(maps);
    expect(kmem.frames.refCount(frameOf(parent, PRIV))).toBe(1);
    expect(byte(parent, PRIV + 1)).toBe(2);
    hogs.forEach((pa) => kmem.frames.freeFrame(pa));
    finish(parent);
  });
});
