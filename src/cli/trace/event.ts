// One trace event: a record from the traced hart or an event of the kernel.
import type { KernelEvent, TrapCost } from '../../kernel/index.js';
import type { TraceRecord } from '../../machine/index.js';
import type { TraceKind } from './options.js';

/**
 * The hart's records other than the stale-translation check's (those become
 * warnings, sfence.ts), the kernel's events, and what each trap cost the kernel.
 */
export type TraceEvent = Exclude<TraceRecord, { kind: 'stale' }> | KernelEvent | TrapCost;

/** The --trace kind that selects an event. */
export function eventKind(event: TraceEvent): TraceKind {
  switch (event.kind) {
    case 'insn': case 'mem': case 'trap': case 'syscall': case 'fault': return event.kind;
    case 'tlb': case 'pte': return 'mmu';
    case 'xret': case 'handled': return 'trap';
    case 'switch': case 'wake': case 'spawn': case 'exit': return 'sched';
  }
}
