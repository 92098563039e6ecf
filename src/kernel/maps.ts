import type { AddressSpace } from './addrspace.js';
import { BACKING_ANON, BACKING_SHARED, VM_EXEC, VM_READ, VM_SHARED, VM_WRITE, type Vma } from './vma.js';

/**
 * /proc/PID/maps, byte for byte as Linux prints it (fs/proc/task_mmu.c,
 * show_vma_header_prefix and show_map_vma) for a 32-bit kernel:
 *
 *   start-end perms offset major:minor inode<space>
 *
 * with start, end and offset as at least 8 lowercase hex digits, then, if the
 * VMA has a name, spaces up to column 25 + 6 * sizeof(void *) - 1 = 48 (the
 * seq_file pad) and one more space before the name. Unnamed lines end with
 * the space after the inode.
 *
 * mmulab has no file system: file-backed VMAs (the program's segments) show
 * device 00:00 and inode 0; shared anonymous memory shows Linux's shmem
 * device 00:01, the shared object's id as its inode, and "/dev/zero (deleted)".
 */
const NAME_COLUMN = 25 + 6 * 4 - 1;

export function formatMaps(as: AddressSpace): string {
  return as.vmas().map(formatMapsLine).join('');
}

export function formatMapsLine(vma: Vma): string {
  const perms =
    (vma.flags & VM_READ ? 'r' : '-') +
    (vma.flags & VM_WRITE ? 'w' : '-') +
    (vma.flags & VM_EXEC ? 'x' : '-') +
    (vma.flags & VM_SHARED ? 's' : 'p');
  const shared = vma.backing === BACKING_SHARED;
  const offset = vma.backing === BACKING_ANON ? 0 : vma.offset;
  const dev = shared ? '00:01' : '00:00';
  const inode = shared ? vma.backingId : 0;
  const prefix = `${hex8(vma.start)}-${hex8(vma.end)} ${perms} ${hex8(offset)} ${dev} ${inode} `;
  const name = vma.name;
  if (name === '') return prefix + '\n';
  return prefix.padEnd(NAME_COLUMN, ' ') + ' ' + name + '\n';
}

function hex8(n: number): string {
  return n.toString(16).padStart(8, '0');
}
