// Small text helpers shared by the inspect and translate renderers.
import { count, hex } from '../../format.js';
import type { PauseInfo } from '../../inspect/index.js';

/** 4K, 4M: a page size. */
export function sizeName(bytes: number): string {
  return bytes >= 1 << 20 ? `${bytes / (1 << 20)}M` : `${bytes / 1024}K`;
}

/** One line saying where the programs were stopped. */
export function describePause(p: PauseInfo): string {
  const after = `after ${count(p.instructions)} instructions`;
  switch (p.kind) {
    case 'instructions':
      return `paused ${after}`;
    case 'exit':
      return `paused just before the last instruction of pid ${p.pid}, which ends it (${after}; its memory is still mapped)`;
    case 'fault':
      return `paused at page fault ${p.k} (${after}): pid ${p.fault.pid} ${p.fault.access} of ` +
        `${hex(p.fault.va, 8)} at pc ${hex(p.fault.pc, 8)}, not yet handled (the kernel will call it ${p.fault.faultClass})`;
    case 'deadlock':
      return `paused ${after}: every live process waits for something that can never happen`;
  }
}
