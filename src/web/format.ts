// Number formatting shared by the Worker and the page.

/** 0x followed by 8 hex digits (or `digits`), unsigned. */
export function hex(v: number, digits = 8): string {
  return '0x' + (v >>> 0).toString(16).padStart(digits, '0');
}

/** A physical address: Sv32 PAs are 34 bits, so these are not truncated to 32. */
export function hexPa(v: number): string {
  return '0x' + v.toString(16).padStart(8, '0');
}

/** 1234567 -> "1,234,567". */
export function count(n: number): string {
  return n.toLocaleString('en-US');
}
