import { panic } from './errors.js';

/**
 * The kernel's view of emulated physical memory: RAM at [ramBase, ramBase +
 * ramBytes). Page tables, slab objects and user pages all live here, so the
 * hart's page-table walker sees exactly what the kernel wrote. Little-endian,
 * like RISC-V. Touching an address outside RAM is a kernel bug and panics.
 */
export interface PhysicalMemory {
  readonly ramBase: number;
  readonly ramBytes: number;
  read32(pa: number): number;
  write32(pa: number, value: number): void;
  read(pa: number, len: number): Uint8Array;
  write(pa: number, bytes: Uint8Array): void;
  fill(pa: number, len: number, byte: number): void;
}

export const DEFAULT_RAM_BASE = 0x8000_0000;
export const DEFAULT_RAM_BYTES = 128 * 1024 * 1024;

/** Is [pa, pa + len) inside RAM? */
export function inRam(mem: PhysicalMemory, pa: number, len: number): boolean {
  return pa >= mem.ramBase && len >= 0 && pa + len <= mem.ramBase + mem.ramBytes;
}

/** Outside RAM is a kernel bug: panic, naming the PhysicalMemory method `fn`. */
export function requireInRam(mem: PhysicalMemory, fn: string, pa: number, len: number): void {
  if (!inRam(mem, pa, len)) panic(fn, `pa 0x${pa.toString(16)} (+${len}) outside RAM`);
}

/** RAM backed by a Uint8Array: for tests, and for any host without a Machine. */
export class ArrayPhysicalMemory implements PhysicalMemory {
  readonly ramBase: number;
  readonly ramBytes: number;
  private readonly bytes: Uint8Array;
  private readonly view: DataView;

  constructor(ramBytes = DEFAULT_RAM_BYTES, ramBase = DEFAULT_RAM_BASE) {
    this.ramBase = ramBase;
    this.ramBytes = ramBytes;
    this.bytes = new Uint8Array(ramBytes);
    this.view = new DataView(this.bytes.buffer);
  }

  read32(pa: number): number {
    return this.view.getUint32(this.offset('read32', pa, 4), true);
  }

  write32(pa: number, value: number): void {
    this.view.setUint32(this.offset('write32', pa, 4), value >>> 0, true);
  }

  /** A copy of len bytes at pa. */
  read(pa: number, len: number): Uint8Array {
    const at = this.offset('read', pa, len);
    return this.bytes.slice(at, at + len);
  }

  write(pa: number, bytes: Uint8Array): void {
    this.bytes.set(bytes, this.offset('write', pa, bytes.length));
  }

  fill(pa: number, len: number, byte: number): void {
    const at = this.offset('fill', pa, len);
    this.bytes.fill(byte, at, at + len);
  }

  // The offset of pa in the array; panics (naming the caller) outside RAM.
  private offset(fn: string, pa: number, len: number): number {
    requireInRam(this, fn, pa, len);
    return pa - this.ramBase;
  }
}
