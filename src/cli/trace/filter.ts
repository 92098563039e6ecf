// Which trace events to print: --trace kinds, --trace-pid, --trace-va and the
// window --trace-from/--trace-count over retired instructions.
//
// Every event belongs to an instruction number: the count of instructions
// retired before it since tracing began (a load's mem and mmu records come
// before the insn record of the load, so they share its number). The hart
// writes insn records whenever the window is used, so the count is exact
// even when insn lines are not printed.
import type { TraceEvent } from './event.js';
import { eventKind } from './event.js';
import type { TraceKind } from './options.js';

export interface TraceFilterOptions {
  kinds: ReadonlySet<TraceKind>;
  pid?: number;
  va?: { lo: number; hi: number };
  from?: number;
  count?: number;
}

export class TraceFilter {
  /** Instructions retired so far (insn records seen). */
  private retired = 0;
  /** The process on the hart (from the kernel's switch events); null before the first. */
  private pid: number | null = null;

  constructor(private readonly options: TraceFilterOptions) {}

  /** Whether the window needs every insn record (the hart must write them). */
  get countsInstructions(): boolean {
    return this.options.from !== undefined || this.options.count !== undefined;
  }

  /** Whether no later event can pass (the window has ended). */
  get done(): boolean {
    const { from = 0, count } = this.options;
    return count !== undefined && this.retired >= from + count;
  }

  /** Decides on one event, in order; also advances the instruction count and the current pid. */
  pass(event: TraceEvent): boolean {
    const index = this.retired;
    if (event.kind === 'insn') this.retired++;
    if (event.kind === 'switch') this.pid = event.to;
    const { kinds, pid, va, from = 0, count } = this.options;
    if (!kinds.has(eventKind(event))) return false;
    if (index < from || (count !== undefined && index >= from + count)) return false;
    if (pid !== undefined && !this.concerns(event, pid)) return false;
    if (va !== undefined) {
      const address = eventAddress(event);
      if (address !== null && (address < va.lo || address >= va.hi)) return false;
    }
    return true;
  }

  private concerns(event: TraceEvent, pid: number): boolean {
    switch (event.kind) {
      case 'switch': return event.to === pid || event.from === pid;
      case 'spawn': return event.pid === pid || event.parent === pid;
      case 'syscall': case 'fault': case 'wake': case 'exit': case 'handled': return event.pid === pid;
      default: return this.pid === pid; // the hart's records: whoever runs
    }
  }
}

/** The address --trace-va looks at: an instruction's pc, an access's or a walk's va, a fault's va; null = not cut. */
function eventAddress(event: TraceEvent): number | null {
  switch (event.kind) {
    case 'insn': return event.pc;
    case 'mem': case 'tlb': case 'pte': return event.va;
    case 'fault': return event.fault.va;
    default: return null;
  }
}
