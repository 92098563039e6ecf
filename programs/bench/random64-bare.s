# random64-bare.s: random64.s's loads with paging off (M-mode) over the same
# physical 64 MiB, 0x8040_0000..0x8440_0000 (at least 68 MiB of RAM).
    .text
    .globl _start
_start:
    li      s4, 0x80400000
    .equ    RANDOM_SHIFT, 6
    .include "lib/random-loop.s"
    .include "lib/bare-exit.s"
