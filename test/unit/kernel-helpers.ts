// Shared by the kernel unit tests that build address spaces directly on a
// Kmem (no hart, no processes): free an address space after checking it, and
// check the allocators' accounting once every address space is gone.
import { expect } from 'vitest';
import type { AddressSpace } from '../../src/kernel/addrspace.js';
import { checkAddressSpace } from '../../src/kernel/check.js';
import type { Kmem } from '../../src/kernel/kmem.js';

/** Check the address space's VMAs and page table agree, then free it. */
export function finish(as: AddressSpace): void {
  checkAddressSpace(as);
  as.destroy();
}

/**
 * After a test has freed its address spaces: the allocators are consistent,
 * no file image or shared object is left, and every frame has one owner.
 */
export function checkKmemAccounting(kmem: Kmem): void {
  kmem.checkInvariants();
  expect(kmem.backingObjects()).toEqual({ files: 0, shared: 0 });
  expect(Object.values(kmem.frames.framesByOwner()).reduce((a, b) => a + b, 0)).toBe(kmem.frames.nframes);
}
