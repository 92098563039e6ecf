// Number formatting shared by the CLI's reports.

/** `0x`-prefixed lowercase hex of an unsigned 32-bit value. */
export function hex(value: number): string {
  return '0x' + (value >>> 0).toString(16);
}

export { count } from '../format.js';
