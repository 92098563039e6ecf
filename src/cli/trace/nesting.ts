// Matching each xRET with the trap it returns from, to tell what a guest
// handler cost: traps nest (a handler may trap), so a stack.
import type { TraceRecord } from '../../machine/index.js';

type Trap = Extract<TraceRecord, { kind: 'trap' }>;
type Return = Extract<TraceRecord, { kind: 'xret' }>;

export class TrapNesting {
  private readonly open: Trap[] = [];

  /** Notes a trap taken by a guest handler (one the host kernel handles has no xRET). */
  entered(trap: Trap): void {
    if (!trap.toHost) this.open.push(trap);
  }

  /** Instructions retired from the matching trap to this xRET (itself included), or null without one. */
  returned(ret: Return): number | null {
    const trap = this.open.pop();
    return trap === undefined ? null : ret.instret - trap.instret + 1;
  }
}
