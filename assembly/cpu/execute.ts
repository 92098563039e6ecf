// The run loop. Most instructions run in bursts (runBurst): straight from
// the current fetch page and the pre-decoded records (predecode.ts), through
// the load and store caches, with no call at all, so the engine keeps the
// loop's values in registers; fetch counts, instret and the recency clock
// are settled when the burst ends. Whatever a burst cannot run (a fetch off
// the fetch page, a record to decode, a cache miss, a trap, a CSR or system
// instruction) is run by one full step, which may call anything. Exceptions
// raised by helpers are left in state.trapCause and taken here; interrupts
// are checked only when state.eventAt says something may have changed, and
// a burst never runs past eventAt.
import { CAUSE_ILLEGAL_INSTRUCTION } from '../encoding';
import { REGS_LOCATION, STOP_BUDGET, SLOW_RECORD_LOCATION } from '../layout';
import { hartPc, retired, eventAt, trapCause, trapTval, stopCode } from './state';
import {
  recordAt, decodeInto, recordOp, recordRaw, recordInsn, FIRST_MEMORY_OP, LAST_MEMORY_OP,
} from './predecode';
import { executeRecord, EXIT } from './ops';
import { enterTrap, interruptToTake } from './trap';
import { fetchBase, fetchHost, fetchLimit, fetchHits, lastFetchClock, lruClock, fetchPageSync } from '../mmu/fast';
import { fetchSlow } from '../mmu/access';
import { traceRetired, tracing } from '../trace';

// How many instructions the last run() went through (retired or trapped).
export let lastRunCount: i32 = 0;

// Where the last burst stopped: the pc of the first instruction it did not run.
let burstPc: u32 = 0;

// Whether the last step ran a load or store. A burst ends at a load or store
// that misses the caches, and when the next instruction is one too it often
// misses as well (a page walk per access, say): the run loop then steps again
// rather than start a burst that would stop at once.
let steppedMemory: bool = false;

/** Whether the instruction at pc is on the fetch page and has an up-to-date load or store record. */
@inline function memoryOpAt(pc: u32): bool {
  const offset = pc - fetchBase;
  if (offset >= fetchLimit) return false;
  const host = fetchHost + offset;
  const rec = recordAt(host);
  const op = recordOp(rec);
  return load<u32>(rec) == load<u32>(host) && op >= FIRST_MEMORY_OP && op <= LAST_MEMORY_OP;
}

/** Takes the exception a helper raised; returns the handler's pc. */
function takeRaised(pc: u32): u32 {
  const cause = <u32>trapCause;
  trapCause = -1;
  return enterTrap(cause, trapTval, pc);
}

/**
 * Runs up to `budget` instructions; returns a STOP_* code. The traced build
 * steps through every instruction with the trace hook only while a group
 * traced at retirement is on (trace.ts tracing()); otherwise it runs the same
 * loop as the release build.
 */
export function run(budget: i32): i32 {
  if (TRACE && tracing()) return runLoop(budget, true);
  return runLoop(budget, false);
}

@inline function runLoop(budget: i32, traced: bool): i32 {
  stopCode = -1;
  let pc = hartPc;
  let done: i32 = 0;
  while (done < budget) {
    if (retired >= eventAt) {
      if (stopCode >= 0) break;
      const irq = interruptToTake();
      if (irq != 0) { done++; pc = enterTrap(irq, 0, pc); continue; }
    }
    if (!traced && !(steppedMemory && memoryOpAt(pc))) {
      // A burst up to the budget or the next event, whichever comes first.
      const untilEvent = eventAt - retired;
      const limit = untilEvent < <u64>(budget - done) ? <i32>untilEvent : budget - done;
      const n = runBurst(pc, limit);
      done += n;
      pc = burstPc;
      if (n == limit) continue;
    }
    done++;
    pc = step(pc, traced);
  }
  steppedMemory = false;
  hartPc = pc;
  lastRunCount = done;
  fetchPageSync();
  return stopCode < 0 ? STOP_BUDGET : stopCode;
}

/** Runs (or traps) the one instruction at pc; returns the next pc. */
@inline function step(pc: u32, traced: bool): u32 {
  let rec: u32;
  let next: u32;
  const offset = pc - fetchBase;
  if (offset < fetchLimit) {
    const host = fetchHost + offset;
    const word = load<u32>(host);
    rec = recordAt(host);
    if (load<u32>(rec) != word) decodeInto(rec, word);
    next = pc + ((word & 3) == 3 ? 4 : 2);
    fetchHits++;
    lastFetchClock = lruClock;
  } else {
    const word = fetchSlow(pc);
    if (trapCause >= 0) { steppedMemory = false; return takeRaised(pc); }
    rec = SLOW_RECORD_LOCATION;
    decodeInto(rec, word);
    next = pc + ((word & 3) == 3 ? 4 : 2);
  }
  const op = recordOp(rec);
  steppedMemory = op >= FIRST_MEMORY_OP && op <= LAST_MEMORY_OP;
  next = executeRecord(rec, pc, next, false);
  if (trapCause >= 0) return takeRaised(pc);
  store<u32>(REGS_LOCATION, 0); // x0 stays zero whatever was written to it
  if (TRACE && traced) traceRetired(pc, recordRaw(rec), recordInsn(rec));
  retired++;
  return next;
}

/**
 * Runs at most `limit` instructions from pc while each is on the fetch page
 * with an up-to-date record and needs no call; returns how many ran and
 * leaves the pc to continue from in burstPc. Counts exactly what the same
 * instructions run one by one would: a fetch hit each (with the fetch TLB
 * entry's lazy stamp the clock as of the last fetch), and instret.
 */
function runBurst(pc: u32, limit: i32): i32 {
  // Nothing a burst runs can change the fetch page: only calls do.
  const base = fetchBase;
  const pageHost = fetchHost;
  const pageLimit = fetchLimit;
  let clockAtFetch = lastFetchClock;
  let n: i32 = 0;
  while (n < limit) {
    const offset = pc - base;
    if (offset >= pageLimit) break;
    const host = pageHost + offset;
    const word = load<u32>(host);
    const rec = recordAt(host);
    let next: u32;
    // The length is decided by a branch (predicted) rather than computed
    // from the loaded word, which would put a memory load on the chain from
    // one pc to the next; each arm checks the record so the two stay branches.
    if ((word & 3) == 3) {
      if (load<u32>(rec) != word) break;
      next = pc + 4;
    } else {
      if (load<u32>(rec) != word) break;
      next = pc + 2;
    }
    const clock = lruClock;
    next = executeRecord(rec, pc, next, true);
    if (next == EXIT) break;
    store<u32>(REGS_LOCATION, 0); // x0 stays zero whatever was written to it
    clockAtFetch = clock;
    n++;
    pc = next;
  }
  if (n != 0) {
    fetchHits += n;
    lastFetchClock = clockAtFetch;
    retired += n;
  }
  burstPc = pc;
  return n;
}
