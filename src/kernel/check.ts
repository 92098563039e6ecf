import { TASK_SIZE, type AddressSpace } from './addrspace.js';
import { panic } from './errors.js';
import { hex, isPageAligned, pgRoundDown } from './param.js';
import {
  PTE_COW, PTE_G, PTE_R, PTE_U, PTE_V, PTE_W, PTE_X, PTE2PA, isLeaf, isPresent, levelPageSize,
} from './vm.js';
import { VM_SHARED, canMerge } from './vma.js';

// The PTE bits the kernel decides (A and D are the hart's, or the fault handler's).
const PERM_BITS = PTE_V | PTE_R | PTE_W | PTE_X | PTE_U | PTE_G | PTE_COW;

/**
 * Check that an address space is consistent, panicking on the first
 * problem: VMAs sorted, page-aligned, inside user space, not overlapping, and
 * not mergeable with a neighbour, each record in a slab object; every present
 * page inside a VMA, with a referenced frame and the permissions the VMA
 * gives it. A private writable page may carry the COW marker instead of W
 * even once its frame is unshared: the next store takes it back.
 */
export function checkAddressSpace(as: AddressSpace): void {
  const fn = 'checkAddressSpace';
  const vmas = as.vmas();
  vmas.forEach((vma, i) => {
    if (!isPageAligned(vma.start) || !isPageAligned(vma.end) || vma.start >= vma.end || vma.end > TASK_SIZE) {
      panic(fn, `bad range in ${vma}`);
    }
    const prev = vmas[i - 1];
    if (prev !== undefined && prev.end > vma.start) panic(fn, `${prev} overlaps or is out of order with ${vma}`);
    if (prev !== undefined && canMerge(prev, vma)) panic(fn, `${prev} and ${vma} should have been merged`);
    if (as.kmem.frames.ownerOf(pgRoundDown(vma.pa)) !== 'slab') panic(fn, `${vma} record is not in a slab`);
  });
  forEachPresentPage(as, (va, pte) => {
    const vma = vmas.find((v) => v.contains(va));
    if (vma === undefined) panic(fn, `page ${hex(va)} is mapped outside any VMA`);
    const pa = PTE2PA(pte);
    if (as.kmem.frames.refCount(pa) < 1) panic(fn, `page ${hex(va)} maps unreferenced frame ${hex(pa)}`);
    const want = as.pagePerm(vma, pa);
    const have = pte & PERM_BITS;
    const lazyCow = (vma.flags & VM_SHARED) === 0 && (want & PTE_W) !== 0 && have === ((want & ~PTE_W) | PTE_COW);
    if (have !== want && !lazyCow) panic(fn, `page ${hex(va)} has permissions ${hex(have)}, its VMA gives ${hex(want)}`);
  });
}

// Call visit for every present level-0 PTE of the address space.
function forEachPresentPage(as: AddressSpace, visit: (va: number, pte: number) => void): void {
  const { mode } = as.kmem;
  const entries = 2 ** mode.vpnBits;
  const walkTable = (table: number, level: number, base: number): void => {
    // One read of the whole table page: this check runs after every step of the property tests.
    const bytes = as.kmem.mem.read(table, entries * mode.pteBytes);
    const ptes = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const span = levelPageSize(mode, level);
    for (let i = 0; i < entries; i++) {
      const pte = ptes.getUint32(i * mode.pteBytes, true);
      if (!isPresent(pte)) continue;
      const va = base + i * span;
      if (level === 0) visit(va, pte);
      else if (isLeaf(pte) || (pte & PTE_V) === 0) panic('checkAddressSpace', `level-${level} entry for ${hex(va)} is not a table pointer`);
      else walkTable(PTE2PA(pte), level - 1, va);
    }
  };
  walkTable(as.root, mode.levels - 1, 0);
}
