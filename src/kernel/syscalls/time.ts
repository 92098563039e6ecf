import { EFAULT, EINVAL } from '../errno.js';
import { copyFromUser, copyToUser } from '../uaccess.js';
import { asInt, type SyscallContext, type SyscallOutcome } from './context.js';

/**
 * Time, made virtual so runs are repeatable: the clock advances by
 * NS_PER_INSTRUCTION for every instruction the hart retires (a 100 MHz CPU
 * retiring one instruction per cycle; a trapping instruction does not
 * retire), plus the time the kernel skips while every process sleeps.
 * CLOCK_REALTIME is that time after BOOT_TIME_SECONDS; the CPU-time clocks
 * count the calling process's own retired instructions.
 *
 * Times are struct __kernel_timespec: a 64-bit tv_sec and a 64-bit tv_nsec
 * (RV32 has only the *_time64 calls).
 */

/** 10 ns per instruction: a 100 MHz hart. */
export const NS_PER_INSTRUCTION = 10;
/** The wall-clock time at boot: 2026-01-01T00:00:00Z. */
export const BOOT_TIME_SECONDS = 1_767_225_600;
const NS_PER_SECOND = 1_000_000_000n;
/** CLOCK_REALTIME at boot in ns (beyond 2^53: kept as a bigint). */
const BOOT_TIME_NS = BigInt(BOOT_TIME_SECONDS) * NS_PER_SECOND;

// include/uapi/linux/time.h
export const CLOCK_REALTIME = 0;
export const CLOCK_MONOTONIC = 1;
export const CLOCK_PROCESS_CPUTIME_ID = 2;
export const CLOCK_THREAD_CPUTIME_ID = 3;
export const CLOCK_MONOTONIC_RAW = 4;
export const CLOCK_REALTIME_COARSE = 5;
export const CLOCK_MONOTONIC_COARSE = 6;
export const CLOCK_BOOTTIME = 7;
export const TIMER_ABSTIME = 0x1;
const TIMESPEC_BYTES = 16;

/** clock_gettime64(clockid, tp). */
export function sysClockGettime({ kernel, proc, args }: SyscallContext): number {
  const [clock, tp] = args as [number, number];
  const ns = clockNs(asInt(clock), BigInt(kernel.nowNs()), BigInt(proc.retired * NS_PER_INSTRUCTION));
  if (ns === null) return -EINVAL;
  return copyToUser(proc.mm(), tp, encodeTimespec(ns)) < 0 ? -EFAULT : 0;
}

/**
 * clock_nanosleep_time64(clockid, flags, request, remain): sleep until the
 * request (relative, or absolute with TIMER_ABSTIME) on CLOCK_REALTIME,
 * CLOCK_MONOTONIC or CLOCK_BOOTTIME. Nothing interrupts a sleep, so remain
 * is never written. Returns 0.
 */
export function sysClockNanosleep({ kernel, proc, args }: SyscallContext): SyscallOutcome {
  const [clock, flags, request] = args as [number, number, number];
  if (clock !== CLOCK_REALTIME && clock !== CLOCK_MONOTONIC && clock !== CLOCK_BOOTTIME) return -EINVAL;
  const bytes = copyFromUser(proc.mm(), request, TIMESPEC_BYTES);
  if (!bytes.ok) return -EFAULT;
  const ns = decodeTimespec(bytes.value);
  if (ns === null) return -EINVAL;
  const now = kernel.nowNs();
  const offset = clock === CLOCK_REALTIME ? BOOT_TIME_NS : 0n;
  const wakeAt = (flags & TIMER_ABSTIME) !== 0 ? Number(ns - offset) : now + Number(ns);
  if (wakeAt <= now) return 0;
  return { sleep: { reason: 'nanosleep', wakeAt, retry: () => (kernel.nowNs() >= wakeAt ? 0 : null) } };
}

// A clock's reading in ns, or null for a clock Linux does not have (negative
// ids are CPU clocks of other processes, which mmulab does not support).
function clockNs(clock: number, nowNs: bigint, cpuNs: bigint): bigint | null {
  switch (clock) {
    case CLOCK_REALTIME:
    case CLOCK_REALTIME_COARSE:
      return BOOT_TIME_NS + nowNs;
    case CLOCK_MONOTONIC:
    case CLOCK_MONOTONIC_RAW:
    case CLOCK_MONOTONIC_COARSE:
    case CLOCK_BOOTTIME:
      return nowNs;
    case CLOCK_PROCESS_CPUTIME_ID:
    case CLOCK_THREAD_CPUTIME_ID:
      return cpuNs;
    default:
      return null;
  }
}

/** A struct __kernel_timespec for `ns` nanoseconds. */
export function encodeTimespec(ns: bigint): Uint8Array {
  const bytes = new Uint8Array(TIMESPEC_BYTES);
  const view = new DataView(bytes.buffer);
  view.setBigInt64(0, ns / NS_PER_SECOND, true);
  view.setBigInt64(8, ns % NS_PER_SECOND, true);
  return bytes;
}

// A timespec as ns, or null when invalid (negative, or tv_nsec not below 1e9).
function decodeTimespec(bytes: Uint8Array): bigint | null {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const sec = view.getBigInt64(0, true);
  const nsec = view.getBigInt64(8, true);
  if (sec < 0n || nsec < 0n || nsec >= NS_PER_SECOND) return null;
  return sec * NS_PER_SECOND + nsec;
}
