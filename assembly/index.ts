// The hardware's only exports: numbers in, numbers out. The host reads
// registers, statistics and the walk trace straight from linear memory at the
// *_LOCATION addresses exported below.
import { RAM_BASE } from './encoding';
import {
  LAYOUT_BASE, REGS_LOCATION, REGS_SIZE, STATS_LOCATION, TRACE_LOCATION, RAM_LOCATION, RAM_GUARD, TLB_LOCATION,
  LAYOUT_END,
} from './layout';
import {
  priv, hartPc, retired, hostTraps, trapCause, reservationValid,
  lastTrapCause, lastTrapTval, lastTrapEpc, lastTrapFromPriv,
} from './cpu/state';
import { csrRead, csrWrite, csrWasMissing, resetCsrs } from './cpu/csr';
import { setPriv, resetTrapState } from './cpu/trap';
import { run as runLoop, lastRunCount } from './cpu/execute';
import { configureTlb as shapeTlb, seedRandom, tlbFence, sfenceVma as fence } from './mmu/tlb';
import { fastFlush, fetchPageSync } from './mmu/fast';
import { probe, setFastPaths as enableFastPaths } from './mmu/access';
import { setRamBytes } from './mem/phys';
import { fillRvcTable } from './cpu/decode';
import { fillVerdicts } from './mmu/leaf';
import { resetClint } from './dev/clint';
import { setTohost as setTohostAddress } from './dev/htif';
import { resetStats as clearStats } from './stats';

export const regsLocation: u32 = REGS_LOCATION;
export const statsLocation: u32 = STATS_LOCATION;
export const traceLocation: u32 = TRACE_LOCATION;
export const ramLocation: u32 = RAM_LOCATION;
export const tlbLocation: u32 = TLB_LOCATION;

/**
 * Sizes RAM (bytes, a multiple of 4 KiB) and resets the machine; called once
 * per instance (the RAM it grows is zero). Returns 0, 1 if the memory layout
 * overlaps itself (a build problem), 2 if memory cannot grow.
 */
export function init(ramBytes: u32, adUpdate: bool): i32 {
  if (<u32>__heap_base > LAYOUT_BASE || LAYOUT_END > RAM_LOCATION) return 1;
  const needed = (<u64>RAM_LOCATION + <u64>ramBytes + <u64>RAM_GUARD + 0xffff) >> 16;
  const have = <u64>memory.size();
  if (needed > have && memory.grow(<i32>(needed - have)) < 0) return 2;
  setRamBytes(ramBytes); // freshly grown memory is zero: RAM starts cleared
  fillRvcTable();
  fillVerdicts();
  reset(adUpdate);
  return 0;
}

/** Reset: M-mode, pc = RAM base, registers, CSRs, counters and TLB contents cleared (RAM kept). */
export function reset(adUpdate: bool): void {
  memory.fill(REGS_LOCATION, 0, REGS_SIZE);
  retired = 0;
  tlbFence(false, 0, false, 0);
  resetTrapState();
  resetCsrs(adUpdate);
  resetClint();
  hartPc = RAM_BASE;
  trapCause = -1;
  reservationValid = false;
  fastFlush();
  clearStats();
}

/** Shapes TLB t (0 = instruction or unified, 1 = data). */
export function configureTlb(t: u32, first: u32, sets: u32, ways: u32, policy: u32, split: bool): void {
  shapeTlb(t, first, sets, ways, policy, split);
  fastFlush();
}

export function setSeed(seed: u32): void { seedRandom(seed); }
export function setFastPaths(on: bool): void {
  enableFastPaths(on);
  fastFlush();
}
export function setHostTraps(on: bool): void { hostTraps = on; }
export function setTohost(pa: u32): void { setTohostAddress(<u64>pa); }

export function run(budget: i32): i32 { return runLoop(budget); }
export function runCount(): i32 { return lastRunCount; }

export function getPc(): u32 { return hartPc; }
export function setPc(pc: u32): void { hartPc = pc & ~1; }
export function getPriv(): u32 { return priv; }
export function setPrivilege(p: u32): void { setPriv(p); }
export function instretLo(): u32 { return <u32>retired; }
export function instretHi(): u32 { return <u32>(retired >> 32); }

/** Host CSR read: no privilege checks; returns 0 for an unimplemented CSR (see csrExists). */
export function readCsr(addr: u32): u32 {
  const v = csrRead(addr);
  csrWasMissing();
  return v;
}

export function csrExists(addr: u32): bool {
  csrRead(addr);
  return !csrWasMissing();
}

/** Host CSR write: no privilege checks, WARL rules applied. */
export function writeCsr(addr: u32, v: u32): void {
  csrWrite(addr, v, false);
  csrWasMissing();
}

/** Side-effect-free translation into the trace (access: 0 fetch, 1 load, 2 store). */
export function translate(va: u32, access: u32): void { probe(va, access); }

/**
 * SFENCE.VMA on behalf of a kernel running on the host (src/kernel): the same
 * flush and the same statistics as the instruction.
 */
export function sfenceVma(hasVa: bool, va: u32, hasAsid: bool, asid: u32): void {
  fence(hasVa, va, hasAsid, asid);
}

export function resetStats(): void {
  fetchPageSync();
  clearStats();
}

export function trapCauseOf(): u32 { return lastTrapCause; }
export function trapTvalOf(): u32 { return lastTrapTval; }
export function trapEpcOf(): u32 { return lastTrapEpc; }
export function trapFromPrivOf(): u32 { return lastTrapFromPriv; }

/**
 * Drops the LR reservation, as a trap does: a host kernel that preempts the
 * hart without a trap (its timer is the run budget) calls this, so an SC
 * after a context switch fails as it would after a timer interrupt.
 */
export function clearReservation(): void { reservationValid = false; }

export * from './bench';
