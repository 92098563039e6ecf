# user-segfault.s: user.s's greeting, then a load through a wild pointer.
# 0x1234_5678 is neither in the program's image, nor its heap, nor its
# stack, so the page fault is illegal: the kernel prints
#   segfault: load at 0x12345678 pc <the lw> scause 13 stval 0x12345678
# and ends the program with status 139 = 128 + SIGSEGV, as a Linux shell
# reports a process killed by SIGSEGV.  (On its own, under mmulab's
# TypeScript kernel or Linux, it dies of the same SIGSEGV.)
#
# Exit status: 139

    .include "../../lib/syscall.s"  # SYS_write, SYS_exit, STDOUT

    .section .user.text, "ax"
user_start:
    li      a0, STDOUT              # write(1, greeting, length)
    la      a1, greeting
    la      a2, greeting_end
    sub     a2, a2, a1
    li      a7, SYS_write
    ecall

    la      t0, wild_pointer
    lw      t0, 0(t0)
wild_load:
    lw      a0, 0(t0)               # page fault: illegal, the program dies here

    li      a7, SYS_exit            # exit(whatever it read): never reached
    ecall

    .section .user.rodata, "a"
greeting:
    .ascii  "Hello from RISC-V user mode!\n"
greeting_end:

    .section .user.data, "aw"
    .balign 4
wild_pointer:
    .word   0x12345678              # points at nothing
