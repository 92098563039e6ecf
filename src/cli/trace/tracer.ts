// `mmulab run --trace`: the options, and the Tracer that takes the hart's
// records and the kernel's events in order, filters them and writes lines
// to a file or stderr.
import { closeSync, openSync, writeSync } from 'node:fs';
import { Command } from 'commander';
import { MmulabError } from '../../errors.js';
import type { KernelEvent, TrapCost } from '../../kernel/index.js';
import type { Machine, TraceGroups, TraceRecord } from '../../machine/index.js';
import { parseCount } from '../options.js';
import type { TraceEvent } from './event.js';
import { TraceFilter } from './filter.js';
import { TraceFormatter } from './format.js';
import { staleWarning, type StaleUse } from './sfence.js';
import {
  SPIKE_TRACE_KINDS, parseTraceFormat, parseTraceKinds, parseVaRange, type TraceFormat, type TraceKind,
} from './options.js';

export interface TraceOptions {
  trace?: Set<TraceKind>;
  checkSfence?: boolean;
  tracePid?: number;
  traceVa?: { lo: number; hi: number };
  traceFrom?: number;
  traceCount?: number;
  traceFormat: TraceFormat;
  output?: string;
}

/** Bytes of lines gathered before one write. */
const FLUSH_BYTES = 1 << 16;
const STDERR_FD = 2;

export function addTraceOptions(command: Command): Command {
  return command
    .option('--trace <kinds>', 'trace insn,mem,mmu,trap,syscall,sched,fault (any subset, or all)', parseTraceKinds)
    .option('--trace-pid <pid>', 'only events of this process', (v) => parseCount(v, 1, 2 ** 31 - 1))
    .option('--trace-va <lo-hi>', 'only instructions, accesses and walks with an address in [LO, HI)', parseVaRange)
    .option('--trace-from <n>', 'start tracing at the n-th retired instruction (from 0)', (v) => parseCount(v, 0, 1e15))
    .option('--trace-count <n>', 'trace this many instructions', (v) => parseCount(v, 1, 1e15))
    .option('--trace-format <format>',
      "'text' (for reading), 'jsonl' (one JSON object per line) or 'spike' (spike --log-commits lines; implies --trace insn,mem)",
      parseTraceFormat, 'text')
    .option('-o, --output <file>', 'write the trace to this file (default: stderr)')
    .option('--check-sfence', 'warn when a translation is used after its page-table entry changed and before an SFENCE.VMA');
}

/**
 * A Tracer for the options, or undefined without --trace or --check-sfence
 * (after checking no trace option stands alone).
 */
export function openTracer(opts: TraceOptions): Tracer | undefined {
  if (opts.traceFormat === 'spike') return new Tracer(spikeKinds(opts.trace), opts);
  if (opts.trace === undefined) {
    const alone = opts.tracePid !== undefined || opts.traceVa !== undefined || opts.traceFrom !== undefined ||
      opts.traceCount !== undefined || opts.output !== undefined || opts.traceFormat !== 'text';
    if (alone) throw new MmulabError('--trace-pid, --trace-va, --trace-from, --trace-count, --trace-format and -o need --trace');
    return opts.checkSfence ? new Tracer(new Set(), opts) : undefined;
  }
  return new Tracer(opts.trace, opts);
}

/**
 * A Spike commit log has one line per retired instruction, with the memory
 * it read and wrote: --trace may be left out or name insn and mem, nothing else.
 */
function spikeKinds(kinds: ReadonlySet<TraceKind> | undefined): Set<TraceKind> {
  const others = [...(kinds ?? [])].filter((k) => !SPIKE_TRACE_KINDS.includes(k));
  if (others.length > 0) {
    throw new MmulabError(`--trace-format spike writes Spike's commit log (instructions with their register, CSR and ` +
      `memory writes): --trace may name only insn and mem, not ${others.join(', ')}`);
  }
  return new Set(SPIKE_TRACE_KINDS);
}

export class Tracer {
  private readonly filter: TraceFilter;
  private readonly formatter: TraceFormatter;
  private readonly fd: number;
  private machine: Machine | undefined;
  private pending: string[] = [];
  private pendingBytes = 0;

  private readonly spike: boolean;
  private readonly checkSfence: boolean;
  /** Stale translations used (--check-sfence), each warned about on stderr. */
  staleUses = 0;

  constructor(readonly kinds: ReadonlySet<TraceKind>, opts: TraceOptions) {
    this.spike = opts.traceFormat === 'spike';
    this.checkSfence = opts.checkSfence === true;
    // Spike's lines are cut as instructions: by pc and by the window, never access by access.
    this.filter = new TraceFilter({
      kinds: this.spike ? new Set(['insn']) : kinds, pid: opts.tracePid, va: opts.traceVa, from: opts.traceFrom,
      count: opts.traceCount,
    });
    this.formatter = new TraceFormatter(opts.traceFormat);
    try {
      this.fd = opts.output === undefined ? STDERR_FD : openSync(opts.output, 'w');
    } catch (e) {
      throw new MmulabError(`cannot write the trace to ${opts.output}: ${(e as Error).message}`);
    }
  }

  /** Whether the lines go to stderr (then a progress line there would cut into them). */
  private get toStderr(): boolean {
    return this.fd === STDERR_FD;
  }

  /** Whether anything reaches stderr while the hart runs: trace lines there, or --check-sfence warnings. */
  get writesStderrDuringRun(): boolean {
    return this.toStderr || this.checkSfence;
  }

  /**
   * What the hart must record: insn also when the --trace-from/--trace-count
   * window counts instructions; for Spike's lines also traps (an instruction
   * that traps has accesses but no line).
   */
  get hartGroups(): TraceGroups {
    const k = this.kinds;
    return {
      insn: k.has('insn') || this.filter.countsInstructions, mem: k.has('mem'), mmu: k.has('mmu'),
      trap: k.has('trap') || this.spike, stale: this.checkSfence,
    };
  }

  /** Whether the hart records anything (else the release build does). */
  get needsHart(): boolean {
    return Object.values(this.hartGroups).some(Boolean);
  }

  /** Makes the traced machine's hart record what the kinds and the window need, into this tracer. */
  attach(machine: Machine): void {
    this.machine = machine;
    machine.setTrace(this.hartGroups, this.records);
  }

  private readonly records = (records: TraceRecord[]): void => {
    for (const r of records) {
      if (r.kind === 'stale') this.warn(r); else this.take(r);
    }
    // Past the --trace-count window nothing more can print: let the hart run untraced (and at full speed).
    if (this.filter.done) this.machine?.setTrace({ stale: this.checkSfence }, this.records);
  };

  /** One line on stderr, after the trace lines before it when they go there too. */
  private warn(use: StaleUse): void {
    if (this.toStderr) this.flush();
    process.stderr.write(`mmulab: ${staleWarning(use)}\n`);
    this.staleUses++;
  }

  readonly kernelEvent = (event: KernelEvent | TrapCost): void => {
    this.take(event);
  };

  /** Whether trap lines are printed, so the kernel should report each trap's cost (kernelEvent takes it). */
  get wantsTrapCost(): boolean {
    return this.kinds.has('trap');
  }

  private take(event: TraceEvent): void {
    // The formatter sees what it needs (traps and xRETs to pair them...), printed or not.
    const pass = this.filter.pass(event);
    if (!pass && !this.formatter.needs(event)) return;
    const line = this.formatter.line(event);
    if (!pass || line === null) return;
    this.pending.push(line);
    this.pendingBytes += line.length + 1;
    if (this.pendingBytes >= FLUSH_BYTES) this.flush();
  }

  /** Writes the lines held so far (before other output, so that stderr keeps the order of events). */
  flush(): void {
    if (this.pending.length === 0) return;
    writeSync(this.fd, this.pending.join('\n') + '\n');
    this.pending = [];
    this.pendingBytes = 0;
  }

  /** Writes what is left and closes the file. */
  close(): void {
    this.flush();
    if (this.fd !== STDERR_FD) closeSync(this.fd);
  }
}
