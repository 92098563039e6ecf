// How the speed benchmarks time their work: this process's CPU time (user +
// system), so other load on the machine (which steals the CPU, not our
// work) does not count; the median of RUNS runs after a warm-up that lets
// the engine optimise the Wasm.
import { median } from './peers.js';

export const RUNS = 5;

export function cpuSeconds(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6;
}

/** CPU seconds of one call of `work`, and what it returned. */
export function timeCpu<T>(work: () => T): [number, T] {
  const start = cpuSeconds();
  const value = work();
  return [cpuSeconds() - start, value];
}

/** The median CPU seconds of `runs` calls of `work` (each may set itself up first in `prepare`). */
export function medianCpu(runs: number, work: () => void, prepare: () => void = () => {}): number {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    prepare();
    times.push(timeCpu(work)[0]);
  }
  return median(times);
}
