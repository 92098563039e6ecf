// `mmulab run --check-sfence`: the stale-translation check's warnings. The
// hart (assembly/mmu/stale.ts) reports each TLB hit on an entry whose PTE
// was changed after its walk, with no SFENCE.VMA since; this turns each
// report into one line for stderr and counts them for the summary.
import type { TraceRecord } from '../../machine/index.js';
import { hex } from '../../format.js';

export type StaleUse = Extract<TraceRecord, { kind: 'stale' }>;

/** Sv32: a level-L PTE maps 2^(12 + 10 L) bytes of virtual memory. */
const PAGE_SHIFT = 12;
const VPN_BITS = 10;

/** The warning for one stale use (without the newline). */
export function staleWarning(s: StaleUse): string {
  const writer = s.writerPc === null ? 'the kernel' : `pc ${hex(s.writerPc)}`;
  const mapped = s.va - (s.va % 2 ** (PAGE_SHIFT + VPN_BITS * s.level));
  return `warning: ${writer} wrote PTE at pa ${hex(s.pteAddress)} (va ${hex(mapped)} level ${s.level}); ` +
    `pc ${hex(s.usePc)} used the stale translation va ${hex(s.va)} → pa ${hex(s.pa)} before any SFENCE.VMA`;
}
