/*
 * syscall.h: the Linux RV32 system calls the programs use, one thin
 * wrapper each.
 *
 * A wrapper puts the call number in a7 and the arguments in a0..a5 and
 * executes `ecall`; nothing else.  The result is the kernel's raw answer:
 * a negative value -errno means failure (see SYSCALL_FAILED) — there is no
 * errno variable, so nothing is hidden from you.  RV32 Linux uses the
 * asm-generic numbers and only the 64-bit-time calls (clock_gettime64).
 */
#ifndef SYSCALL_H
#define SYSCALL_H

#include <stddef.h>
#include <stdint.h>

#define SYS_read            63
#define SYS_write           64
#define SYS_exit            93
#define SYS_exit_group      94
#define SYS_waitid          95
#define SYS_sched_yield    124
#define SYS_uname          160
#define SYS_getpid         172
#define SYS_getppid        173
#define SYS_brk            214
#define SYS_munmap         215
#define SYS_clone          220
#define SYS_mmap2          222
#define SYS_mprotect       226
#define SYS_madvise        233
#define SYS_getrandom      278
#define SYS_clock_gettime64 403

/* Results from -4095 to -1 are -errno; everything else is a success. */
#define SYSCALL_FAILED(result) ((unsigned long)(result) >= (unsigned long)-4095)

#define PAGE_SIZE 4096

/* mmap / mprotect protections and mmap flags. */
#define PROT_NONE     0x0
#define PROT_READ     0x1
#define PROT_WRITE    0x2
#define PROT_EXEC     0x4
#define MAP_SHARED    0x01
#define MAP_PRIVATE   0x02
#define MAP_FIXED     0x10
#define MAP_ANONYMOUS 0x20

/* madvise advice. */
#define MADV_DONTNEED 4

/* The signal a child sends its parent when it ends (clone's exit signal). */
#define SIGCHLD 17

/* waitid: which children, what to wait for, and how the child ended. */
#define P_ALL  0
#define P_PID  1
#define WEXITED 4
#define CLD_EXITED 1
#define CLD_KILLED 2
#define CLD_DUMPED 3

/* clock_gettime clocks. */
#define CLOCK_REALTIME  0
#define CLOCK_MONOTONIC 1

/* The part of the kernel's 128-byte siginfo that waitid fills in. */
struct child_info {
    int32_t signo;      /* SIGCHLD */
    int32_t error;
    int32_t code;       /* CLD_EXITED, CLD_KILLED or CLD_DUMPED */
    int32_t pid;        /* which child */
    int32_t uid;
    int32_t status;     /* exit status, or the signal that killed it */
    int32_t unused[26];
};

struct timespec64 {
    int64_t seconds;
    int64_t nanoseconds;
};

struct utsname {
    char sysname[65];
    char nodename[65];
    char release[65];
    char version[65];
    char machine[65];
    char domainname[65];
};

long sys_read(int fd, void *buffer, size_t count);
long sys_write(int fd, const void *buffer, size_t count);
void sys_exit(int status) __attribute__((noreturn));       /* this thread */
void sys_exit_group(int status) __attribute__((noreturn)); /* the whole process */

/* The kernel's brk: asks for a new end of the heap and returns the break
 * it actually set (the old one when the request failed); sys_brk(0) just
 * reads it.  Unlike the C library's brk, it never returns -1. */
long sys_brk(void *new_break);

/* offset is in bytes and must be a multiple of PAGE_SIZE: RV32 Linux only
 * has mmap2, which counts the file offset in 4 KiB units. */
void *sys_mmap(void *addr, size_t length, int prot, int flags, int fd, size_t offset);
long sys_munmap(void *addr, size_t length);
long sys_mprotect(void *addr, size_t length, int prot);
long sys_madvise(void *addr, size_t length, int advice);

long sys_getpid(void);
long sys_getppid(void);

/* fork, which RV32 Linux spells clone(SIGCHLD, 0, 0, 0, 0): a new process
 * with a copy of this address space.  Returns 0 in the child and the
 * child's pid in the parent. */
long sys_fork(void);

/* waitid(idtype, id, info, options, NULL): waits for a child to end (RV32
 * Linux has no wait4 and no waitpid). */
long sys_waitid(int idtype, int id, struct child_info *info, int options);

long sys_sched_yield(void);
long sys_clock_gettime(int clock, struct timespec64 *time);
long sys_getrandom(void *buffer, size_t count, unsigned flags);
long sys_uname(struct utsname *name);

#endif
