import { DEFAULT_RAM_BASE, requireInRam, type PhysicalMemory } from './phys.js';

/** The part of the Machine (src/machine) the kernel needs: its RAM. */
export interface MachineRam {
  readonly ramBytes: number;
  readPhys(pa: number, len: number): Uint8Array;
  writePhys(pa: number, bytes: Uint8Array): void;
  /** Aligned words, read and written in place (page tables are mostly that). */
  readPhys32(pa: number): number;
  writePhys32(pa: number, value: number): void;
}

/**
 * The kernel's PhysicalMemory over a Machine's RAM, so the page tables the
 * kernel writes are the ones the Wasm hart walks. Every access goes through
 * the Machine's readPhys/writePhys (which re-check the bounds), so the
 * kernel never keeps a view that Wasm memory growth could invalidate.
 */
export class MachinePhysicalMemory implements PhysicalMemory {
  readonly ramBase = DEFAULT_RAM_BASE;
  readonly ramBytes: number;
  private readonly machine: MachineRam;

  constructor(machine: MachineRam) {
    this.machine = machine;
    this.ramBytes = machine.ramBytes;
  }

  read32(pa: number): number {
    if (pa % 4 === 0) {
      requireInRam(this, 'read32', pa, 4);
      return this.machine.readPhys32(pa);
    }
    const b = this.read(pa, 4);
    return (b[0]! | (b[1]! << 8) | (b[2]! << 16) | (b[3]! << 24)) >>> 0;
  }

  write32(pa: number, value: number): void {
    if (pa % 4 === 0) {
      requireInRam(this, 'write32', pa, 4);
      this.machine.writePhys32(pa, value);
      return;
    }
    this.write(pa, Uint8Array.of(value, value >>> 8, value >>> 16, value >>> 24));
  }

  read(pa: number, len: number): Uint8Array {
    requireInRam(this, 'read', pa, len);
    return this.machine.readPhys(pa, len);
  }

  write(pa: number, bytes: Uint8Array): void {
    requireInRam(this, 'write', pa, bytes.length);
    this.machine.writePhys(pa, bytes);
  }

  fill(pa: number, len: number, byte: number): void {
    this.write(pa, new Uint8Array(len).fill(byte));
  }
}
