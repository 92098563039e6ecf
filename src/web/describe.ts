// One line of text for each kernel event, for the playground's log.
import type { KernelEvent } from '../kernel/index.js';
import { hex } from '../format.js';

export function describeEvent(e: KernelEvent): string {
  switch (e.kind) {
    case 'syscall': {
      const name = e.name ?? `syscall ${e.number}`;
      const result = typeof e.result === 'number' ? ` = ${e.result}` : ` (${e.result})`;
      return `${name}(${e.args.slice(0, 3).map(argText).join(', ')})${result}`;
    }
    case 'fault':
      return `page fault: ${e.fault.access} at ${hex(e.fault.va)}, pc ${hex(e.fault.pc)}: ${e.faultClass}` +
        (e.action === 'resume' ? ', fixed; the instruction runs again' : ', the process is killed');
    case 'switch':
      return `context switch ${e.from === null ? '-' : `pid ${e.from}`} -> pid ${e.to} (${e.reason})`;
    case 'wake':
      return `pid ${e.pid} wakes from ${e.reason}: ${e.result}`;
    case 'spawn':
      return e.parent === null ? `pid ${e.pid} started` : `pid ${e.pid} forked from pid ${e.parent}`;
    case 'exit':
      return e.termination.kind === 'killed'
        ? `pid ${e.pid} killed by signal ${e.termination.signal} (status ${e.status})`
        : `pid ${e.pid} exited with status ${e.status}`;
  }
}

// Small values in decimal (lengths, fds), addresses in hex.
function argText(v: number): string {
  const s = v | 0;
  return s >= -4096 && s < 65536 ? String(s) : hex(v);
}
