import { panic } from './errors.js';
import type { FrameAllocator } from './frames.js';
import { PGSIZE, hex, pgRoundDown } from './param.js';

/**
 * kmalloc: the kernel's small-object allocator. Objects of 32..2048 bytes
 * come from power-of-two size classes; each class carves whole frames (owner
 * 'slab') into equal objects. The objects live in emulated RAM, so a kernel
 * record stored in one (a VMA, an address-space record) is real memory a
 * debugger can dump.
 *
 * Like the frame allocator, the bookkeeping (which objects of a slab are in
 * use) is kept in TypeScript rather than threaded through the free objects:
 * it is easier to read and check, and nothing user-visible depends on it.
 *
 * Deterministic: the lowest free object of the lowest-addressed slab with
 * room. A slab whose last object is freed returns its frame at once.
 */

export const SLAB_SIZE_CLASSES: readonly number[] = [32, 64, 128, 256, 512, 1024, 2048];

interface Slab {
  readonly pa: number;
  readonly objectSize: number;
  readonly inUse: Uint8Array; // one flag per object
  used: number;
}

export interface SlabCacheStats {
  objectSize: number;
  slabs: number;
  objectsInUse: number;
}

export class SlabAllocator {
  private readonly frames: FrameAllocator;
  // Per size class, its slabs in ascending address order.
  private readonly caches = new Map<number, Slab[]>();
  private readonly slabByFrame = new Map<number, Slab>();

  constructor(frames: FrameAllocator) {
    this.frames = frames;
    for (const size of SLAB_SIZE_CLASSES) this.caches.set(size, []);
  }

  /** The size class that serves a request of `size` bytes. */
  static sizeClass(size: number): number {
    const cls = SLAB_SIZE_CLASSES.find((c) => c >= size);
    if (cls === undefined || !Number.isInteger(size) || size <= 0) panic('sizeClass', `no size class for ${size} bytes`);
    return cls;
  }

  /** A zeroed object of at least `size` bytes; its physical address, or null when RAM is exhausted. */
  kmalloc(size: number): number | null {
    const objectSize = SlabAllocator.sizeClass(size);
    const slabs = this.caches.get(objectSize)!;
    const slab = slabs.find((s) => s.used < s.inUse.length) ?? this.newSlab(objectSize);
    if (slab === null) return null;
    const n = slab.inUse.indexOf(0);
    slab.inUse[n] = 1;
    slab.used++;
    const pa = slab.pa + n * objectSize;
    this.frames.mem.fill(pa, objectSize, 0);
    return pa;
  }

  /** Free an object kmalloc returned; the slab's frame goes back when it empties. */
  kfree(pa: number): void {
    const slab = this.slabByFrame.get(pgRoundDown(pa));
    const offset = pa - pgRoundDown(pa);
    if (slab === undefined || offset % slab.objectSize !== 0) panic('kfree', `${hex(pa)} is not a slab object`);
    const n = offset / slab.objectSize;
    if (slab.inUse[n] === 0) panic('kfree', `double free of ${hex(pa)}`);
    slab.inUse[n] = 0;
    slab.used--;
    if (slab.used === 0) this.dropSlab(slab);
  }

  /** Per size class: slabs and objects in use. */
  stats(): SlabCacheStats[] {
    return SLAB_SIZE_CLASSES.map((objectSize) => {
      const slabs = this.caches.get(objectSize)!;
      return { objectSize, slabs: slabs.length, objectsInUse: slabs.reduce((n, s) => n + s.used, 0) };
    });
  }

  /** Panics unless every slab is a non-empty 'slab' frame with a correct use count. */
  checkInvariants(): void {
    for (const [objectSize, slabs] of this.caches) {
      for (const slab of slabs) {
        const counted = slab.inUse.reduce((n, f) => n + f, 0);
        if (slab.used !== counted || slab.used === 0) panic('checkInvariants', `slab ${hex(slab.pa)} counts ${slab.used}, flags ${counted}`);
        if (slab.objectSize !== objectSize || this.slabByFrame.get(slab.pa) !== slab) panic('checkInvariants', `slab ${hex(slab.pa)} misfiled`);
        if (this.frames.ownerOf(slab.pa) !== 'slab') panic('checkInvariants', `slab ${hex(slab.pa)} frame not owned by slab`);
      }
    }
  }

  private newSlab(objectSize: number): Slab | null {
    const pa = this.frames.allocFrame('slab');
    if (pa === null) return null;
    const slab: Slab = { pa, objectSize, inUse: new Uint8Array(PGSIZE / objectSize), used: 0 };
    const slabs = this.caches.get(objectSize)!;
    const at = slabs.findIndex((s) => s.pa > pa);
    slabs.splice(at < 0 ? slabs.length : at, 0, slab);
    this.slabByFrame.set(pa, slab);
    return slab;
  }

  private dropSlab(slab: Slab): void {
    const slabs = this.caches.get(slab.objectSize)!;
    slabs.splice(slabs.indexOf(slab), 1);
    this.slabByFrame.delete(slab.pa);
    this.frames.freeFrame(slab.pa);
  }
}
