// One trace event: a record from the traced hart or an event of the kernel.
import type { KernelEvent } from '../../kernel/index.js';
import type { TraceRecord } from '../../machine/index.js';
import type { TraceKind } from './options.js';

/** The hart's records other than the stale-translation check's (those become warnings, sfence.ts). */
export type TraceEvent = Exclude<TraceRecord, { kind: 'stale' }> | KernelEvent;

/** The --trace kind that selects an event. */
export function eventKind(event: TraceEvent): TraceKind {
  switch (event.kind) {
    case 'insn': case 'mem': case 'trap': case 'syscall': case 'fault': return event.kind;
    case 'tlb': case 'pte': return 'mmu';
    case 'xret': return 'trap';
    case 'switch': case 'wake': case 'spawn': case 'exit': return 'sched';
  }
}
