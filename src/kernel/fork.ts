import { AddressSpace } from './addrspace.js';
import { PGSIZE } from './param.js';
import { PA2PTE, PTE_A, PTE_D, PTE2PA, isPresent, megapageEnd, readPte, walk, writePte } from './vm.js';
import type { Vma } from './vma.js';

/**
 * The address space of a forked child (xv6's uvmcopy, made copy-on-write):
 * the same VMAs and break, and the same frames, shared with a reference per
 * mapping. Private writable pages lose W in both page tables and get the COW
 * marker, so the first store on either side copies (fault.ts). Shared
 * mappings stay writable in both. Returns null when RAM or ASIDs run out,
 * with the child freed and the parent's frames unshared again.
 *
 * Frames keep their owner (the process that allocated them) while shared.
 * The caller flushes the parent's TLB entries (its PTEs lost W).
 */
export function forkAddressSpace(parent: AddressSpace, childPid: number): AddressSpace | null {
  const child = AddressSpace.createEmpty(parent.kmem, childPid, { stackLimit: parent.stackLimit });
  if (child === null) return null;
  child.startBrk = parent.startBrk;
  child.brk = parent.brk;
  for (const vma of parent.vmas()) {
    const copy = child.addVma(vma.fields());
    if (copy === null) {
      child.destroy();
      return null;
    }
    parent.kmem.holdBacking(vma.backing, vma.backingId);
    if (!sharePages(parent, child, vma)) {
      child.destroy();
      return null;
    }
  }
  return child;
}

// Map every present page of vma into the child too, and rewrite the parent's
// PTE with the permissions the now-shared frame gets (see pagePerm).
function sharePages(parent: AddressSpace, child: AddressSpace, vma: Vma): boolean {
  const kmem = parent.kmem;
  for (let va = vma.start; va < vma.end; va += PGSIZE) {
    const ptePa = walk(kmem, parent.root, va, false);
    if (ptePa === null) {
      va = megapageEnd(kmem.mode, va) - PGSIZE;
      continue;
    }
    const pte = readPte(kmem, ptePa);
    if (!isPresent(pte)) continue;
    const childPtePa = walk(kmem, child.root, va, true);
    if (childPtePa === null) return false;
    const pa = PTE2PA(pte);
    kmem.frames.incRef(pa);
    const shared = (PA2PTE(pa) | (pte & (PTE_A | PTE_D)) | parent.pagePerm(vma, pa)) >>> 0;
    writePte(kmem, ptePa, shared);
    writePte(kmem, childPtePa, shared);
  }
  return true;
}
