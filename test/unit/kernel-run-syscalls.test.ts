// Each system call's success and error paths with the exact values Linux
// returns, made by small assembly programs and read back from the trace.
import { describe, expect, it } from 'vitest';
import { DeterministicRandom } from '../../src/kernel/random.js';
import { NS_PER_INSTRUCTION } from '../../src/kernel/syscalls/time.js';
import type { Kernel } from '../../src/kernel/kernel.js';
import { PAGE, ecall, exit, program, resultsOf, traceCalls } from './kernel-run-helpers.js';

const EBADF = -9;
const ECHILD = -10;
const EFAULT = -14;
const EINVAL = -22;
const ENOSYS = -38;
/** Every byte written to fd 1, as bytes. */
function stdoutBytes(kernel: Kernel): Uint8Array {
  const chunks = kernel.outputChunks().filter((c) => c.fd === 1);
  return Uint8Array.from(chunks.flatMap((c) => [...c.bytes]));
}

/** An address in no VMA (user space, far from everything). */
const NOWHERE = 0x4000_0000;

describe('I/O system calls', () => {
  it('write: bytes written to fd 1 and 2 kept apart; EBADF for other fds; EFAULT for a bad buffer; 0 bytes is 0', async () => {
    const { calls, first, kernel } = await traceCalls(program([
      ecall(64, 1, 'msg', 6),
      ecall(64, 2, 'msg', 3),
      ecall(64, 0, 'msg', 6),
      ecall(64, 3, 'msg', 6),
      ecall(64, 1, NOWHERE, 6),
      ecall(64, 1, 0, 6),
      ecall(64, 1, 'msg', 0),
      exit(0),
    ].join('\n'), 'msg: .ascii "hello\\n"'));
    expect(resultsOf(calls, 'write')).toEqual([6, 3, EBADF, EBADF, EFAULT, EFAULT, 0]);
    expect(first.stdout).toBe('hello\n');
    expect(first.stderr).toBe('hel');
    expect(kernel.outputChunks().map((c) => [c.pid, c.fd, c.bytes.length])).toEqual([[1, 1, 6], [1, 2, 3]]);
  });

  it('writev: gathers the buffers; EINVAL past UIO_MAXIOV or a negative length; EFAULT for a bad vector or buffer', async () => {
    const { calls, stdout } = await traceCalls(program([
      ecall(66, 1, 'iov', 2),
      ecall(66, 1, 'iov', 1025),
      ecall(66, 1, 'badlen', 1),
      ecall(66, 1, NOWHERE, 1),
      ecall(66, 1, 'badbuf', 1),
      ecall(66, 5, 'iov', 2),
      ecall(66, 1, 'iov', 0),
      exit(0),
    ].join('\n'), [
      'a: .ascii "ab"', 'b: .ascii "cde\\n"',
      '.balign 4', 'iov: .word a, 2, b, 4',
      'badlen: .word a, 0x80000000',
      `badbuf: .word ${NOWHERE}, 4`,
    ].join('\n')));
    expect(resultsOf(calls, 'writev')).toEqual([6, EINVAL, EINVAL, EFAULT, EFAULT, EBADF, 0]);
    expect(stdout).toBe('abcde\n');
  });

  it('read: stdin in pieces, then 0 at its end; EBADF for fds other than 0; EFAULT for a bad buffer', async () => {
    const { calls, stdout } = await traceCalls(program([
      ecall(63, 0, 'buf', 2),
      ecall(63, 0, NOWHERE, 1),
      ecall(63, 0, 'buf', 100),
      ecall(63, 0, 'buf', 100),
      ecall(63, 1, 'buf', 1),
      ecall(64, 1, 'buf', 4),
      exit(0),
    ].join('\n'), 'buf: .space 8'), { stdin: 'xyzw' });
    // The bad buffer consumed its byte ('z'), as it was read before the copy failed.
    expect(resultsOf(calls, 'read')).toEqual([2, EFAULT, 1, 0, EBADF]);
    expect(stdout).toBe('wy\0\0');
  });
});

describe('process system calls', () => {
  it('getpid, gettid, getppid (0 without a parent), set_tid_address returns the tid', async () => {
    const { calls } = await traceCalls(program([ecall(172), ecall(178), ecall(173), ecall(96, 'buf'), exit(0)].join('\n'), 'buf: .word 0'));
    expect(calls.map((c) => [c.name, c.result])).toEqual([
      ['getpid', 1], ['gettid', 1], ['getppid', 0], ['set_tid_address', 1], ['exit', 'no-return'],
    ]);
  });

  it('clone: only fork (flags = SIGCHLD) is supported; other flags are EINVAL', async () => {
    const { calls } = await traceCalls(program([ecall(220, 0), ecall(220, 0x100 | 17), ecall(220, 0x11 | 0x1_0000), exit(0)].join('\n')));
    expect(resultsOf(calls, 'clone')).toEqual([EINVAL, EINVAL, EINVAL]);
  });

  it('clone with a new stack: the child starts with that sp', async () => {
    const { kernel } = await traceCalls(program([
      ecall(220, 17, 0x7fff_0123),
      '    bnez a0, 1f',
      '    mv a0, sp', // the child exits with its sp's low byte
      '    li a7, 93',
      '    ecall',
      '1:',
      exit(0),
    ].join('\n')));
    expect(kernel.processes().map((p) => p.status)).toEqual([0, 0x23]);
  });

  it('waitid: ECHILD without children; EINVAL for a bad idtype, id or options', async () => {
    const { calls } = await traceCalls(program([
      ecall(95, 0, 0, 'info', 4),
      ecall(95, 1, 5, 'info', 4),
      ecall(95, 7, 0, 'info', 4),
      ecall(95, 1, 0, 'info', 4),
      ecall(95, 0, 0, 'info', 0),
      ecall(95, 0, 0, 'info', 0x40),
      exit(0),
    ].join('\n'), 'info: .space 128'));
    expect(resultsOf(calls, 'waitid')).toEqual([ECHILD, ECHILD, EINVAL, EINVAL, EINVAL, EINVAL]);
  });

  it('fork + waitid: the child returns 0, the parent its pid; siginfo is SIGCHLD, CLD_EXITED, pid, uid, status', async () => {
    const { calls, kernel } = await traceCalls(program([
      ecall(220, 17),
      '    beqz a0, child',
      ecall(95, 0, 0, 'info', 5), // WNOHANG | WEXITED: the child has not run yet
      ecall(64, 1, 'info', 24),
      ecall(95, 1, 2, 'info', 4),
      ecall(64, 1, 'info', 24),
      ecall(95, 0, 0, 'info', 4),
      exit(0),
      'child:',
      ecall(173),
      exit(0x1234 + 7),
    ].join('\n'), '.balign 4\ninfo: .fill 32, 4, 0xffffffff'));
    expect(calls.map((c) => [c.pid, c.name, c.result])).toEqual([
      [1, 'clone', 2],
      [1, 'waitid', 0],
      [1, 'write', 24],
      [1, 'waitid', 'sleep'],
      [2, 'getppid', 1],
      [2, 'exit', 'no-return'],
      [1, 'waitid (woken)', 0],
      [1, 'write', 24],
      [1, 'waitid', ECHILD],
      [1, 'exit', 'no-return'],
    ]);
    const words = (at: number) => [...new Uint32Array(stdoutBytes(kernel).slice(at, at + 24).buffer)];
    expect(words(0)).toEqual([0, 0, 0, 0, 0, 0]);
    // SIGCHLD 17, si_errno 0, CLD_EXITED 1, pid 2, uid 1000, status 0x3b (the low byte of 0x123b).
    expect(words(24)).toEqual([17, 0, 1, 2, 1000, 0x3b]);
    expect(kernel.processes().map((p) => [p.pid, p.parent, p.status])).toEqual([[1, null, 0], [2, 1, 0x3b]]);
  });

  it('waitid: WNOWAIT leaves the zombie; a killed child is CLD_KILLED with the signal; a bad infop is EFAULT after reaping', async () => {
    const { calls, kernel } = await traceCalls(program([
      ecall(220, 17),
      '    beqz a0, child',
      ecall(95, 1, 2, 'info', 0x0100_0004), // WEXITED | WNOWAIT: report, keep
      ecall(64, 1, 'info', 24),
      ecall(95, 1, 2, 0x4000_0000, 4), // reaped, then the copy fails
      ecall(95, 1, 2, 'info', 4), // gone
      exit(0),
      'child:',
      '    lw zero, 0(zero)', // killed by SIGSEGV
    ].join('\n'), '.balign 4\ninfo: .space 128'));
    expect(resultsOf(calls, 'waitid')).toEqual(['sleep', EFAULT, ECHILD]);
    expect(resultsOf(calls, 'waitid (woken)')).toEqual([0]);
    // CLD_KILLED 2, pid 2, si_status = SIGSEGV 11.
    expect([...new Uint32Array(stdoutBytes(kernel).slice(0, 24).buffer)]).toEqual([17, 0, 2, 2, 1000, 11]);
    expect(kernel.processes().map((p) => [p.pid, p.status])).toEqual([[1, 0], [2, 139]]);
  });

  it('sched_yield returns 0 and gives the other process the hart', async () => {
    const { calls } = await traceCalls(program([
      ecall(220, 17),
      ecall(124),
      ecall(172),
      exit(0),
    ].join('\n')));
    expect(calls.map((c) => [c.pid, c.name, c.result])).toEqual([
      [1, 'clone', 2], [1, 'sched_yield', 0], [2, 'sched_yield', 0], [1, 'getpid', 1], [1, 'exit', 'no-return'],
      [2, 'getpid', 2], [2, 'exit', 'no-return'],
    ]);
  });

  it('an unknown system call returns ENOSYS and is counted by number', async () => {
    const { calls, kernel } = await traceCalls(program([ecall(999), ecall(1), ecall(999), exit(0)].join('\n')));
    expect(calls.slice(0, 3).map((c) => [c.name, c.result])).toEqual([[null, ENOSYS], [null, ENOSYS], [null, ENOSYS]]);
    expect(kernel.stats().unknownSyscalls).toEqual({ 1: 1, 999: 2 });
    expect(kernel.stats().syscalls).toEqual({ exit: 1 });
  });
});

describe('time, random and identity', () => {
  it('clock_gettime64: virtual time = instructions x 10 ns; REALTIME from 2026-01-01; EINVAL, EFAULT', async () => {
    const { calls, kernel } = await traceCalls(program([
      ecall(403, 1, 'ts'), // 4 retired before it: li, la (2), li; the ecall itself does not retire
      ecall(64, 1, 'ts', 16),
      ecall(403, 0, 'ts'),
      ecall(64, 1, 'ts', 16),
      ecall(403, -1000, 'ts'),
      ecall(403, 1, NOWHERE),
      exit(0),
    ].join('\n'), '.balign 8\nts: .space 16'));
    expect(resultsOf(calls, 'clock_gettime64')).toEqual([0, 0, EINVAL, EFAULT]);
    const view = new DataView(stdoutBytes(kernel).buffer);
    expect([view.getBigInt64(0, true), view.getBigInt64(8, true)]).toEqual([0n, BigInt(4 * NS_PER_INSTRUCTION)]);
    // The second reading: 5 (the write's three arguments and a7) + 4 more retired.
    expect([view.getBigInt64(16, true), view.getBigInt64(24, true)]).toEqual([1_767_225_600n, BigInt(13 * NS_PER_INSTRUCTION)]);
  });

  it('clock_nanosleep_time64: an idle kernel skips to the wake-up; EINVAL for a bad clock or tv_nsec; EFAULT', async () => {
    const { calls, kernel } = await traceCalls(program([
      ecall(407, 1, 0, 'req', 0), // 2.5 ms
      ecall(407, 1, 0, 'badnsec', 0),
      ecall(407, 2, 0, 'req', 0),
      ecall(407, 1, 0, NOWHERE, 0),
      ecall(407, 1, 1, 'past', 0), // absolute, already past
      exit(0),
    ].join('\n'), '.balign 8\nreq: .word 0, 0, 2500000, 0\nbadnsec: .word 0, 0, 1000000000, 0\npast: .word 0, 0, 1, 0'));
    expect(resultsOf(calls, 'clock_nanosleep_time64')).toEqual(['sleep', EINVAL, EINVAL, EFAULT, 0]);
    // Virtual time: every retired instruction, plus the 2.5 ms the idle kernel skipped.
    const stats = kernel.stats();
    expect(stats.timeNs).toBe(stats.retired * NS_PER_INSTRUCTION + 2_500_000);
    expect(stats.retired).toBe(stats.machine.instructions);
  });

  it('getrandom: bytes from the seeded stream after AT_RANDOM; EINVAL for bad flags; EFAULT', async () => {
    const { calls, kernel } = await traceCalls(program([
      ecall(278, 'buf', 16, 0),
      ecall(64, 1, 'buf', 16),
      ecall(278, 'buf', 4, 6),
      ecall(278, 'buf', 4, 8),
      ecall(278, NOWHERE, 4, 0),
      ecall(278, 'buf', 0, 1),
      exit(0),
    ].join('\n'), 'buf: .space 16'), { seed: 7 });
    expect(resultsOf(calls, 'getrandom')).toEqual([16, EINVAL, EINVAL, EFAULT, 0]);
    const stream = new DeterministicRandom(7);
    stream.bytes(16); // AT_RANDOM
    expect([...stdoutBytes(kernel)]).toEqual([...stream.bytes(16)]);
  });

  it('getrandom: a buffer running into a bad page gets the bytes before it', async () => {
    const { calls } = await traceCalls(program([
      ecall(222, 0x5000_0000, PAGE, 3, 0x32, -1, 0),
      ecall(278, 0x5000_0ff0, 100, 0),
      ecall(278, 0x5000_1000, 100, 0),
      exit(0),
    ].join('\n')));
    expect(resultsOf(calls, 'getrandom')).toEqual([16, EFAULT]);
  });

  it('uname fills struct utsname; EFAULT for a bad pointer', async () => {
    const { calls, stdout } = await traceCalls(program([
      ecall(160, 'buf'),
      ecall(64, 1, 'buf', 390),
      ecall(160, NOWHERE),
      exit(0),
    ].join('\n'), 'buf: .fill 390, 1, 0x2e'));
    expect(resultsOf(calls, 'uname')).toEqual([0, EFAULT]);
    const fields = Array.from({ length: 6 }, (_, i) => stdout.slice(i * 65, (i + 1) * 65));
    expect(fields.map((f) => f.replace(/\0+$/, ''))).toEqual(['Linux', 'mmulab', '6.1.0-mmulab', '#1 mmulab', 'riscv32', '(none)']);
    expect(fields.every((f) => f.length === 65 && f.endsWith('\0'))).toBe(true);
  });
});

describe('memory system calls', () => {
  it('brk: reads, grows, shrinks, refuses kernel space; the new pages work', async () => {
    const { calls, kernel } = await traceCalls(program([
      ecall(214, 0),
      '    mv s0, a0',
      '    li t0, 0x2000',
      '    add a0, s0, t0',
      '    li a7, 214',
      '    ecall',
      '    li t0, 0x1fff',
      '    add t0, s0, t0',
      '    sb t0, 0(t0)', // the last byte of the second page
      '    mv a0, s0',
      '    li a7, 214',
      '    ecall',
      ecall(214, 0xfffff000),
      exit(0),
    ].join('\n'), 'x: .word 1'));
    // .text at 0x10000, .data on the next page: the heap starts at 0x12000.
    expect(resultsOf(calls, 'brk')).toEqual([0x12000, 0x14000, 0x12000, 0x12000]);
    // The heap page, and the stack page exec wrote argv to.
    expect(kernel.stats().faults['demand-zero']).toBe(2);
  });

  it('mmap2 / mprotect / madvise / munmap: exact addresses and errors', async () => {
    const { calls } = await traceCalls(program([
      ecall(222, 0, 2 * PAGE, 3, 0x22, -1, 0), // 0x77ffe000: top-down below mmap_base 0x78000000
      ecall(222, 0, 0, 3, 0x22, -1, 0), // length 0: EINVAL
      ecall(222, 0, PAGE, 3, 0x02, 3, 0), // a file: EBADF (no files)
      ecall(222, 0x50000000, PAGE, 1, 0x32, -1, 0), // MAP_FIXED
      ecall(226, 0x77ffe000, PAGE, 1),
      ecall(226, 0x77ffe001, PAGE, 1),
      ecall(226, 0x60000000, PAGE, 1), // nothing mapped: ENOMEM
      ecall(233, 0x77ffe000, 2 * PAGE, 4),
      ecall(233, 0x77ffe000, PAGE, 99),
      ecall(215, 0x77ffe000, 2 * PAGE),
      ecall(215, 0x77ffe001, PAGE),
      ecall(215, 0x50000000, 0),
      exit(0),
    ].join('\n')));
    expect(resultsOf(calls, 'mmap2')).toEqual([0x77ffe000, EINVAL, EBADF, 0x50000000]);
    expect(resultsOf(calls, 'mprotect')).toEqual([0, EINVAL, -12]);
    expect(resultsOf(calls, 'madvise')).toEqual([0, EINVAL]);
    expect(resultsOf(calls, 'munmap')).toEqual([0, EINVAL, EINVAL]);
  });
});
