// Sizes shared by the whole memory-management core.

export const PGSHIFT = 12;
export const PGSIZE = 1 << PGSHIFT; // 4 KiB base pages (Sv32, Sv39, Sv48 alike)

/** Round up to a page boundary (may return 2^32 for the last page; callers check). */
export function pgRoundUp(a: number): number {
  return Math.ceil(a / PGSIZE) * PGSIZE;
}

/** Round down to a page boundary. */
export function pgRoundDown(a: number): number {
  return Math.floor(a / PGSIZE) * PGSIZE;
}

export function isPageAligned(a: number): boolean {
  return a % PGSIZE === 0;
}

export { hex } from '../format.js';
