import { ECHILD, EFAULT, EINVAL } from '../errno.js';
import { USER_ID } from '../exec.js';
import type { Proc, Termination } from '../proc.js';
import { copyToUser } from '../uaccess.js';
import { NO_RETURN, asInt, type SyscallContext, type SyscallOutcome } from './context.js';

/**
 * Process system calls for single-threaded processes: a process is its one
 * thread, so tid = pid, exit = exit_group, and clone exists in its fork form
 * only (as on RV32 Linux, where fork is clone(SIGCHLD, 0, ...)).
 */

// include/uapi/asm-generic/signal.h, linux/wait.h, asm-generic/siginfo.h.
export const SIGCHLD = 17;
export const P_ALL = 0;
export const P_PID = 1;
export const WNOHANG = 0x1;
export const WSTOPPED = 0x2;
export const WEXITED = 0x4;
export const WCONTINUED = 0x8;
export const WNOWAIT = 0x0100_0000;
const WNOTHREAD = 0x2000_0000;
const WALL = 0x4000_0000;
const WCLONE = 0x8000_0000;
export const CLD_EXITED = 1;
export const CLD_KILLED = 2;

/** exit(status) and exit_group(status): the low byte of status is the exit code. */
export function sysExit({ kernel, proc, args }: SyscallContext): SyscallOutcome {
  kernel.terminate(proc, { kind: 'exited', code: args[0]! & 0xff });
  return NO_RETURN;
}

export function sysGetpid({ proc }: SyscallContext): number {
  return proc.pid;
}

/** getppid: 0 for a process without a parent (as for a child of Linux's init namespace's parent). */
export function sysGetppid({ proc }: SyscallContext): number {
  return proc.parent?.pid ?? 0;
}

export function sysGettid({ proc }: SyscallContext): number {
  return proc.pid;
}

/** set_tid_address(tidptr): remembered (one thread: nothing ever waits on it); returns the tid. */
export function sysSetTidAddress({ proc, args }: SyscallContext): number {
  proc.clearChildTid = args[0]!;
  return proc.pid;
}

/** sched_yield: gives up the rest of the time slice; always succeeds. */
export function sysSchedYield({ kernel }: SyscallContext): number {
  kernel.yieldCpu();
  return 0;
}

/**
 * clone(flags, newsp, parent_tid, tls, child_tid) in RV32's argument order.
 * Only fork is supported: flags = SIGCHLD with no CLONE_* bits; newsp, if
 * not 0, is the child's stack pointer. Anything else is EINVAL.
 */
export function sysClone({ kernel, proc, args }: SyscallContext): number {
  const [flags, newsp] = args as [number, number];
  if (flags !== SIGCHLD) return -EINVAL;
  return kernel.fork(proc, newsp);
}

/**
 * waitid(idtype, id, infop, options, rusage): wait for a child to exit and
 * reap it. Children that are never stopped or continued can only be waited
 * for with WEXITED; there are no process groups or pidfds, so P_PGID and
 * P_PIDFD are EINVAL. The siginfo written to infop is Linux's: si_signo,
 * si_errno, si_code, si_pid, si_uid, si_status (six words; the rest of the
 * 128-byte struct is left alone, as Linux leaves it). rusage is not filled in.
 */
export function sysWaitid(ctx: SyscallContext): SyscallOutcome {
  const { proc, args } = ctx;
  const [idtype, id, infop, options] = args as [number, number, number, number];
  if ((options & ~(WNOHANG | WNOWAIT | WEXITED | WSTOPPED | WCONTINUED | WNOTHREAD | WALL | WCLONE)) !== 0) return -EINVAL;
  if ((options & (WEXITED | WSTOPPED | WCONTINUED)) === 0) return -EINVAL;
  if (idtype === P_PID ? asInt(id) <= 0 : idtype !== P_ALL) return -EINVAL;
  const matches = (child: Proc): boolean => idtype === P_ALL || child.pid === id;
  const attempt = (): number | null => {
    const candidates = ctx.kernel.children(proc).filter(matches);
    if (candidates.length === 0) return -ECHILD;
    const zombie = (options & WEXITED) !== 0 ? candidates.find((c) => c.state === 'zombie') : undefined;
    if (zombie !== undefined) return collect(ctx, zombie, infop, options);
    if ((options & WNOHANG) !== 0) return infop === 0 || writeSiginfo(ctx, infop, null) ? 0 : -EFAULT;
    return null;
  };
  const now = attempt();
  return now !== null ? now : { sleep: { reason: 'waitid', retry: attempt } };
}

// Report a zombie child in infop and reap it (unless WNOWAIT). Like Linux,
// the child is reaped even when infop turns out to be a bad pointer.
function collect(ctx: SyscallContext, child: Proc, infop: number, options: number): number {
  const how = child.termination!;
  if ((options & WNOWAIT) === 0) ctx.kernel.reap(child);
  if (infop === 0) return 0;
  return writeSiginfo(ctx, infop, { pid: child.pid, how }) ? 0 : -EFAULT;
}

// The six siginfo words waitid writes; all zero when no child was ready (WNOHANG).
function writeSiginfo(ctx: SyscallContext, infop: number, child: { pid: number; how: Termination } | null): boolean {
  const words = child === null
    ? [0, 0, 0, 0, 0, 0]
    : [
        SIGCHLD, 0,
        child.how.kind === 'exited' ? CLD_EXITED : CLD_KILLED,
        child.pid, USER_ID,
        child.how.kind === 'exited' ? child.how.code : child.how.signal,
      ];
  const bytes = new Uint8Array(words.length * 4);
  const view = new DataView(bytes.buffer);
  words.forEach((w, i) => view.setUint32(i * 4, w >>> 0, true));
  return copyToUser(ctx.proc.mm(), infop, bytes) === 0;
}
