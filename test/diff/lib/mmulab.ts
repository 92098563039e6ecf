// The device under test: mmulab's Machine running the same bare-metal ELF.
import { readElf } from '../../../src/elf/index.js';
import { Machine, type MachineOptions } from '../../../src/machine/index.js';
import type { RunOutput } from './qemu.js';
import { ToolError } from './tools.js';

/** Enough for every generated program; a program that needs more is hung. */
const MAX_INSTRUCTIONS = 2_000_000_000;
/** Programs are small: 16 MiB of RAM keeps machine creation cheap. */
const RAM_BYTES = 16 << 20;

export async function runMmulab(elf: Uint8Array, options: MachineOptions = {}): Promise<RunOutput> {
  const machine = await Machine.create({ ramBytes: RAM_BYTES, ...options });
  machine.loadBareMetal(readElf(elf));
  const stop = machine.run({ maxInstructions: MAX_INSTRUCTIONS });
  if (stop.kind !== 'exit') {
    throw new ToolError(`mmulab stopped with ${JSON.stringify(stop)} at pc 0x${machine.pc.toString(16)}; console:\n${machine.console.slice(-2000)}`);
  }
  return { console: machine.console, exitCode: stop.code };
}
