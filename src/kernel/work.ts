import type { PhysicalMemory } from './phys.js';

/**
 * What the kernel did for one trap, counted in units that do not depend on
 * the host: a trap the kernel handles in TypeScript costs 0 guest
 * instructions, so its cost is the work itself. A guest kernel's trap costs
 * instructions (the trace's "N instructions since the trap" at its xRET);
 * these counts are what to set beside them: each PTE or kernel-record word
 * a guest kernel reads or writes is a load or store instruction, each frame
 * it zeroes is 1,024 stores, each flush an SFENCE.VMA.
 */
export interface KernelWork {
  /** 32-bit words of RAM the kernel read (page tables, VMA and mm records, user memory it copied). */
  wordsRead: number;
  /** Words it wrote, zeroing included (a new frame is 1,024 words). */
  wordsWritten: number;
  /** Of the words written, PTEs: single words written into page-table frames. */
  ptesWritten: number;
  /** Frames the allocator handed out (each zeroed). */
  framesAllocated: number;
  /** SFENCE.VMAs the kernel issued (Machine.sfenceVma). */
  sfences: number;
}

/** The work done between two snapshots of the running totals. */
export function workBetween(before: KernelWork, after: KernelWork): KernelWork {
  return {
    wordsRead: after.wordsRead - before.wordsRead,
    wordsWritten: after.wordsWritten - before.wordsWritten,
    ptesWritten: after.ptesWritten - before.ptesWritten,
    framesAllocated: after.framesAllocated - before.framesAllocated,
    sfences: after.sfences - before.sfences,
  };
}

/** The kernel's RAM traffic since boot (MeteredMemory counts it). */
export class WorkMeter {
  wordsRead = 0;
  wordsWritten = 0;
  ptesWritten = 0;
}

/** The aligned words [pa, pa + len) touches: a byte counts as its whole word. */
function wordsTouched(pa: number, len: number): number {
  return len === 0 ? 0 : Math.floor((pa + len - 1) / 4) - Math.floor(pa / 4) + 1;
}

/**
 * The kernel's RAM with every access counted in a WorkMeter. `isPageTable`
 * tells whether a frame holds a page table (so a single word written there is a PTE).
 */
export class MeteredMemory implements PhysicalMemory {
  readonly ramBase: number;
  readonly ramBytes: number;

  constructor(
    private readonly mem: PhysicalMemory,
    private readonly meter: WorkMeter,
    private readonly isPageTable: (pa: number) => boolean,
  ) {
    this.ramBase = mem.ramBase;
    this.ramBytes = mem.ramBytes;
  }

  read32(pa: number): number {
    this.meter.wordsRead += wordsTouched(pa, 4);
    return this.mem.read32(pa);
  }

  write32(pa: number, value: number): void {
    this.mem.write32(pa, value);
    this.meter.wordsWritten += wordsTouched(pa, 4);
    if (pa % 4 === 0 && this.isPageTable(pa)) this.meter.ptesWritten++;
  }

  read(pa: number, len: number): Uint8Array {
    this.meter.wordsRead += wordsTouched(pa, len);
    return this.mem.read(pa, len);
  }

  write(pa: number, bytes: Uint8Array): void {
    this.mem.write(pa, bytes);
    this.meter.wordsWritten += wordsTouched(pa, bytes.length);
  }

  fill(pa: number, len: number, byte: number): void {
    this.mem.fill(pa, len, byte);
    this.meter.wordsWritten += wordsTouched(pa, len);
  }
}
