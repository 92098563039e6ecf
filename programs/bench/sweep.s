# sweep.s: a sequential memory sweep in S-mode with Sv32 on: 4 MiB mapped
# with 1,024 4 KiB pages at VA 0x4000_0000 (one level-0 table), four passes
# (lib/sweep-loop.s). Each pass misses the TLB once per page (1,024 pages do
# not fit in any TLB), every other load hits.
    .include "sv32-s-mode.s"

    .equ    MAP_PAGES, 1024
    .include "lib/map-pages.s"

    .text
s_main:
    li      s4, 0x40000000
    .include "lib/sweep-loop.s"
    ecall
