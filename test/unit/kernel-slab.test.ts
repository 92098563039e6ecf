import { afterEach, describe, expect, it } from 'vitest';
import { ArrayPhysicalMemory } from '../../src/kernel/phys.js';
import { FrameAllocator } from '../../src/kernel/frames.js';
import { SLAB_SIZE_CLASSES, SlabAllocator } from '../../src/kernel/slab.js';

const BASE = 0x8000_0000;
const PAGE = 4096;

let frames: FrameAllocator;
let slab: SlabAllocator;

function setup(nframes = 16): void {
  frames = new FrameAllocator(new ArrayPhysicalMemory(nframes * PAGE));
  slab = new SlabAllocator(frames);
}

afterEach(() => {
  frames.checkInvariants();
  slab.checkInvariants();
  expect(Object.values(frames.framesByOwner()).reduce((a, b) => a + b, 0)).toBe(frames.nframes);
});

describe('slab allocator', () => {
  it('rounds requests up to power-of-two size classes from 32 to 2048 bytes', () => {
    setup();
    expect(SLAB_SIZE_CLASSES).toEqual([32, 64, 128, 256, 512, 1024, 2048]);
    expect([1, 32, 33, 64, 65, 200, 1000, 1025, 2048].map(SlabAllocator.sizeClass)).toEqual([
      32, 32, 64, 64, 128, 256, 1024, 2048, 2048,
    ]);
    expect(() => SlabAllocator.sizeClass(2049)).toThrow('sizeClass: no size class for 2049 bytes');
    expect(() => SlabAllocator.sizeClass(0)).toThrow('sizeClass: no size class for 0 bytes');
  });

  it('carves one frame per slab into objects, lowest first', () => {
    setup();
    expect(slab.kmalloc(24)).toBe(BASE);
    expect(slab.kmalloc(32)).toBe(BASE + 32);
    expect(slab.kmalloc(100)).toBe(BASE + PAGE); // a new slab for the 128-byte class
    expect(slab.kmalloc(20)).toBe(BASE + 64);
    expect(frames.framesByOwner()).toEqual({ slab: 2, free: 14 });
    expect(slab.stats().slice(0, 3)).toEqual([
      { objectSize: 32, slabs: 1, objectsInUse: 3 },
      { objectSize: 64, slabs: 0, objectsInUse: 0 },
      { objectSize: 128, slabs: 1, objectsInUse: 1 },
    ]);
  });

  it('starts a second slab when the first is full and returns frames of empty slabs', () => {
    setup();
    const objects = Array.from({ length: PAGE / 2048 + 1 }, () => slab.kmalloc(2048)!);
    expect(objects).toEqual([BASE, BASE + 2048, BASE + PAGE]);
    expect(frames.framesByOwner()).toEqual({ slab: 2, free: 14 });
    slab.kfree(BASE + PAGE);
    expect(frames.ownerOf(BASE + PAGE)).toBe('free');
    slab.kfree(BASE);
    expect(frames.ownerOf(BASE)).toBe('slab');
    expect(slab.kmalloc(2048)).toBe(BASE); // the free hole in the remaining slab
    slab.kfree(BASE);
    slab.kfree(BASE + 2048);
    expect(frames.framesByOwner()).toEqual({ free: 16 });
  });

  it('zeroes objects it hands out', () => {
    setup();
    const pa = slab.kmalloc(64)!;
    const other = slab.kmalloc(64)!; // keeps the slab alive
    frames.mem.fill(pa, 64, 0x5a);
    slab.kfree(pa);
    expect(slab.kmalloc(64)).toBe(pa);
    expect(frames.mem.read(pa, 64).every((b) => b === 0)).toBe(true);
    slab.kfree(pa);
    slab.kfree(other);
  });

  it('returns null when no frame is left for a new slab', () => {
    setup(1);
    expect(slab.kmalloc(2048)).toBe(BASE);
    expect(slab.kmalloc(2048)).toBe(BASE + 2048);
    expect(slab.kmalloc(2048)).toBeNull();
    expect(slab.kmalloc(32)).toBeNull();
  });

  it('panics on frees of non-objects and double frees', () => {
    setup();
    const pa = slab.kmalloc(64)!;
    const keep = slab.kmalloc(64)!;
    expect(() => slab.kfree(pa + 8)).toThrow('kfree: 0x80000008 is not a slab object');
    expect(() => slab.kfree(BASE + 5 * PAGE)).toThrow('kfree: 0x80005000 is not a slab object');
    slab.kfree(pa);
    expect(() => slab.kfree(pa)).toThrow('kfree: double free of 0x80000000');
    slab.kfree(keep);
  });
});
