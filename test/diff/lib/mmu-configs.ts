// MMU configurations the differential suites rotate through: architectural
// results must depend neither on the modeled TLB (the suites never rely on a
// stale entry) nor on mmulab's fast translation paths, so a tiny, a
// set-associative FIFO, a random-replacement and a split TLB, with and
// without fast paths, must all give what the default machine gives.
import type { MachineOptions } from '../../../src/machine/index.js';

export type MmuConfig = Pick<MachineOptions, 'tlb' | 'fastPaths'>;

export const MMU_CONFIGS: readonly MmuConfig[] = [
  {}, // the default TLB, fast paths on
  { fastPaths: false },
  { tlb: { entries: 1, ways: 1, policy: 'lru' } }, // every new translation evicts the last
  { tlb: { entries: 8, ways: 2, policy: 'fifo' } },
  { tlb: { entries: 16, ways: 16, policy: 'random' }, fastPaths: false },
  { tlb: { itlb: { entries: 2, ways: 1, policy: 'lru' }, dtlb: { entries: 4, ways: 4, policy: 'random' } } },
];

/** A readable name for a configuration, for test titles. */
export function describeMmuConfig(config: MmuConfig): string {
  const shape = config.tlb;
  let tlb = 'default TLB';
  if (shape && 'itlb' in shape) {
    const { itlb: i, dtlb: d } = shape;
    tlb = `split TLB (I ${i.entries}x${i.ways} ${i.policy}, D ${d.entries}x${d.ways} ${d.policy})`;
  } else if (shape) {
    tlb = `${shape.entries}-entry ${shape.ways}-way ${shape.policy} TLB`;
  }
  return config.fastPaths === false ? `${tlb}, no fast paths` : tlb;
}
