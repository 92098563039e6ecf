import { describe, expect, it } from 'vitest';
import { ArrayPhysicalMemory } from '../../src/kernel/phys.js';
import { FrameAllocator, MAX_ORDER } from '../../src/kernel/frames.js';
import { KernelPanic } from '../../src/kernel/errors.js';

const BASE = 0x8000_0000;
const PAGE = 4096;

// A frame allocator over `frames` frames of RAM; every test ends with its invariants checked.
function allocator(frames: number, reservedBytes = 0): FrameAllocator {
  return new FrameAllocator(new ArrayPhysicalMemory(frames * PAGE), { reservedBytes });
}

function sum(counts: Record<string, number>): number {
  return Object.values(counts).reduce((a, b) => a + b, 0);
}

describe('buddy frame allocator', () => {
  it('tiles 128 MiB of RAM with 32 blocks of the largest order', () => {
    const fa = new FrameAllocator(new ArrayPhysicalMemory());
    expect(fa.nframes).toBe(32768);
    expect(MAX_ORDER).toBe(10);
    expect(fa.freeBlocksByOrder()).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 32]);
    expect(fa.framesByOwner()).toEqual({ free: 32768 });
    fa.checkInvariants();
  });

  it('splits the lowest smallest block and hands out ascending addresses', () => {
    const fa = allocator(16);
    expect(fa.freeBlocksByOrder().slice(0, 5)).toEqual([0, 0, 0, 0, 1]);
    expect(fa.allocFrame({ pid: 1 })).toBe(BASE);
    // Splitting the order-4 block left one free block of each order 0..3.
    expect(fa.freeBlocksByOrder().slice(0, 5)).toEqual([1, 1, 1, 1, 0]);
    expect(fa.allocFrame({ pid: 1 })).toBe(BASE + 1 * PAGE);
    expect(fa.allocFrame({ pid: 1 })).toBe(BASE + 2 * PAGE);
    expect(fa.freeBlocksByOrder().slice(0, 5)).toEqual([1, 0, 1, 1, 0]);
    expect(fa.allocFrames(2, 'slab')).toBe(BASE + 4 * PAGE);
    expect(fa.allocFrames(3, 'kernel')).toBe(BASE + 8 * PAGE);
    expect(fa.allocFrame('page-table')).toBe(BASE + 3 * PAGE);
    expect(fa.allocFrame('page-table')).toBeNull();
    expect(fa.allocFrames(1, 'slab')).toBeNull();
    expect(fa.framesByOwner()).toEqual({ 'pid 1': 3, slab: 4, kernel: 8, 'page-table': 1 });
    fa.checkInvariants();
  });

  it('merges freed buddies back up to the largest block', () => {
    const fa = allocator(16);
    const frames = [0, 1, 2, 3].map(() => fa.allocFrame({ pid: 2 })!);
    fa.freeFrame(frames[1]!);
    expect(fa.freeBlocksByOrder().slice(0, 5)).toEqual([1, 0, 1, 1, 0]);
    fa.freeFrame(frames[0]!); // merges with 1 into an order-1 block at 0
    expect(fa.freeBlocksByOrder().slice(0, 5)).toEqual([0, 1, 1, 1, 0]);
    fa.freeFrame(frames[3]!);
    fa.freeFrame(frames[2]!); // 2+3, then 0..3, 0..7, 0..15
    expect(fa.freeBlocksByOrder().slice(0, 5)).toEqual([0, 0, 0, 0, 1]);
    expect(fa.framesByOwner()).toEqual({ free: 16 });
    fa.checkInvariants();
  });

  it('aligns multi-frame blocks to their size', () => {
    const fa = allocator(16);
    expect(fa.allocFrame('slab')).toBe(BASE);
    expect(fa.allocFrames(2, { pid: 3 })).toBe(BASE + 4 * PAGE);
    expect(fa.allocFrames(1, { pid: 3 })).toBe(BASE + 2 * PAGE);
    expect(fa.ownerOf(BASE + 5 * PAGE)).toEqual({ pid: 3 });
    fa.freeFrame(BASE + 4 * PAGE);
    expect(fa.ownerOf(BASE + 5 * PAGE)).toBe('free');
    fa.checkInvariants();
  });

  it('accounts the reserved start of RAM to the kernel', () => {
    const fa = allocator(16, 3 * PAGE);
    expect(fa.framesByOwner()).toEqual({ kernel: 3, free: 13 });
    // Free blocks: frame 3 (order 0), 4..7 (order 2), 8..15 (order 3).
    expect(fa.freeBlocksByOrder().slice(0, 5)).toEqual([1, 0, 1, 1, 0]);
    expect(fa.allocFrame({ pid: 1 })).toBe(BASE + 3 * PAGE);
    expect(fa.allocFrame({ pid: 1 })).toBe(BASE + 4 * PAGE);
    expect(fa.ownerOf(BASE)).toBe('kernel');
    fa.checkInvariants();
  });

  it('hands out zeroed frames', () => {
    const fa = allocator(4);
    const pa = fa.allocFrame({ pid: 1 })!;
    fa.mem.fill(pa, PAGE, 0xaa);
    fa.freeFrame(pa);
    expect(fa.allocFrame({ pid: 1 })).toBe(pa);
    expect(fa.mem.read(pa, PAGE).every((b) => b === 0)).toBe(true);
  });

  it('counts references and frees on the last decRef', () => {
    const fa = allocator(4);
    const pa = fa.allocFrame({ pid: 1 })!;
    expect(fa.refCount(pa)).toBe(1);
    expect(fa.incRef(pa)).toBe(2);
    expect(fa.incRef(pa)).toBe(3);
    expect(() => fa.freeFrame(pa)).toThrow('freeFrame: frame 0x80000000 has 3 references');
    expect(fa.decRef(pa)).toBe(2);
    expect(fa.decRef(pa)).toBe(1);
    expect(fa.ownerOf(pa)).toEqual({ pid: 1 });
    expect(fa.decRef(pa)).toBe(0);
    expect(fa.ownerOf(pa)).toBe('free');
    expect(fa.refCount(pa)).toBe(0);
    expect(fa.framesByOwner()).toEqual({ free: 4 });
    fa.checkInvariants();
  });

  it('panics, naming the function, on misuse', () => {
    const fa = allocator(4);
    const pair = fa.allocFrames(1, { pid: 1 })!;
    expect(() => fa.freeFrame(pair + PAGE)).toThrow(KernelPanic);
    expect(() => fa.freeFrame(pair + PAGE)).toThrow('freeFrame: 0x80001000 is not an allocated block');
    expect(() => fa.incRef(pair)).toThrow('incRef: 0x80000000 heads an order-1 block');
    expect(() => fa.freeFrame(0x1000)).toThrow('freeFrame: 0x00001000 is not a RAM frame');
    expect(() => fa.allocFrame({ pid: 0 })).toThrow('allocFrames: bad owner pid 0');
    expect(() => fa.allocFrames(11, 'slab')).toThrow('allocFrames: bad order 11');
    fa.freeFrame(pair);
    expect(() => fa.freeFrame(pair)).toThrow('freeFrame: 0x80000000 is not an allocated block');
    fa.checkInvariants();
  });

  it('notices broken bookkeeping', () => {
    const fa = allocator(4);
    fa.allocFrame({ pid: 1 });
    // Corrupt the private owner table to prove the check can fail.
    (fa as unknown as { owner: Int32Array }).owner[0] = 0;
    expect(() => fa.checkInvariants()).toThrow(/^checkInvariants: frame 0 reference count 1 vs owner free$/);
  });

  it('keeps its invariants through a long deterministic mixed workload', () => {
    const fa = allocator(64, 2 * PAGE);
    const held: number[] = [];
    let seed = 12345;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31);
    for (let step = 0; step < 2000; step++) {
      if (held.length > 0 && next() % 3 === 0) {
        fa.freeFrame(held.splice(next() % held.length, 1)[0]!);
      } else {
        const pa = fa.allocFrames(next() % 3, { pid: 1 + (next() % 4) });
        if (pa !== null) held.push(pa);
      }
      fa.checkInvariants();
      expect(sum(fa.framesByOwner())).toBe(64);
    }
    for (const pa of held) fa.freeFrame(pa);
    expect(fa.framesByOwner()).toEqual({ kernel: 2, free: 62 });
    fa.checkInvariants();
  });

  it('rejects RAM that is not whole frames', () => {
    expect(() => new FrameAllocator(new ArrayPhysicalMemory(PAGE + 1))).toThrow('is not whole 4 KiB frames');
    expect(() => allocator(4, 4 * PAGE)).toThrow('reservedBytes 16384 must be whole frames and leave some RAM');
  });
});
