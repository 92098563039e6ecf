# sweep.s: a sequential memory sweep: sums every word of 4 MiB mapped with
# 1,024 4 KiB pages at VA 0x4000_0000 (one level-0 table), four passes. Four
# instructions per word; each pass misses the TLB once per page (1,024 pages
# do not fit in any TLB), every other load hits.
    .include "sv32-s-mode.s"

    .equ    MAP_PAGES, 1024
    .include "lib/map-pages.s"

    .text
s_main:
    li      s0, 4                       # passes
    li      s1, 0                       # the sum
    li      a1, 0x40400000              # end of the region
1:  li      a0, 0x40000000
2:  lw      t2, 0(a0)
    add     s1, s1, t2
    addi    a0, a0, 4
    bltu    a0, a1, 2b
    addi    s0, s0, -1
    bnez    s0, 1b
    li      a0, 0
    ecall

