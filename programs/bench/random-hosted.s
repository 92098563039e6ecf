# random-hosted.s: random.s's loads as a user program under mmulab's kernel
# (U-mode, Sv32 on) over 4 MiB of .bss; run it with the kernel's eager
# loading so no page fault happens in the loop.
    .include "../lib/syscall.s"

    .text
    .globl _start
_start:
    la      s4, region
    .equ    RANDOM_SHIFT, 10
    .include "lib/random-loop.s"
    li      a7, SYS_exit
    ecall

    .bss
    .balign 4096
region: .space 4 << 20
