// Number formatting shared by the CLI, the playground and the kernel's reports.

/**
 * `0x` and at least `digits` hex digits (default 8): 0x10000 → "0x00010000".
 * A negative number is read as the unsigned 32-bit value of its bits; a
 * larger one (an Sv32 physical address has 34 bits) is printed whole.
 */
export function hex(value: number, digits = 8): string {
  return '0x' + (value < 0 ? value >>> 0 : value).toString(16).padStart(digits, '0');
}

/** An integer with thousands separators: 1234567 → "1,234,567". */
export function count(value: number): string {
  return Math.round(value).toLocaleString('en-US');
}
