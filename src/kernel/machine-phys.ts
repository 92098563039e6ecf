import { panic } from './errors.js';
import { DEFAULT_RAM_BASE, inRam, type PhysicalMemory } from './phys.js';

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
      this.check('read32', pa, 4);
      return this.machine.readPhys32(pa);
    }
    const b = this.read(pa, 4);
    return (b[0]! | (b[1]! << 8) | (b[2]! << 16) | (b[3]! << 24)) >>> 0;
  }

  write32(pa: number, value: number): void {
    if (pa % 4 === 0) {
      this.check('write32', pa, 4);
      this.machine.writePhys32(pa, value);
      return;
    }
    this.write(pa, Uint8Array.of(value, value >>> 8, value >>> 16, value >>> 24));
  }

  read(pa: number, len: number): Uint8Array {
    this.check('read', pa, len);
    return this.machine.readPhys(pa, len);
  }

  write(pa: number, bytes: Uint8Array): void {
    this.check('write', pa, bytes.length);
    this.machine.writePhys(pa, bytes);
  }

  fill(pa: number, len: number, byte: number): void {
    this.write(pa, new Uint8Array(len).fill(byte));
  }

  // Outside RAM is a kernel bug: panic with the kernel's message, as ArrayPhysicalMemory does.
  private check(fn: string, pa: number, len: number): void {
    if (!inRam(this, pa, len)) panic(fn, `pa 0x${pa.toString(16)} (+${len}) outside RAM`);
  }
}
