# sweep-bare.s: sweep.s's loop with paging off (M-mode) over the same
# physical 4 MiB, 0x8040_0000..0x8080_0000.
    .text
    .globl _start
_start:
    li      s4, 0x80400000
    .include "lib/sweep-loop.s"
    .include "lib/bare-exit.s"
