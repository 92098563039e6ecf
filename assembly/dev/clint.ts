// The CLINT: msip (0x0000), mtimecmp (0x4000) and mtime (0xbff8) of hart 0.
// mtime is derived from the retired-instruction count (one tick per retired
// instruction; WFI may skip time forward), so it is fully deterministic.
import { CLINT_MSIP, CLINT_MTIMECMP, CLINT_MTIME } from '../encoding';
import { retired, recheckInterrupts } from '../cpu/state';

export let msip: u32 = 0;
export let mtimecmp: u64 = 0xffffffffffffffff;
export let mtimeOffset: u64 = 0;

@inline export function mtime(): u64 {
  return retired + mtimeOffset;
}

export function setMtime(v: u64): void {
  mtimeOffset = v - retired;
  recheckInterrupts();
}

export function timerPending(): bool {
  return mtime() >= mtimecmp;
}

/** Reads `size` bytes at CLINT offset `off`; returns false for holes. */
export function clintRead(off: u32, size: u32): u64 {
  const reg = clintRegister(off, size);
  if (reg < 0) return 0;
  const shift = (off - <u32>reg) << 3;
  let v: u64 = 0;
  if (reg == CLINT_MSIP) v = msip;
  else if (reg == CLINT_MTIMECMP) v = mtimecmp;
  else v = mtime();
  return (v >> shift) & sizeMask(size);
}

/** Writes `size` bytes at CLINT offset `off` (a hole ignores the write). */
export function clintWrite(off: u32, size: u32, value: u64): void {
  const reg = clintRegister(off, size);
  if (reg < 0) return;
  const shift = (off - <u32>reg) << 3;
  const mask = sizeMask(size) << shift;
  const bits = (value << shift) & mask;
  if (reg == CLINT_MSIP) {
    // Only bit 0 of msip is implemented; the rest read as zero.
    msip = <u32>((((<u64>msip) & ~mask) | bits) & 1);
  } else if (reg == CLINT_MTIMECMP) {
    mtimecmp = (mtimecmp & ~mask) | bits;
  } else {
    setMtime((mtime() & ~mask) | bits);
  }
  recheckInterrupts();
}

/** Whether [off, off+size) lies inside one CLINT register. */
export function clintHas(off: u32, size: u32): bool {
  return clintRegister(off, size) >= 0;
}

function clintRegister(off: u32, size: u32): i32 {
  if (off >= CLINT_MSIP && off + size <= CLINT_MSIP + 4) return <i32>CLINT_MSIP;
  if (off >= CLINT_MTIMECMP && off + size <= CLINT_MTIMECMP + 8) return <i32>CLINT_MTIMECMP;
  if (off >= CLINT_MTIME && off + size <= CLINT_MTIME + 8) return <i32>CLINT_MTIME;
  return -1;
}

@inline function sizeMask(size: u32): u64 {
  return size >= 8 ? 0xffffffffffffffff : ((<u64>1) << (size << 3)) - 1;
}

export function resetClint(): void {
  msip = 0;
  mtimecmp = 0xffffffffffffffff;
  mtimeOffset = 0 - retired;
}
