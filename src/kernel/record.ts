import type { Kmem } from './kmem.js';

/**
 * A typed handle on a kernel record that lives in emulated RAM (a kmalloc
 * object such as a VMA or an mm record). Fields are read and written in RAM
 * on every access, so there is no TypeScript copy to fall out of step with
 * what a memory dump shows.
 */
export class KernelRecord {
  readonly kmem: Kmem;
  /** Physical address of the record. */
  readonly pa: number;

  constructor(kmem: Kmem, pa: number) {
    this.kmem = kmem;
    this.pa = pa;
  }

  /** The little-endian 32-bit word at byte offset `at` of the record. */
  protected word(at: number): number {
    return this.kmem.mem.read32(this.pa + at);
  }

  protected setWord(at: number, value: number): void {
    this.kmem.mem.write32(this.pa + at, value);
  }
}
