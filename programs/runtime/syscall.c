/*
 * syscall.c: every system call goes through syscall6, the one place that
 * executes `ecall`.  Unused argument registers are passed as 0.
 */
#include "syscall.h"

static long syscall6(long number, long arg0, long arg1, long arg2,
                     long arg3, long arg4, long arg5)
{
    register long a7 __asm__("a7") = number;
    register long a0 __asm__("a0") = arg0;
    register long a1 __asm__("a1") = arg1;
    register long a2 __asm__("a2") = arg2;
    register long a3 __asm__("a3") = arg3;
    register long a4 __asm__("a4") = arg4;
    register long a5 __asm__("a5") = arg5;
    /* "memory": the kernel may read or write any memory we passed. */
    __asm__ volatile("ecall"
                     : "+r"(a0)
                     : "r"(a7), "r"(a1), "r"(a2), "r"(a3), "r"(a4), "r"(a5)
                     : "memory");
    return a0;
}

long sys_read(int fd, void *buffer, size_t count)
{
    return syscall6(SYS_read, fd, (long)buffer, (long)count, 0, 0, 0);
}

long sys_write(int fd, const void *buffer, size_t count)
{
    return syscall6(SYS_write, fd, (long)buffer, (long)count, 0, 0, 0);
}

void sys_exit(int status)
{
    syscall6(SYS_exit, status, 0, 0, 0, 0, 0);
    __builtin_unreachable();
}

void sys_exit_group(int status)
{
    syscall6(SYS_exit_group, status, 0, 0, 0, 0, 0);
    __builtin_unreachable();
}

long sys_brk(void *new_break)
{
    return syscall6(SYS_brk, (long)new_break, 0, 0, 0, 0, 0);
}

void *sys_mmap(void *addr, size_t length, int prot, int flags, int fd, size_t offset)
{
    return (void *)syscall6(SYS_mmap2, (long)addr, (long)length, prot, flags, fd,
                            (long)(offset / PAGE_SIZE));
}

long sys_munmap(void *addr, size_t length)
{
    return syscall6(SYS_munmap, (long)addr, (long)length, 0, 0, 0, 0);
}

long sys_mprotect(void *addr, size_t length, int prot)
{
    return syscall6(SYS_mprotect, (long)addr, (long)length, prot, 0, 0, 0);
}

long sys_madvise(void *addr, size_t length, int advice)
{
    return syscall6(SYS_madvise, (long)addr, (long)length, advice, 0, 0, 0);
}

long sys_getpid(void)
{
    return syscall6(SYS_getpid, 0, 0, 0, 0, 0, 0);
}

long sys_getppid(void)
{
    return syscall6(SYS_getppid, 0, 0, 0, 0, 0, 0);
}

long sys_fork(void)
{
    /* flags = SIGCHLD (tell the parent when we end), no new stack, no tids, no tls */
    return syscall6(SYS_clone, SIGCHLD, 0, 0, 0, 0, 0);
}

long sys_waitid(int idtype, int id, struct child_info *info, int options)
{
    /* the fifth argument would receive resource usage; we do not ask for it */
    return syscall6(SYS_waitid, idtype, id, (long)info, options, 0, 0);
}

long sys_sched_yield(void)
{
    return syscall6(SYS_sched_yield, 0, 0, 0, 0, 0, 0);
}

long sys_clock_gettime(int clock, struct timespec64 *time)
{
    return syscall6(SYS_clock_gettime64, clock, (long)time, 0, 0, 0, 0);
}

long sys_getrandom(void *buffer, size_t count, unsigned flags)
{
    return syscall6(SYS_getrandom, (long)buffer, (long)count, (long)flags, 0, 0, 0);
}

long sys_uname(struct utsname *name)
{
    return syscall6(SYS_uname, (long)name, 0, 0, 0, 0, 0);
}
