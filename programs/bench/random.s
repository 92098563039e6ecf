# random.s: random loads (lib/random-loop.s) in S-mode with Sv32 on, over
# 4 MiB mapped with 1,024 4 KiB pages at VA 0x4000_0000 (one level-0 table):
# more pages than any TLB holds, so most loads walk.
    .include "sv32-s-mode.s"

    .equ    MAP_PAGES, 1024
    .include "lib/map-pages.s"

    .text
s_main:
    li      s4, 0x40000000
    .equ    RANDOM_SHIFT, 10
    .include "lib/random-loop.s"
    ecall
