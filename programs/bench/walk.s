# walk.s: loads that miss a tiny data TLB every time: 256 4 KiB pages at VA
# 0x4000_0000 (mapped in bench_map through one level-0 table), touched with a
# 4 KiB stride over 16 of them, so with a one-entry data TLB every load
# walks both levels. 200,000 passes of 16 loads.
    .include "sv32-s-mode.s"

    .equ    MAP_PAGES, 256
    .include "lib/map-pages.s"

    .text
s_main:
    li      t0, 200000                  # passes
    li      t1, 4096
    li      a0, 0x40000000              # sixteen base registers, one page apart
    add     a1, a0, t1
    add     a2, a1, t1
    add     a3, a2, t1
    add     a4, a3, t1
    add     a5, a4, t1
    add     a6, a5, t1
    add     a7, a6, t1
    add     s2, a7, t1
    add     s3, s2, t1
    add     s4, s3, t1
    add     s5, s4, t1
    add     s6, s5, t1
    add     s7, s6, t1
    add     s8, s7, t1
    add     s9, s8, t1
1:  lw      t2, 0(a0)                   # sixteen loads, sixteen pages: sixteen walks
    lw      t2, 0(a1)
    lw      t2, 0(a2)
    lw      t2, 0(a3)
    lw      t2, 0(a4)
    lw      t2, 0(a5)
    lw      t2, 0(a6)
    lw      t2, 0(a7)
    lw      t2, 0(s2)
    lw      t2, 0(s3)
    lw      t2, 0(s4)
    lw      t2, 0(s5)
    lw      t2, 0(s6)
    lw      t2, 0(s7)
    lw      t2, 0(s8)
    lw      t2, 0(s9)
    addi    t0, t0, -1
    bnez    t0, 1b
    li      a0, 0
    ecall
