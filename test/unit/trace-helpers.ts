// Shared by the trace-*.test.ts files: a program run under the kernel on the
// traced build, with every hart record and kernel event kept in order.
import { assemble } from '../../src/asm/index.js';
import { readElf } from '../../src/elf/index.js';
import { Kernel } from '../../src/kernel/index.js';
import type { TraceGroups } from '../../src/machine/index.js';
import { readTraceWasm } from '../../src/machine/trace.js';
import type { TraceEvent } from '../../src/cli/trace/event.js';

/** The test program: a value, its load, exit(42). The data page is touched first by the load. */
export const PROGRAM = `    .text
    .globl _start
_start:
    li      a0, 42
    la      a1, value
    lw      a2, 0(a1)
    li      a7, 93
    ecall
    .data
value:
    .word   0x12345678
`;

export interface TracedRun { kernel: Kernel; events: TraceEvent[] }

/** Boots a kernel on the traced build, spawns PROGRAM, runs at most maxInstructions. */
export async function traceProgram(groups: TraceGroups, maxInstructions = 1000): Promise<TracedRun> {
  const events: TraceEvent[] = [];
  const kernel = await Kernel.fromWasm(await readTraceWasm(), { ramBytes: 4 << 20, trace: (e) => events.push(e) });
  kernel.machine.setTrace(groups, (records) => events.push(...records.filter((r) => r.kind !== 'stale')));
  kernel.spawn(readElf(assemble(PROGRAM, { file: 'trace.s', layout: 'hosted' }).elf), ['trace']);
  kernel.run({ maxInstructions });
  return { kernel, events };
}
