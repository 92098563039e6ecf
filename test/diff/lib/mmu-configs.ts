// TLB shapes the differential suites rotate through: architectural results
// must not depend on the modeled TLB (the suites never rely on a stale
// entry), so a tiny, a set-associative FIFO, a random-replacement and a split
// TLB must all give what the default one gives.
import type { MachineOptions } from '../../../src/machine/index.js';

export const TLB_SHAPES: readonly (MachineOptions['tlb'] | undefined)[] = [
  undefined, // the default
  { entries: 1, ways: 1, policy: 'lru' }, // every new translation evicts the last
  { entries: 8, ways: 2, policy: 'fifo' },
  { entries: 16, ways: 16, policy: 'random' },
  { itlb: { entries: 2, ways: 1, policy: 'lru' }, dtlb: { entries: 4, ways: 4, policy: 'random' } },
];

/** A readable name for a shape, for test titles. */
export function describeTlb(shape: MachineOptions['tlb'] | undefined): string {
  if (!shape) return 'default TLB';
  if ('itlb' in shape) return `split TLB (I ${shape.itlb.entries}x${shape.itlb.ways} ${shape.itlb.policy}, D ${shape.dtlb.entries}x${shape.dtlb.ways} ${shape.dtlb.policy})`;
  return `${shape.entries}-entry ${shape.ways}-way ${shape.policy} TLB`;
}
