# alu-hosted.s: alu.s's loop as a user program under mmulab's kernel (U-mode,
# Sv32 on, every fetch translated), exit status 0.
    .include "../lib/syscall.s"

    .text
    .globl _start
_start:
    .include "lib/alu-loop.s"
    li      a7, SYS_exit
    ecall
