// The physical frame map: who owns each 4 KiB frame of RAM, as counts and as
// runs over physical memory (so a reader sees processes' frames interleave).
import type { FrameAllocator } from '../kernel/index.js';
import type { FrameMap, FrameRun, OwnerKey } from './types.js';

const FRAME_BYTES = 4096;

/** The owner of the frame at pa, named as framesByOwner names it. */
export function ownerKey(frames: FrameAllocator, pa: number): OwnerKey {
  const owner = frames.ownerOf(pa);
  return typeof owner === 'string' ? owner : `pid ${owner.pid}`;
}

export function frameMap(frames: FrameAllocator): FrameMap {
  const ramBase = frames.mem.ramBase;
  const counts: Record<OwnerKey, number> = {};
  const runs: FrameRun[] = [];
  for (let i = 0; i < frames.nframes; i++) {
    const pa = ramBase + i * FRAME_BYTES;
    const owner = ownerKey(frames, pa);
    counts[owner] = (counts[owner] ?? 0) + 1;
    const last = runs[runs.length - 1];
    if (last !== undefined && last.owner === owner) last.frames++;
    else runs.push({ pa, frames: 1, owner });
  }
  return { ramBase, frames: frames.nframes, counts: sortedCounts(counts), runs };
}

/** Owners in a fixed order: free, kernel, page-table, slab, then processes by pid. */
export function ownerOrder(a: OwnerKey, b: OwnerKey): number {
  const rank = (k: OwnerKey): number => {
    const fixed = ['free', 'kernel', 'page-table', 'slab'].indexOf(k);
    return fixed >= 0 ? fixed : 4 + Number(k.slice(4));
  };
  return rank(a) - rank(b);
}

function sortedCounts(counts: Record<OwnerKey, number>): Record<OwnerKey, number> {
  return Object.fromEntries(Object.keys(counts).sort(ownerOrder).map((k) => [k, counts[k]!]));
}
