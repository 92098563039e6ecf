// The TLB's valid entries, with the live process each ASID belongs to.
import { PGSHIFT } from '../kernel/index.js';
import type { TlbEntry } from '../machine/index.js';
import { pteBits } from './pte.js';
import type { TlbEntryView } from './types.js';

/** `pidByAsid` maps the ASIDs of live processes to their pids. */
export function tlbView(entries: readonly TlbEntry[], pidByAsid: ReadonlyMap<number, number>): TlbEntryView[] {
  return entries.map((e) => ({
    tlb: e.tlb, set: e.set, way: e.way, asid: e.asid, global: e.global,
    vpn: e.va / 2 ** PGSHIFT, ppn: e.pa / 2 ** PGSHIFT, va: e.va, pa: e.pa, pageSize: e.pageSize,
    bits: pteBits(e.pteFlags),
    pid: e.global ? null : pidByAsid.get(e.asid) ?? null,
  }));
}

/**
 * The entries the hart's TLB lookup for `va` could hit: in the TLB that
 * serves `access` (the instruction TLB for fetches when split), covering va,
 * global or tagged with `asid`. Whether the hit is then used depends on the
 * cached permission bits, as after a walk.
 */
export function tlbLookup(entries: readonly TlbEntryView[], va: number, asid: number, access: 'fetch' | 'load' | 'store'): TlbEntryView[] {
  const serving = (t: TlbEntryView['tlb']): boolean => t === 'unified' || (t === 'itlb') === (access === 'fetch');
  return entries.filter((e) => serving(e.tlb) && va >= e.va && va < e.va + e.pageSize && (e.global || e.asid === asid));
}
