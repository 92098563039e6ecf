/*
 * selftest/syscalls.c: every system call the runtime wraps, checked against
 * what Linux does: the results a kernel must return, including the errors.
 *
 * What it shows: the system call interface as a user program sees it.  A
 * call returns a result in a0; from -4095 to -1 it is -errno (EBADF = 9,
 * ECHILD = 10, EINVAL = 22).  Memory calls work on whole pages.
 *
 * What to look for: every line ends in "ok"; a failing one says "FAILED"
 * with the value the kernel returned.  Run it on a new kernel first.
 *
 * Exit status: 0 (the number of failed checks)
 */
#include <stdint.h>

#include "../runtime/printf.h"
#include "../runtime/string.h"
#include "../runtime/syscall.h"

#define EBADF 9
#define ECHILD 10
#define EINVAL 22
#define SIGSEGV 11

static int failures;

static void check(const char *what, int ok, long value)
{
    if (ok) {
        printf("%s: ok\n", what);
    } else {
        printf("%s: FAILED (got %d)\n", what, (int)value);
        failures++;
    }
}

static void check_io(void)
{
    long written = sys_write(1, "write(1, ...) prints this line\n", 31);
    check("write returns the number of bytes written", written == 31, written);
    char byte;
    long result = sys_read(-1, &byte, 1);
    check("read from fd -1 fails with EBADF", result == -EBADF, result);
}

static void check_brk(void)
{
    long start = sys_brk(0);
    check("brk(0) returns the current break", start > 0, start);
    long grown = sys_brk((char *)start + 2 * PAGE_SIZE);
    check("brk grows the heap by two pages", grown == start + 2 * PAGE_SIZE, grown);
    volatile char *heap = (char *)start;
    heap[2 * PAGE_SIZE - 1] = 1;    /* the new pages are usable */
    long shrunk = sys_brk((char *)start);
    check("brk shrinks it back", shrunk == start, shrunk);
    long refused = sys_brk((char *)0xfffff000);
    check("brk into kernel space leaves the break alone", refused == start, refused);
}

static void check_memory_calls(void)
{
    long empty = (long)sys_mmap(0, 0, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    check("mmap of 0 bytes fails with EINVAL", empty == -EINVAL, empty);

    volatile char *area = sys_mmap(0, 2 * PAGE_SIZE, PROT_READ | PROT_WRITE,
                                   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    check("mmap of two anonymous pages succeeds, page aligned",
          !SYSCALL_FAILED(area) && (uintptr_t)area % PAGE_SIZE == 0, (long)area);
    check("anonymous pages start out zero", area[0] == 0 && area[2 * PAGE_SIZE - 1] == 0, area[0]);

    area[PAGE_SIZE] = 'x';
    long advice = sys_madvise((void *)area, 2 * PAGE_SIZE, MADV_DONTNEED);
    check("madvise(MADV_DONTNEED) succeeds", advice == 0, advice);
    check("after MADV_DONTNEED the page reads zero again", area[PAGE_SIZE] == 0, area[PAGE_SIZE]);

    long protect = sys_mprotect((void *)area, PAGE_SIZE, PROT_READ);
    check("mprotect to read-only succeeds", protect == 0, protect);
    check("a read-only page can still be read", area[0] == 0, area[0]);
    long unaligned = sys_mprotect((void *)(area + 1), PAGE_SIZE, PROT_READ);
    check("mprotect of an unaligned address fails with EINVAL", unaligned == -EINVAL, unaligned);

    long bad_unmap = sys_munmap((void *)(area + 1), PAGE_SIZE);
    check("munmap of an unaligned address fails with EINVAL", bad_unmap == -EINVAL, bad_unmap);
    long unmap = sys_munmap((void *)area, 2 * PAGE_SIZE);
    check("munmap succeeds", unmap == 0, unmap);
}

static void check_process_calls(void)
{
    long pid = sys_getpid();
    check("getpid is positive", pid > 0, pid);
    long parent = sys_getppid();
    check("getppid is not negative", parent >= 0, parent);
    long yielded = sys_sched_yield();
    check("sched_yield returns 0", yielded == 0, yielded);

    struct child_info info;
    long none = sys_waitid(P_ALL, 0, &info, WEXITED);
    check("waitid with no children fails with ECHILD", none == -ECHILD, none);

    long child = sys_fork();
    if (child == 0)
        sys_exit(3);
    memset(&info, 0, sizeof info);
    long waited = sys_waitid(P_PID, (int)child, &info, WEXITED);
    check("fork, then waitid for the child succeeds", child > 0 && waited == 0, waited);
    check("waitid reports the child's pid", info.pid == child, info.pid);
    check("the child exited (CLD_EXITED) with status 3",
          info.signo == SIGCHLD && info.code == CLD_EXITED && info.status == 3, info.status);

    child = sys_fork();
    if (child == 0) {
        volatile int *null = 0;
        *null = 1;                  /* dies of SIGSEGV */
        sys_exit(0);
    }
    memset(&info, 0, sizeof info);
    sys_waitid(P_PID, (int)child, &info, WEXITED);
    check("a child that touches address 0 is killed by SIGSEGV",
          (info.code == CLD_KILLED || info.code == CLD_DUMPED) && info.status == SIGSEGV, info.status);
}

static void check_time_and_identity(void)
{
    struct timespec64 first, second;
    long result = sys_clock_gettime(CLOCK_MONOTONIC, &first);
    check("clock_gettime(CLOCK_MONOTONIC) succeeds", result == 0, result);
    check("its nanoseconds are below one second",
          first.nanoseconds >= 0 && first.nanoseconds < 1000000000, (long)first.nanoseconds);
    sys_clock_gettime(CLOCK_MONOTONIC, &second);
    check("the monotonic clock does not go backwards",
          second.seconds > first.seconds ||
          (second.seconds == first.seconds && second.nanoseconds >= first.nanoseconds), 0);
    result = sys_clock_gettime(CLOCK_REALTIME, &first);
    check("clock_gettime(CLOCK_REALTIME) succeeds", result == 0, result);
    result = sys_clock_gettime(-1000, &first);
    check("clock_gettime of a bad clock fails with EINVAL", result == -EINVAL, result);

    uint8_t random[16];
    result = sys_getrandom(random, sizeof random, 0);
    check("getrandom fills all 16 bytes", result == 16, result);

    struct utsname name;
    memset(&name, 0, sizeof name);
    result = sys_uname(&name);
    check("uname succeeds and names the system and machine",
          result == 0 && strlen(name.sysname) > 0 && strlen(name.machine) > 0, result);
}

int main(void)
{
    check_io();
    check_brk();
    check_memory_calls();
    check_process_calls();
    check_time_and_identity();
    printf("%d failed\n", failures);
    return failures;
}
