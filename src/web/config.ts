// Checking the page's machine options before a kernel boots with them: the
// same ranges as `mmulab run`'s flags (RAM and the TLB shape the Machine
// checks itself).
import { MmulabError } from '../errors.js';
import type { MachineConfig } from './protocol.js';

/** A machine option out of range, from the playground's option panel. */
export class ConfigError extends MmulabError {
  override name = 'ConfigError';
}

const QUANTUM_RANGE = [100, 1e9] as const;
const SEED_RANGE = [0, 2 ** 32 - 1] as const;
const MAX_INSTRUCTIONS_RANGE = [1, 1e15] as const;

export function checkConfig(c: MachineConfig): void {
  checkRange('quantum', c.quantum, QUANTUM_RANGE);
  checkRange('seed', c.seed, SEED_RANGE);
  checkRange('instruction limit', c.maxInstructions, MAX_INSTRUCTIONS_RANGE);
}

function checkRange(name: string, value: number, [min, max]: readonly [number, number]): void {
  if (!Number.isSafeInteger(value) || value < min || value > max) {
    throw new ConfigError(`${name} must be a whole number from ${min} to ${max} (got ${value})`);
  }
}
