// The TLB's valid entries, with the live process each ASID belongs to.
import type { TlbEntry } from '../machine/index.js';
import { pteBits } from './pte.js';
import type { TlbEntryView } from './types.js';

const PAGE_SHIFT = 12;

/** `pidByAsid` maps the ASIDs of live processes to their pids. */
export function tlbView(entries: readonly TlbEntry[], pidByAsid: ReadonlyMap<number, number>): TlbEntryView[] {
  return entries.map((e) => ({
    tlb: e.tlb, set: e.set, way: e.way, asid: e.asid, global: e.global,
    vpn: e.va / 2 ** PAGE_SHIFT, ppn: e.pa / 2 ** PAGE_SHIFT, va: e.va, pa: e.pa, pageSize: e.pageSize,
    bits: pteBits(e.pteFlags),
    pid: e.global ? null : pidByAsid.get(e.asid) ?? null,
  }));
}
