import type { AddressSpace } from './addrspace.js';
import { EFAULT, ENAMETOOLONG } from './errno.js';
import { panic } from './errors.js';
import { handlePageFault, type Access } from './fault.js';
import { PGSIZE, pgRoundDown } from './param.js';
import { PTE_COW, PTE_R, PTE_U, PTE_W, copyIn, copyOut, isLeaf, lookupPte, type UserResult } from './vm.js';

/**
 * Kernel access to user memory for system calls (Linux's copy_to_user and
 * friends). vm.ts's copyIn/copyOut only follow the page table; these first
 * touch each page the way the hart would, so a buffer in not-yet-faulted bss
 * is demand-paged in, a copy-on-write page is copied before the kernel writes
 * it, and the stack may grow. A pointer the fault handler would kill the
 * process for yields EFAULT instead; nothing outside the user's pages is
 * touched.
 */

/** Copy bytes to user address va: 0 or -EFAULT. */
export function copyToUser(as: AddressSpace, va: number, bytes: Uint8Array): number {
  if (!faultInRange(as, va, bytes.length, 'store')) return -EFAULT;
  return copyOut(as.kmem, as.root, va, bytes);
}

/** Copy len bytes from user address va. */
export function copyFromUser(as: AddressSpace, va: number, len: number): UserResult<Uint8Array> {
  if (!faultInRange(as, va, len, 'load')) return { ok: false, errno: EFAULT };
  return copyIn(as.kmem, as.root, va, len);
}

/** A NUL-terminated string of at most max bytes (NUL included) from user address va. */
export function copyStringFromUser(as: AddressSpace, va: number, max: number): UserResult<string> {
  const bytes: number[] = [];
  while (bytes.length < max) {
    const n = Math.min(PGSIZE - (va - pgRoundDown(va)), max - bytes.length);
    const chunk = copyFromUser(as, va, n);
    if (!chunk.ok) return chunk;
    const nul = chunk.value.indexOf(0);
    if (nul >= 0) {
      bytes.push(...chunk.value.subarray(0, nul));
      return { ok: true, value: new TextDecoder().decode(Uint8Array.from(bytes)) };
    }
    bytes.push(...chunk.value);
    va += n;
  }
  return { ok: false, errno: ENAMETOOLONG };
}

// Fault in every page of [va, va + len) that is not ready for `access`; false
// if one of them is not a legal user page.
function faultInRange(as: AddressSpace, va: number, len: number, access: Access): boolean {
  if (!Number.isInteger(len) || len < 0) panic('faultInRange', `bad length ${len}`);
  if (len === 0) return true;
  if (va < 0 || va + len > 2 ** as.kmem.mode.vaBits) return false;
  for (let page = pgRoundDown(va); page < va + len; page += PGSIZE) {
    if (pageReady(lookupPte(as.kmem, as.root, page), access)) continue;
    if (handlePageFault(as, { va: Math.max(page, va), access, pc: 0 }).action === 'kill') return false;
  }
  return true;
}

function pageReady(pte: number, access: Access): boolean {
  if (!isLeaf(pte) || (pte & PTE_U) === 0) return false;
  return access === 'store' ? (pte & PTE_W) !== 0 && (pte & PTE_COW) === 0 : (pte & PTE_R) !== 0;
}
