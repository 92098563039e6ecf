# hello.s: the smallest complete user program, and mmulab's default demo.
#
# What it shows: a user program cannot print by itself; it asks the kernel
# with `ecall`.  a7 holds the system call number (64 = write, 93 = exit),
# a0..a2 the arguments, and the kernel's answer comes back in a0.
#
# What to look for: two ecalls.  The first traps into the kernel, which
# copies the 29 bytes of the message to standard output; the second ends the
# process, and the kernel never returns to it.
#
# Exit status: 0

    .include "lib/syscall.s"

    .text
    .globl _start
_start:
    li      a0, STDOUT              # write(1, message, length)
    la      a1, message
    la      a2, message_end
    sub     a2, a2, a1              # length = end - start
    li      a7, SYS_write
    ecall

    li      a0, 0                   # exit(0)
    li      a7, SYS_exit
    ecall

    .section .rodata
message:
    .ascii  "Hello from RISC-V user mode!\n"
message_end:
