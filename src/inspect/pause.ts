// Running programs to the moment they are inspected. The kernel is
// deterministic, so a pause point found in one run (the K-th page fault, the
// last exit) is reached again exactly by a fresh run with an instruction
// budget that stops one instruction short of it: the fault not yet taken,
// the exiting process's memory not yet freed.
import { MmulabError } from '../errors.js';
import type { Kernel, KernelEvent, RunStop } from '../kernel/index.js';
import type { FaultInfo, PauseInfo } from './types.js';

export type PausePoint =
  | { kind: 'exit' }
  | { kind: 'instructions'; n: number }
  | { kind: 'fault'; k: number };

/** Boots a kernel with the programs spawned, passing `trace` to Kernel.create. */
export type BootKernel = (trace?: (event: KernelEvent) => void) => Promise<Kernel>;

export interface Paused {
  kernel: Kernel;
  pause: PauseInfo;
}

/** Run to `at` (within `maxInstructions`); a MmulabError if the programs never get there. */
export async function runToPause(boot: BootKernel, at: PausePoint, maxInstructions: number): Promise<Paused> {
  if (at.kind === 'instructions') return runToInstruction(await boot(), at.n);
  const faults: { instructions: number; fault: FaultInfo }[] = [];
  let exitingPid = 0;
  let kernel: Kernel | null = null;
  const trace = (e: KernelEvent): void => {
    if (e.kind === 'exit') exitingPid = e.pid;
    if (e.kind !== 'fault') return;
    faults.push({
      // The kernel has already counted the faulting instruction.
      instructions: kernel!.stats().instructions,
      fault: { pid: e.pid, va: e.fault.va, access: e.fault.access, pc: e.fault.pc, faultClass: e.faultClass },
    });
    // No need to run the rest of the programs: this run is thrown away.
    if (at.kind === 'fault' && faults.length === at.k) throw new PausePointFound();
  };
  kernel = await boot(trace);
  const stop = runUnlessFound(kernel, maxInstructions);
  const total = kernel.stats().instructions;
  if (at.kind === 'fault') {
    const hit = faults[at.k - 1];
    if (hit === undefined) {
      const within = stop === 'limit' ? ` in the first ${total} instructions (see --max-instructions)` : '';
      const only = faults.length === 0 ? 'no page faults' : `only ${faults.length} page fault${faults.length === 1 ? '' : 's'}`;
      // The kernel's own faults (copying to or from user memory) never stop the hart, so they have no moment.
      const own = Object.values(kernel.stats().faults).reduce((a, b) => a + b, 0) - faults.length;
      const besides = own > 0 ? ` (besides ${own} the kernel took itself while copying to or from user memory)` : '';
      throw new MmulabError(`--at-fault ${at.k}: the programs raised ${only}${besides}${within}`);
    }
    const again = await boot();
    again.run({ maxInstructions: hit.instructions - 1 });
    return { kernel: again, pause: { kind: 'fault', instructions: hit.instructions - 1, k: at.k, fault: hit.fault } };
  }
  if (stop === 'limit') {
    throw new MmulabError(`still running after ${total} instructions; raise --max-instructions to inspect it at its exit`);
  }
  if (stop === 'deadlock') return { kernel, pause: { kind: 'deadlock', instructions: total } };
  const again = await boot();
  again.run({ maxInstructions: total - 1 });
  return { kernel: again, pause: { kind: 'exit', instructions: total - 1, pid: exitingPid } };
}

/** Thrown from the trace callback to end the first run once the pause point is known. */
class PausePointFound extends MmulabError {}

function runUnlessFound(kernel: Kernel, maxInstructions: number): RunStop | 'found' {
  try {
    return kernel.run({ maxInstructions });
  } catch (err) {
    if (err instanceof PausePointFound) return 'found';
    throw err;
  }
}

function runToInstruction(kernel: Kernel, n: number): Paused {
  const stop: RunStop = kernel.run({ maxInstructions: n });
  const ran = kernel.stats().instructions;
  if (stop === 'exited') throw new MmulabError(`--at ${n}: the program ended after ${ran} instructions`);
  if (stop === 'deadlock') return { kernel, pause: { kind: 'deadlock', instructions: ran } };
  return { kernel, pause: { kind: 'instructions', instructions: ran } };
}
