// Register names: x0..x31, the ABI names, and fp (another name for s0).
import { ABI_NAMES } from './isa.js';

const REGISTER_BY_NAME: ReadonlyMap<string, number> = new Map<string, number>([
  ...Array.from({ length: 32 }, (_, i) => [`x${i}`, i] as const),
  ...ABI_NAMES.map((name, i) => [name, i] as const),
  ['fp', 8],
]);

/** The register number named `name`, or undefined. */
export function registerNumber(name: string): number | undefined {
  return REGISTER_BY_NAME.get(name);
}

export const REG_ZERO = 0;
export const REG_RA = 1;
export const REG_SP = 2;
export const REG_T1 = 6;

/** x8..x15, the registers the 3-bit fields of compressed instructions can name. */
export function isCompressedRegister(r: number): boolean {
  return r >= 8 && r <= 15;
}
