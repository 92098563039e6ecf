# tlb-hit.s: loads that always hit the TLB: eight loads from four pages per
# iteration (plus ten fetches), 4 million iterations.
    .include "sv32-s-mode.s"

    .text
bench_map:
    ret

s_main:
    li      t0, 4000000
    la      a1, pages
    li      t1, 4096
    add     a2, a1, t1
    add     a3, a2, t1
    add     a4, a3, t1
1:  lw      t2, 0(a1)
    lw      t3, 0(a2)
    lw      t4, 8(a3)
    lw      t5, 8(a4)
    lw      t2, 1024(a1)
    lw      t3, 2040(a2)
    lw      t4, 0(a3)
    lw      t5, 4(a4)
    addi    t0, t0, -1
    bnez    t0, 1b
    li      a0, 0
    ecall

    .bss
    .balign 4096
pages: .space 4 * 4096
