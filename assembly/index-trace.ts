// The traced build's entry (asconfig target "trace"): the release exports
// plus where the trace ring lives. Its presence tells the host the build traces.
export * from './index';
import { TRACE_RING_LOCATION } from './layout';

export const traceRingLocation: u32 = TRACE_RING_LOCATION;
export { staleHostWrite } from './mmu/stale';
