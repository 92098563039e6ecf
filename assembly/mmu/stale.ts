// The stale-translation check (`mmulab run --check-sfence`), compiled only
// into the traced build: every hook is written `if (TRACE) stale...(...)`.
//
// A TLB entry is a copy of what its walk read: the pointer PTEs on the way
// down and the leaf (after the walker set A/D). When software then writes one
// of those PTEs with a different value, the entry no longer says what the
// page table says, and only SFENCE.VMA makes the hardware drop it (the
// privileged spec, "Supervisor Memory-Management Fence Instruction"). Using
// the entry before that is the bug this check reports: on each TLB hit of an
// entry marked stale it writes one TRACE_KIND_STALE record with both pcs.
//
// SFENCE.VMA needs no hook: it invalidates entries, and a refill records its
// walk afresh. The region (layout.ts STALE_*) holds first the PTEs the
// current walk reads, then entry i's bookkeeping, both laid out for Sv32's
// two levels:
//   0 level-0 PTE address (0 = not read: a megapage)   4 its value
//   8 level-1 PTE address                              12 its value
//   16 written PTE address (0 = not stale)  20 its level  24 writer's pc (STALE_HOST: the host kernel)
// The marks reach only the entries in use: those up to the highest one filled.
// (No static arrays here: their allocation would reach the release build's start.)
import { STALE_LOCATION, STALE_ENTRY_SIZE, RAM_LOCATION } from '../layout';
import { RAM_BASE, ACCESS_FETCH } from '../encoding';
import { ramBytes } from '../mem/phys';
import { traceWanted, traceStale, lastFetchedPc, TRACE_STALE } from '../trace';

/** The writer's pc when the host kernel wrote the PTE (a real pc is even). */
export const STALE_HOST: u32 = 0xffffffff;
const LEVELS: u32 = 2;

// The PTEs the current walk read, by level (its leaf is filled in by staleFilled).
const WALK_AT: u32 = STALE_LOCATION;
// Entries 0 .. entriesInUse - 1 have been filled at least once.
let entriesInUse: u32 = 0;

@inline function entryAt(i: u32): u32 {
  return STALE_LOCATION + (i + 1) * STALE_ENTRY_SIZE;
}

/** A PTE the walker read (from tracePte, before any A/D update). */
export function staleWalkRead(level: u32, pteAddress: u64, pte: u64): void {
  if (level >= LEVELS) return;
  store<u32>(WALK_AT + level * 8, <u32>pteAddress);
  store<u32>(WALK_AT + level * 8 + 4, <u32>pte);
}

/** TLB entry i now holds the last walk's translation, its leaf `leafPte` (after A/D) at leafLevel. */
export function staleFilled(i: u32, leafLevel: u32, leafPte: u64): void {
  if (!traceWanted(TRACE_STALE)) return;
  const e = entryAt(i);
  for (let level: u32 = 0; level < LEVELS; level++) {
    const read = level >= leafLevel;
    store<u32>(e + level * 8, read ? load<u32>(WALK_AT + level * 8) : 0);
    store<u32>(e + level * 8 + 4, level == leafLevel ? <u32>leafPte : load<u32>(WALK_AT + level * 8 + 4));
  }
  store<u32>(e, 0, 16);
  if (i >= entriesInUse) entriesInUse = i + 1;
}

/**
 * Physical [pa, pa + size) was just written by the instruction at `pc` (or
 * the host kernel: STALE_HOST). Marks every entry whose walk read a PTE there
 * that now holds another value; an unchanged value leaves it alone.
 */
export function staleWritten(pa: u64, size: u32, pc: u32): void {
  if (!traceWanted(TRACE_STALE)) return;
  const end = pa + <u64>size;
  for (let i: u32 = 0; i < entriesInUse; i++) {
    const e = entryAt(i);
    for (let level: u32 = 0; level < LEVELS; level++) {
      const address = <u64>load<u32>(e + level * 8);
      if (address == 0 || address + 4 <= pa || address >= end) continue;
      if (load<u32>(RAM_LOCATION + <u32>(address - <u64>RAM_BASE)) == load<u32>(e + level * 8 + 4)) continue;
      store<u32>(e, <u32>address, 16);
      store<u32>(e, level, 20);
      store<u32>(e, pc, 24);
    }
  }
}

/** The host kernel wrote [pa, pa + size) of RAM (Machine.writePhys/writePhys32). */
export function staleHostWrite(pa: u32, size: u32): void {
  if (<u64>pa - <u64>RAM_BASE < <u64>ramBytes) staleWritten(<u64>pa, size, STALE_HOST);
}

/**
 * A TLB hit on entry i translated va to pa for one access: if a PTE behind
 * the entry changed since its walk, reports it (once per write) with the pc
 * of the instruction using it (a fetch's own va; for data, the last fetch:
 * with the check on every fetch takes the traced slow path).
 */
export function staleUsed(i: u32, va: u32, pa: u64, access: u32): void {
  if (!traceWanted(TRACE_STALE)) return;
  const e = entryAt(i);
  const written = load<u32>(e, 16);
  if (written == 0) return;
  const usePc = access == ACCESS_FETCH ? va : lastFetchedPc;
  traceStale(load<u32>(e, 24), written, load<u32>(e, 20), usePc, va, pa);
  store<u32>(e, 0, 16);
}
