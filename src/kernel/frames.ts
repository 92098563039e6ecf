import { KernelInputError, panic } from './errors.js';
import { PGSHIFT, PGSIZE, hex } from './param.js';
import type { PhysicalMemory } from './phys.js';

/**
 * The physical frame allocator: a binary buddy allocator over the 4 KiB
 * frames of RAM (like Linux's page allocator; xv6's kalloc.c is its order-0
 * special case).
 *
 * A block of order k is 2^k frames, aligned to 2^k frames relative to the RAM
 * base; its buddy is the block whose frame index differs in bit k. Freeing a
 * block merges it with its buddy while the buddy is free and of the same order.
 *
 * Every frame has an owner at all times: free, the kernel's reserved frames
 * at the start of RAM, a page-table page, a slab page, or a user page of
 * process `pid`. User pages carry a reference count so copy-on-write can share
 * them; a frame goes back to the free lists when its count drops to zero.
 *
 * The allocator's own metadata (free lists, owners, orders, counts) lives in
 * TypeScript arrays, not in emulated RAM: it stands for the kernel's static
 * data (Linux's mem_map), which user programs can never reach anyway.
 *
 * Allocation is deterministic: the smallest order that fits, then the lowest
 * address of that order.
 */

/** 2^10 frames = 4 MiB, an Sv32 megapage: the largest block. */
export const MAX_ORDER = 10;

export interface UserOwner {
  readonly pid: number;
}
export type FrameOwner = 'kernel' | 'page-table' | 'slab' | UserOwner;

// Owner codes in `owner[]`: positive numbers are pids.
const OWNER_FREE = 0;
const OWNER_KERNEL = -1;
const OWNER_PAGE_TABLE = -2;
const OWNER_SLAB = -3;

export interface FrameAllocatorOptions {
  /** Bytes at the start of RAM the kernel keeps for itself (owner 'kernel'); a multiple of 4 KiB. */
  reservedBytes?: number;
}

export class FrameAllocator {
  readonly mem: PhysicalMemory;
  /** Frames handed out since boot (a block counts all its frames): the kernel's work meter reads it. */
  allocatedTotal = 0;
  /** Number of frames in RAM. */
  readonly nframes: number;
  // Per frame: owner code, reference count, and the block order if this frame
  // heads a block (free or allocated), -1 for the other frames of a block.
  private readonly owner: Int32Array;
  private readonly refs: Int32Array;
  private readonly order: Int8Array;
  // Per order: frame indexes of the free blocks, ascending.
  private readonly freeLists: number[][] = [];
  // Allocated frames per owner code, kept up to date by claim and release so
  // framesByOwner costs O(owners), not O(frames): the kernel samples it often.
  private readonly owned = new Map<number, number>();

  constructor(mem: PhysicalMemory, options: FrameAllocatorOptions = {}) {
    const reserved = options.reservedBytes ?? 0;
    if (mem.ramBytes <= 0 || mem.ramBytes % PGSIZE !== 0 || mem.ramBase % PGSIZE !== 0) {
      throw new KernelInputError(`frame allocator: RAM ${hex(mem.ramBase)}+${mem.ramBytes} is not whole 4 KiB frames`);
    }
    if (reserved < 0 || reserved % PGSIZE !== 0 || reserved >= mem.ramBytes) {
      throw new KernelInputError(`frame allocator: reservedBytes ${reserved} must be whole frames and leave some RAM`);
    }
    this.mem = mem;
    this.nframes = mem.ramBytes >>> PGSHIFT;
    this.owner = new Int32Array(this.nframes);
    this.refs = new Int32Array(this.nframes);
    this.order = new Int8Array(this.nframes).fill(-1);
    for (let k = 0; k <= MAX_ORDER; k++) this.freeLists.push([]);
    const reservedFrames = reserved >>> PGSHIFT;
    forEachAlignedBlock(0, reservedFrames, (i, k) => this.claim(i, k, OWNER_KERNEL));
    forEachAlignedBlock(reservedFrames, this.nframes, (i, k) => this.pushFree(i, k));
  }

  /** One zeroed frame for `owner`; its physical address, or null when RAM is exhausted. */
  allocFrame(owner: FrameOwner): number | null {
    return this.allocFrames(0, owner);
  }

  /** A zeroed block of 2^order contiguous frames, aligned to its size; null when none is free. */
  allocFrames(order: number, owner: FrameOwner): number | null {
    if (!Number.isInteger(order) || order < 0 || order > MAX_ORDER) panic('allocFrames', `bad order ${order}`);
    const code = ownerCode('allocFrames', owner);
    let k = order;
    while (k <= MAX_ORDER && this.freeLists[k]!.length === 0) k++;
    if (k > MAX_ORDER) return null;
    const i = this.popFree(k);
    // Split: keep the lower half, give the upper half back at the next order down.
    while (k > order) {
      k--;
      this.pushFree(i + (1 << k), k);
    }
    this.claim(i, order, code);
    this.allocatedTotal += 1 << order;
    const pa = this.frameAddr(i);
    this.mem.fill(pa, PGSIZE << order, 0);
    return pa;
  }

  /** Free the block that starts at pa; it must not be shared (reference count 1). */
  freeFrame(pa: number): void {
    const i = this.headIndex('freeFrame', pa);
    if (this.refs[i] !== 1) panic('freeFrame', `frame ${hex(pa)} has ${this.refs[i]} references`);
    this.release(i);
  }

  /** Add a reference to a single allocated frame (copy-on-write sharing); returns the new count. */
  incRef(pa: number): number {
    const i = this.singleFrameIndex('incRef', pa);
    return ++this.refs[i]!;
  }

  /** Drop a reference; the frame is freed when none remain. Returns the new count. */
  decRef(pa: number): number {
    const i = this.singleFrameIndex('decRef', pa);
    const left = --this.refs[i]!;
    if (left === 0) this.release(i);
    return left;
  }

  refCount(pa: number): number {
    return this.refs[this.indexOf('refCount', pa)]!;
  }

  /** Who owns the frame at pa ('free' if nobody). */
  ownerOf(pa: number): FrameOwner | 'free' {
    return ownerName(this.owner[this.indexOf('ownerOf', pa)]!);
  }

  /** Number of free frames. */
  freeFrames(): number {
    let n = 0;
    for (let k = 0; k <= MAX_ORDER; k++) n += this.freeLists[k]!.length << k;
    return n;
  }

  /** Frames per owner: keys 'free', 'kernel', 'page-table', 'slab', 'pid N'; zero counts are left out. */
  framesByOwner(): Record<string, number> {
    const counts: Record<string, number> = {};
    const free = this.freeFrames();
    if (free > 0) counts.free = free;
    for (const [code, n] of this.owned) counts[ownerKey(code)] = n;
    return counts;
  }

  /** Free blocks per order, lowest order first (for teaching displays and tests). */
  freeBlocksByOrder(): number[] {
    return this.freeLists.map((list) => list.length);
  }

  /**
   * Check the allocator's invariants, panicking on the first broken one:
   * RAM is tiled by aligned blocks; free blocks are exactly the free-list
   * entries, unshared and unmerged with a free buddy of the same order;
   * allocated frames have a reference and one owner per block; the frames by
   * owner sum to the RAM frames.
   */
  checkInvariants(): void {
    const fn = 'checkInvariants';
    let freeBlocks = 0;
    for (let i = 0; i < this.nframes; ) {
      const k = this.order[i]!;
      if (k < 0) panic(fn, `frame ${i} is not covered by a block`);
      const size = 1 << k;
      if (i % size !== 0 || i + size > this.nframes) panic(fn, `block ${i} order ${k} misaligned or past RAM`);
      const code = this.owner[i]!;
      for (let j = i; j < i + size; j++) {
        if (j > i && this.order[j] !== -1) panic(fn, `frame ${j} inside block ${i} heads a block`);
        if (this.owner[j] !== code) panic(fn, `block ${i} has mixed owners`);
        if ((this.refs[j] === 0) !== (code === OWNER_FREE)) panic(fn, `frame ${j} reference count ${this.refs[j]} vs owner ${ownerKey(code)}`);
      }
      if (code === OWNER_FREE) {
        freeBlocks++;
        if (indexOfSorted(this.freeLists[k]!, i) < 0) panic(fn, `free block ${i} order ${k} missing from its free list`);
        const buddy = i ^ size;
        if (k < MAX_ORDER && this.isFreeHead(buddy, k)) panic(fn, `free block ${i} and its buddy ${buddy} not merged`);
      }
      i += size;
    }
    let listed = 0;
    for (let k = 0; k <= MAX_ORDER; k++) {
      const list = this.freeLists[k]!;
      for (let n = 0; n < list.length; n++) {
        if (n > 0 && list[n - 1]! >= list[n]!) panic(fn, `free list ${k} not ascending`);
        if (!this.isFreeHead(list[n]!, k)) panic(fn, `free list ${k} entry ${list[n]} is not a free block of that order`);
      }
      listed += list.length;
    }
    if (listed !== freeBlocks) panic(fn, `${listed} listed free blocks, ${freeBlocks} in RAM`);
    for (const [code, n] of this.owned) {
      const scanned = this.owner.reduce((count, c) => count + (c === code ? 1 : 0), 0);
      if (scanned !== n) panic(fn, `owner ${ownerKey(code)} has ${scanned} frames, counted ${n}`);
    }
    const total = Object.values(this.framesByOwner()).reduce((a, b) => a + b, 0);
    if (total !== this.nframes) panic(fn, `frames by owner sum to ${total}, RAM has ${this.nframes}`);
  }

  private frameAddr(i: number): number {
    return this.mem.ramBase + i * PGSIZE;
  }

  // The frame index of pa, which must be a frame address in RAM.
  private indexOf(fn: string, pa: number): number {
    const off = pa - this.mem.ramBase;
    if (off < 0 || off % PGSIZE !== 0 || off >= this.mem.ramBytes) panic(fn, `${hex(pa)} is not a RAM frame`);
    return off / PGSIZE;
  }

  // The index of an allocated block head at pa.
  private headIndex(fn: string, pa: number): number {
    const i = this.indexOf(fn, pa);
    if (this.order[i]! < 0 || this.owner[i] === OWNER_FREE) panic(fn, `${hex(pa)} is not an allocated block`);
    return i;
  }

  // The index of an allocated order-0 block at pa (only those are shared).
  private singleFrameIndex(fn: string, pa: number): number {
    const i = this.headIndex(fn, pa);
    if (this.order[i] !== 0) panic(fn, `${hex(pa)} heads an order-${this.order[i]} block`);
    return i;
  }

  private isFreeHead(i: number, k: number): boolean {
    return i + (1 << k) <= this.nframes && this.order[i] === k && this.owner[i] === OWNER_FREE;
  }

  // Mark the block at i, order k, allocated to `code` with one reference.
  private claim(i: number, k: number, code: number): void {
    this.owned.set(code, (this.owned.get(code) ?? 0) + (1 << k));
    this.order[i] = k;
    this.owner.fill(code, i, i + (1 << k));
    this.refs.fill(1, i, i + (1 << k));
  }

  // Return the allocated block at i to the free lists, merging with free buddies.
  private release(i: number): void {
    let k = this.order[i]!;
    const code = this.owner[i]!;
    const left = this.owned.get(code)! - (1 << k);
    if (left === 0) this.owned.delete(code);
    else this.owned.set(code, left);
    this.owner.fill(OWNER_FREE, i, i + (1 << k));
    this.refs.fill(0, i, i + (1 << k));
    this.order[i] = -1;
    while (k < MAX_ORDER) {
      const buddy = i ^ (1 << k);
      if (!this.isFreeHead(buddy, k)) break;
      removeSorted(this.freeLists[k]!, buddy);
      this.order[buddy] = -1;
      i = Math.min(i, buddy);
      k++;
    }
    this.pushFree(i, k);
  }

  private pushFree(i: number, k: number): void {
    this.order[i] = k;
    this.owner.fill(OWNER_FREE, i, i + (1 << k));
    this.refs.fill(0, i, i + (1 << k));
    insertSorted(this.freeLists[k]!, i);
  }

  // Take the lowest free block of order k off its list.
  private popFree(k: number): number {
    const i = this.freeLists[k]!.shift()!;
    this.order[i] = -1;
    return i;
  }
}

// Tile frames [from, to) with the largest aligned blocks that fit, in address order.
function forEachAlignedBlock(from: number, to: number, visit: (i: number, k: number) => void): void {
  let i = from;
  while (i < to) {
    let k = MAX_ORDER;
    while (k > 0 && (i % (1 << k) !== 0 || i + (1 << k) > to)) k--;
    visit(i, k);
    i += 1 << k;
  }
}

function ownerCode(fn: string, owner: FrameOwner): number {
  switch (owner) {
    case 'kernel':
      return OWNER_KERNEL;
    case 'page-table':
      return OWNER_PAGE_TABLE;
    case 'slab':
      return OWNER_SLAB;
    default:
      if (!Number.isInteger(owner.pid) || owner.pid < 1) panic(fn, `bad owner pid ${owner.pid}`);
      return owner.pid;
  }
}

function ownerName(code: number): FrameOwner | 'free' {
  switch (code) {
    case OWNER_FREE:
      return 'free';
    case OWNER_KERNEL:
      return 'kernel';
    case OWNER_PAGE_TABLE:
      return 'page-table';
    case OWNER_SLAB:
      return 'slab';
    default:
      return { pid: code };
  }
}

function ownerKey(code: number): string {
  const name = ownerName(code);
  return typeof name === 'string' ? name : `pid ${name.pid}`;
}

function lowerBound(list: number[], x: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (list[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function indexOfSorted(list: number[], x: number): number {
  const at = lowerBound(list, x);
  return list[at] === x ? at : -1;
}

function insertSorted(list: number[], x: number): void {
  list.splice(lowerBound(list, x), 0, x);
}

function removeSorted(list: number[], x: number): void {
  const at = indexOfSorted(list, x);
  if (at < 0) panic('removeSorted', `${x} not listed`);
  list.splice(at, 1);
}
