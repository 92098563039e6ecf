// Parsers for `mmulab run --trace ...` values. Each rejects a bad value with
// what is allowed, through commander's InvalidArgumentError (one clear line).
import { InvalidArgumentError } from 'commander';

/** What --trace can name: the hart's record groups, then the kernel's events. */
export const TRACE_KINDS = ['insn', 'mem', 'mmu', 'trap', 'syscall', 'sched', 'fault'] as const;
export type TraceKind = (typeof TRACE_KINDS)[number];
export type TraceFormat = 'text' | 'jsonl' | 'spike';
/** What a Spike commit log holds: retired instructions, with the memory they read and wrote. */
export const SPIKE_TRACE_KINDS: readonly TraceKind[] = ['insn', 'mem'];
/** The kinds that come from the kernel (not in a bare-metal run). */
export const KERNEL_TRACE_KINDS: readonly TraceKind[] = ['syscall', 'sched', 'fault'];

/** A comma-separated subset of TRACE_KINDS (`all` = every kind). */
export function parseTraceKinds(text: string): Set<TraceKind> {
  const words = text.split(',').map((w) => w.trim());
  if (words.length === 1 && words[0] === 'all') return new Set(TRACE_KINDS);
  const kinds = new Set<TraceKind>();
  for (const w of words) {
    if (!(TRACE_KINDS as readonly string[]).includes(w)) {
      throw new InvalidArgumentError(`expected a comma-separated list of ${TRACE_KINDS.join(', ')} (or all); got '${w}'`);
    }
    kinds.add(w as TraceKind);
  }
  return kinds;
}

/** `LO-HI`: virtual addresses LO (inclusive) to HI (exclusive), hex (0x...) or decimal, below 2^32. */
export function parseVaRange(text: string): { lo: number; hi: number } {
  const m = /^\s*((?:0x)?[0-9a-f]+)\s*-\s*((?:0x)?[0-9a-f]+)\s*$/i.exec(text);
  const lo = m ? parseAddress(m[1]!) : NaN;
  const hi = m ? parseAddress(m[2]!) : NaN;
  if (!Number.isSafeInteger(lo) || !Number.isSafeInteger(hi) || lo >= hi || hi > 2 ** 32) {
    throw new InvalidArgumentError('expected LO-HI with LO < HI <= 0x100000000 (e.g. 0x10000-0x11000; HI is excluded)');
  }
  return { lo, hi };
}

function parseAddress(text: string): number {
  if (/^0x[0-9a-f]+$/i.test(text)) return parseInt(text.slice(2), 16);
  return /^\d+$/.test(text) ? Number(text) : NaN;
}

export function parseTraceFormat(text: string): TraceFormat {
  if (text !== 'text' && text !== 'jsonl' && text !== 'spike') throw new InvalidArgumentError(`expected 'text', 'jsonl' or 'spike'`);
  return text;
}
