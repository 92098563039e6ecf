// Statistics counters (u64s in linear memory, read directly by the host).
import { STATS_LOCATION, STAT_COUNT } from './layout';

@inline export function statAddress(i: u32): u32 {
  return STATS_LOCATION + (i << 3);
}

@inline export function count(i: u32): void {
  const a = statAddress(i);
  store<u64>(a, load<u64>(a) + 1);
}

export function resetStats(): void {
  memory.fill(STATS_LOCATION, 0, STAT_COUNT << 3);
}
