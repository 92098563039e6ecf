# lib/syscall.s: the Linux RV32 system call numbers the programs use.
#
# A user program asks the kernel for a service with `ecall`: the call number
# goes in a7, the arguments in a0..a5, and the result comes back in a0
# (a negative value -errno means the call failed).  RV32 Linux uses the
# "asm-generic" numbering shared by all newer architectures.
#
# This file only defines names (no code), so include it at the TOP of a
# program: the names must be known before the first `li a7, SYS_...`.

    .equ SYS_read,        63
    .equ SYS_write,       64
    .equ SYS_exit,        93
    .equ SYS_exit_group,  94
    .equ SYS_mmap2,       222

    .equ STDOUT,          1

    .equ PROT_READ,       0x1       # mmap protections
    .equ PROT_WRITE,      0x2
    .equ PROT_EXEC,       0x4
    .equ MAP_PRIVATE,     0x02      # mmap flags
    .equ MAP_ANONYMOUS,   0x20
