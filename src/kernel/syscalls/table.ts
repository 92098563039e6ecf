import type { SyscallHandler } from './context.js';
import { sysRead, sysWrite, sysWritev } from './io.js';
import { sysBrkCall, sysMadviseCall, sysMmapCall, sysMprotectCall, sysMunmapCall } from './memory.js';
import { sysGetrandom, sysUname } from './misc.js';
import {
  sysClone, sysExit, sysGetpid, sysGetppid, sysGettid, sysSchedYield, sysSetTidAddress, sysWaitid,
} from './process.js';
import { sysClockGettime, sysClockNanosleep } from './time.js';

/**
 * The system call table: Linux's RISC-V numbers (the asm-generic table,
 * include/uapi/asm-generic/unistd.h, with RV32's 64-bit-time calls), each
 * with the name Linux gives it and its handler. The kernel looks a7 up here;
 * a number not in the table returns -ENOSYS (kernel.ts counts and traces it).
 */
export interface SyscallEntry {
  readonly name: string;
  readonly handler: SyscallHandler;
}

export const SYS_read = 63;
export const SYS_write = 64;
export const SYS_writev = 66;
export const SYS_exit = 93;
export const SYS_exit_group = 94;
export const SYS_waitid = 95;
export const SYS_set_tid_address = 96;
export const SYS_sched_yield = 124;
export const SYS_uname = 160;
export const SYS_getpid = 172;
export const SYS_getppid = 173;
export const SYS_gettid = 178;
export const SYS_brk = 214;
export const SYS_munmap = 215;
export const SYS_clone = 220;
export const SYS_mmap2 = 222;
export const SYS_mprotect = 226;
export const SYS_madvise = 233;
export const SYS_getrandom = 278;
export const SYS_clock_gettime64 = 403;
export const SYS_clock_nanosleep_time64 = 407;

export const SYSCALLS: ReadonlyMap<number, SyscallEntry> = new Map([
  [SYS_read, { name: 'read', handler: sysRead }],
  [SYS_write, { name: 'write', handler: sysWrite }],
  [SYS_writev, { name: 'writev', handler: sysWritev }],
  [SYS_exit, { name: 'exit', handler: sysExit }],
  [SYS_exit_group, { name: 'exit_group', handler: sysExit }],
  [SYS_waitid, { name: 'waitid', handler: sysWaitid }],
  [SYS_set_tid_address, { name: 'set_tid_address', handler: sysSetTidAddress }],
  [SYS_sched_yield, { name: 'sched_yield', handler: sysSchedYield }],
  [SYS_uname, { name: 'uname', handler: sysUname }],
  [SYS_getpid, { name: 'getpid', handler: sysGetpid }],
  [SYS_getppid, { name: 'getppid', handler: sysGetppid }],
  [SYS_gettid, { name: 'gettid', handler: sysGettid }],
  [SYS_brk, { name: 'brk', handler: sysBrkCall }],
  [SYS_munmap, { name: 'munmap', handler: sysMunmapCall }],
  [SYS_clone, { name: 'clone', handler: sysClone }],
  [SYS_mmap2, { name: 'mmap2', handler: sysMmapCall }],
  [SYS_mprotect, { name: 'mprotect', handler: sysMprotectCall }],
  [SYS_madvise, { name: 'madvise', handler: sysMadviseCall }],
  [SYS_getrandom, { name: 'getrandom', handler: sysGetrandom }],
  [SYS_clock_gettime64, { name: 'clock_gettime64', handler: sysClockGettime }],
  [SYS_clock_nanosleep_time64, { name: 'clock_nanosleep_time64', handler: sysClockNanosleep }],
]);
