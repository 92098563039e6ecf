// The cost model of `mmulab bench`: what a translation costs in cycles,
// from the modeled TLB's exact counts. It is deliberately the simplest model
// that shows OSTEP's point (chapter 19): every access pays the TLB lookup,
// and a miss also pays one memory reference per level of the page-table
// walk. No caches, no overlap: a walk's PTE reads go all the way to memory.
//
//   cycles per access = h + (misses / accesses) x levels x m
//
// with h = cycles of a TLB lookup (hit or miss), m = cycles of one memory
// reference, levels = 2 (Sv32: every mapping the kernel makes is a 4 KiB
// page, found after reading the root PTE and the leaf PTE).
import { MmulabError } from '../errors.js';

export interface CostModel {
  /** h: cycles of a TLB lookup. */
  hitCycles: number;
  /** m: cycles of one memory reference (one PTE read of a walk). */
  memCycles: number;
}

/** h = 1 cycle, m = 100 cycles: a TLB in the pipeline and DRAM without caches. */
export const DEFAULT_COST_MODEL: CostModel = { hitCycles: 1, memCycles: 100 };

/** PTE reads of a Sv32 walk that ends at a 4 KiB leaf (privileged spec, 4.3.2: i = 1, then i = 0). */
export const SV32_WALK_LEVELS = 2;

/** A bad --hit-cost or --mem-cost. */
export class CostModelError extends MmulabError {
  override name = 'CostModelError';
}

/** The model with each cost checked: a finite number of cycles, 0 or more. */
export function checkCostModel(model: CostModel): CostModel {
  for (const [name, value] of [['hit cost', model.hitCycles], ['memory cost', model.memCycles]] as const) {
    if (!Number.isFinite(value) || value < 0) {
      throw new CostModelError(`${name} must be a number of cycles, 0 or more (got ${value})`);
    }
  }
  return model;
}

/** Average cycles an access spends on translation, given the TLB's exact counts. */
export function cyclesPerAccess(model: CostModel, counts: { accesses: number; misses: number }): number {
  if (counts.accesses === 0) return 0;
  return model.hitCycles + (counts.misses / counts.accesses) * SV32_WALK_LEVELS * model.memCycles;
}
