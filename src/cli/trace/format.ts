// Trace events as lines: `text` made for reading, `jsonl` one JSON object per
// line with the same fields (numbers as numbers, names added where text has
// them), `spike` Spike's commit log (spike.ts: one line per instruction).
import { disassembleOne } from '../../asm/disasm.js';
import { pteBits } from '../../inspect/index.js';
import type { KernelWork } from '../../kernel/index.js';
import type { TraceEvent } from './event.js';
import type { TraceFormat } from './options.js';
import { hex } from '../../format.js';
import { causeName, privName, regName } from './names.js';
import { TrapNesting } from './nesting.js';
import { SpikeLines } from './spike.js';

const DISASM_WIDTH = 24;

export class TraceFormatter {
  private readonly nesting = new TrapNesting();
  private readonly spike = new SpikeLines();

  constructor(private readonly format: TraceFormat) {}

  /**
   * Whether the formatter must see this event even when it is not printed:
   * traps and xRETs (to pair them), and for Spike's lines the accesses and
   * traps around each instruction.
   */
  needs(event: TraceEvent): boolean {
    if (this.format === 'spike') return event.kind === 'insn' || event.kind === 'mem' || event.kind === 'trap';
    return event.kind === 'trap' || event.kind === 'xret';
  }

  /** The line for one event (without its newline), or null when it makes none (spike: all but insn). */
  line(event: TraceEvent): string | null {
    if (this.format === 'spike') return this.spike.take(event);
    let cost: number | null = null;
    if (event.kind === 'trap') this.nesting.entered(event);
    if (event.kind === 'xret') cost = this.nesting.returned(event);
    return this.format === 'text' ? textLine(event, cost) : jsonLine(event, cost);
  }
}

function textLine(e: TraceEvent, cost: number | null): string {
  switch (e.kind) {
    case 'insn': {
      const compressed = (e.bits & 3) !== 3;
      const bits = e.bits.toString(16).padStart(compressed ? 4 : 8, '0');
      const text = disassembleOne(e.bits, e.pc).text.replace(/\t/, ' ');
      const write = e.rd === null ? '' : `${regName(e.rd)} = ${hex(e.value)}`;
      return `insn  ${hex(e.pc)}  ${bits.padEnd(8)}  ${text.padEnd(DISASM_WIDTH)}  ${write}`.trimEnd();
    }
    case 'mem':
      return `mem   ${e.access.padEnd(5)}  ${hex(e.va)} → ${hex(e.pa)}  ${e.size} bytes`;
    case 'tlb':
      if (e.event === 'miss') return `mmu   ${e.access.padEnd(5)}  ${hex(e.va)}  TLB miss, walk:`;
      return `mmu   ${e.access.padEnd(5)}  ${hex(e.va)} → ${hex(e.pa!)}  TLB ${e.event}`;
    case 'pte':
      return `mmu   walk   level ${e.level}  PTE at ${hex(e.pteAddress)} = ${hex(e.pte)} ${pteBits(e.pte)}`;
    case 'trap': {
      const who = e.toHost ? 'handled by the TS kernel' : `handled by the guest at ${hex(e.handler)}`;
      return `trap  ${causeName(e.cause)} (${causeLabel(e.cause)})  tval ${hex(e.tval)}  epc ${hex(e.epc)}  ` +
        `${privName(e.fromPriv)} → ${privName(e.toPriv)}  ${who}`;
    }
    case 'xret': {
      const after = cost === null ? '' : `  (${cost} instructions since the trap)`;
      return `xret  ${e.fromPriv === 3 ? 'mret' : 'sret'}  ${privName(e.fromPriv)} → ${privName(e.toPriv)}  ` +
        `pc ${hex(e.pc)}${after}`;
    }
    case 'handled':
      return `trap  handled by the TS kernel  pid ${e.pid}  ${causeName(e.cause)} (${causeLabel(e.cause)})  ` +
        `cost: ${workText(e.work)}`;
    case 'syscall': {
      const result = typeof e.result === 'number' ? String(e.result) : e.result;
      return `syscall  pid ${e.pid}  ${e.name ?? `syscall ${e.number}`}(${e.args.map(argText).join(', ')}) = ${result}`;
    }
    case 'fault':
      return `fault  pid ${e.pid}  ${e.fault.access} at ${hex(e.fault.va)}  pc ${hex(e.fault.pc)}  ` +
        `${e.faultClass} → ${e.action}`;
    case 'switch':
      return `sched  switch ${e.from === null ? '-' : `pid ${e.from}`} → pid ${e.to} (${e.reason})`;
    case 'wake':
      return `sched  wake pid ${e.pid} (${e.reason}) = ${e.result}`;
    case 'spawn':
      return `sched  spawn pid ${e.pid}${e.parent === null ? '' : ` (parent ${e.parent})`}`;
    case 'exit':
      return `sched  exit pid ${e.pid}  status ${e.status}`;
  }
}

/**
 * The TS kernel's cost for a trap: no guest instructions, and the work itself
 * (src/kernel/work.ts), to set beside a guest handler's instructions.
 */
function workText(w: KernelWork): string {
  return `0 instructions, ${plural(w.wordsRead, 'word')} read, ${plural(w.wordsWritten, 'word')} written ` +
    `(${plural(w.ptesWritten, 'PTE')}), ${plural(w.framesAllocated, 'frame')} allocated, ${plural(w.sfences, 'SFENCE.VMA')}`;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** `13` for an exception, `interrupt 5` for an interrupt. */
function causeLabel(cause: number): string {
  return cause >= 0x8000_0000 ? `interrupt ${cause - 0x8000_0000}` : String(cause);
}

/** Small arguments in decimal, addresses and masks in hex. */
function argText(v: number): string {
  return v >= 0 && v < 0x10000 ? String(v) : hex(v);
}

function jsonLine(e: TraceEvent, cost: number | null): string {
  switch (e.kind) {
    case 'insn':
      return JSON.stringify({ ...e, disasm: disassembleOne(e.bits, e.pc).text.replace(/\t/, ' ') });
    case 'pte':
      return JSON.stringify({ ...e, bits: pteBits(e.pte) });
    case 'trap':
      return JSON.stringify({
        ...e, name: causeName(e.cause), from: privName(e.fromPriv), to: privName(e.toPriv),
        handledBy: e.toHost ? 'kernel' : 'guest',
      });
    case 'xret':
      return JSON.stringify({ ...e, from: privName(e.fromPriv), to: privName(e.toPriv), instructions: cost });
    case 'handled':
      return JSON.stringify({ kind: e.kind, pid: e.pid, cause: e.cause, name: causeName(e.cause), instructions: 0, ...e.work });
    case 'exit':
      return JSON.stringify({ kind: e.kind, pid: e.pid, termination: e.termination, status: e.status });
    default:
      return JSON.stringify(e);
  }
}
