# random.s: loads from pseudo-random words of 4 MiB mapped with 1,024 4 KiB
# pages at VA 0x4000_0000 (one level-0 table): more pages than any TLB
# holds, so most loads walk. The address is bits 31:10 of a 32-bit LCG
# (x = x * 1103515245 + 12345, from x = 1), word aligned. Eight instructions
# per load, 2 million loads.
    .include "sv32-s-mode.s"

    .equ    MAP_PAGES, 1024
    .include "lib/map-pages.s"

    .text
s_main:
    li      s1, 2000000                 # loads
    li      s2, 1                       # LCG state
    li      s3, 1103515245
    li      s4, 0x40000000
    li      s5, 12345
1:  mul     s2, s2, s3
    add     s2, s2, s5
    srli    t0, s2, 10
    andi    t0, t0, -4
    add     t0, t0, s4
    lw      t2, 0(t0)
    addi    s1, s1, -1
    bnez    s1, 1b
    li      a0, 0
    ecall

