import type { Kmem } from './kmem.js';
import { PGSIZE, hex } from './param.js';
import { KernelRecord } from './record.js';

/**
 * A virtual memory area: a page-aligned range [start, end) of an address
 * space with one set of permissions and one backing.
 *
 * The record lives in emulated RAM, in a 32-byte kmalloc object, and this
 * class is only a typed handle on it: every getter reads the record and every
 * setter writes it, so there is no TypeScript copy to fall out of step with
 * what a memory dump shows. Layout (little-endian 32-bit words):
 *
 *   +0  next      physical address of the next VMA record (ascending start), 0 at the end
 *   +4  start     first byte
 *   +8  end       one past the last byte
 *   +12 flags     VM_READ | VM_WRITE | VM_EXEC | VM_SHARED | VM_GROWSDOWN
 *   +16 backing   BACKING_ANON, BACKING_FILE or BACKING_SHARED
 *   +20 backingId Kmem file-image id or shared-object id (0 for anonymous)
 *   +24 offset    byte offset in the file or shared object that `start` maps (0 for anonymous)
 *   +28 nameId    Kmem name id: the /proc/PID/maps name ('' is 0)
 */

// vm_flags bits, with Linux's values (include/linux/mm.h).
export const VM_READ = 0x1;
export const VM_WRITE = 0x2;
export const VM_EXEC = 0x4;
export const VM_SHARED = 0x8;
export const VM_GROWSDOWN = 0x100;
/** The permission bits of the flags. */
export const VM_ACCESS = VM_READ | VM_WRITE | VM_EXEC;

/** Private zero-fill memory (bss, heap, stack, MAP_ANONYMOUS|MAP_PRIVATE). */
export const BACKING_ANON = 0;
/** Bytes of a file image (an ELF segment), zero past its end. */
export const BACKING_FILE = 1;
/** A shared anonymous object (MAP_ANONYMOUS|MAP_SHARED). */
export const BACKING_SHARED = 2;

export const VMA_RECORD_BYTES = 32;

const NEXT = 0;
const START = 4;
const END = 8;
const FLAGS = 12;
const BACKING = 16;
const BACKING_ID = 20;
const OFFSET = 24;
const NAME_ID = 28;

/** The contents of a VMA record, minus the list link. */
export interface VmaFields {
  start: number;
  end: number;
  flags: number;
  backing: number;
  backingId: number;
  offset: number;
  nameId: number;
}

export class Vma extends KernelRecord {
  get nextPa(): number {
    return this.word(NEXT);
  }
  set nextPa(pa: number) {
    this.setWord(NEXT, pa);
  }
  get start(): number {
    return this.word(START);
  }
  set start(va: number) {
    this.setWord(START, va);
  }
  get end(): number {
    // 2^32 cannot be stored; no VMA ends there because user space ends at TASK_SIZE.
    return this.word(END);
  }
  set end(va: number) {
    this.setWord(END, va);
  }
  get flags(): number {
    return this.word(FLAGS);
  }
  set flags(flags: number) {
    this.setWord(FLAGS, flags);
  }
  get backing(): number {
    return this.word(BACKING);
  }
  get backingId(): number {
    return this.word(BACKING_ID);
  }
  get offset(): number {
    return this.word(OFFSET);
  }
  set offset(offset: number) {
    this.setWord(OFFSET, offset);
  }
  get nameId(): number {
    return this.word(NAME_ID);
  }

  get name(): string {
    return this.kmem.name(this.nameId);
  }

  get pages(): number {
    return (this.end - this.start) / PGSIZE;
  }

  contains(va: number): boolean {
    return va >= this.start && va < this.end;
  }

  fields(): VmaFields {
    const { start, end, flags, backing, backingId, offset, nameId } = this;
    return { start, end, flags, backing, backingId, offset, nameId };
  }

  override toString(): string {
    return `vma ${hex(this.start)}-${hex(this.end)} flags ${this.flags.toString(16)}`;
  }
}

/** A new VMA record holding `fields` (not yet linked), or null when RAM is exhausted. */
export function allocVma(kmem: Kmem, fields: VmaFields): Vma | null {
  const pa = kmem.slab.kmalloc(VMA_RECORD_BYTES);
  if (pa === null) return null;
  const mem = kmem.mem;
  mem.write32(pa + START, fields.start);
  mem.write32(pa + END, fields.end);
  mem.write32(pa + FLAGS, fields.flags);
  mem.write32(pa + BACKING, fields.backing);
  mem.write32(pa + BACKING_ID, fields.backingId);
  mem.write32(pa + OFFSET, fields.offset);
  mem.write32(pa + NAME_ID, fields.nameId);
  return new Vma(kmem, pa);
}

/** Free a VMA record (already unlinked). */
export function freeVma(vma: Vma): void {
  vma.kmem.slab.kfree(vma.pa);
}

/**
 * Can `next`, which starts where `prev` ends, be folded into `prev`? Same
 * flags, backing and name, and for file or shared backing the offsets must
 * continue. (Linux merges on the same conditions; names stand in for its
 * anon_vma and file checks.)
 */
export function canMerge(prev: Vma, next: Vma): boolean {
  if (prev.end !== next.start || prev.flags !== next.flags) return false;
  if (prev.backing !== next.backing || prev.backingId !== next.backingId || prev.nameId !== next.nameId) return false;
  return prev.backing === BACKING_ANON || prev.offset + (prev.end - prev.start) === next.offset;
}
