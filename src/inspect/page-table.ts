// A process's page table as a tree of its nonzero entries, read from RAM
// the way the hart's walker reads it (level by level from the root).
import { PGSIZE, PTE_COW, PTE_FLAGS, levelPageSize, type PagingMode } from '../kernel/index.js';
import { decodePte } from './pte.js';
import type { LeafRun, PageTableNode, PteInfo } from './types.js';

/** Reads one aligned 32-bit word of physical memory. */
export type ReadPhys32 = (pa: number) => number;

/**
 * The table at `tablePa` serving `level`, covering virtual addresses from
 * `tableVa`, with every nonzero entry and the subtrees of its pointers.
 */
export function readPageTable(
  mode: PagingMode, read: ReadPhys32, tablePa: number, level = mode.levels - 1, tableVa = 0,
): PageTableNode {
  const entries: PteInfo[] = [];
  const children: PageTableNode[] = [];
  for (let index = 0; index < 2 ** mode.vpnBits; index++) {
    const pte = read(tablePa + index * mode.pteBytes);
    if (pte === 0) continue;
    const e = decodePte(mode, level, tableVa, tablePa, index, pte);
    entries.push(e);
    // A pointer at level 0 is the walker's "no leaf" fault: nothing below it to show.
    if (e.kind === 'pointer' && level > 0) children.push(readPageTable(mode, read, e.pa, level - 1, e.va));
  }
  return { level, pa: tablePa, entries, children, runs: leafRuns(entries) };
}

/**
 * Group one table's leaf entries into runs: consecutive indexes, the same low ten bits
 * (flags and RSW) and consecutive frames, as a program's text or a heap
 * faulted in page by page often is.
 */
export function leafRuns(entries: readonly PteInfo[]): LeafRun[] {
  const runs: LeafRun[] = [];
  let last: PteInfo | null = null;
  for (const e of entries) {
    if (e.kind !== 'leaf') {
      last = null;
      continue;
    }
    const run = runs[runs.length - 1];
    const extends_ = last !== null && run !== undefined && e.index === last.index + 1 &&
      PTE_FLAGS(e.value) === PTE_FLAGS(last.value) && e.ppn === last.ppn + e.size / PGSIZE;
    if (extends_) run!.count++;
    else runs.push({ firstIndex: e.index, count: 1, firstVa: e.va, firstPpn: e.ppn, bits: e.bits, cow: (e.value & PTE_COW) !== 0 });
    last = e;
  }
  return runs;
}

/** The 4 KiB pages the tree maps through valid leaves (a megapage counts as 1024). */
export function mappedPages(mode: PagingMode, node: PageTableNode): number {
  let n = 0;
  for (const e of node.entries) if (e.kind === 'leaf') n += levelPageSize(mode, node.level) / levelPageSize(mode, 0);
  for (const c of node.children) n += mappedPages(mode, c);
  return n;
}
