# exit.s: a user program that exits at once with status 0: `mmulab bench`
# times `mmulab run exit.s` from spawn to exit, an upper bound on the time
# `mmulab run` takes to reach a program's first instruction.
    .include "../lib/syscall.s"

    .text
    .globl _start
_start:
    li      a0, 0
    li      a7, SYS_exit
    ecall
