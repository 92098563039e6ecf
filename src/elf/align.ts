// Alignment arithmetic on JS numbers. ELF64 values can exceed 32 bits, so
// these avoid the 32-bit bitwise operators.

/** True for 1, 2, 4, 8, ... (exact for every safe integer). */
export function isPowerOfTwo(n: number): boolean {
  if (!Number.isSafeInteger(n) || n < 1) return false;
  while (n % 2 === 0) n /= 2;
  return n === 1;
}

/** The smallest multiple of `align` (a power of two) that is >= n. */
export function alignUp(n: number, align: number): number {
  return Math.ceil(n / align) * align;
}
