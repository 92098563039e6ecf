# lib/sweep-loop.s: the sequential sweep sweep.s, sweep-bare.s and
# sweep-hosted.s time (.include it where it should run, with s4 = the first
# byte of a 4 MiB region): sums every word of the region, four passes, four
# instructions per word; then a0 = 0.
    li      s0, 4                       # passes
    li      s1, 0                       # the sum
    li      t0, 0x400000
    add     a1, s4, t0                  # end of the region
1:  mv      a0, s4
2:  lw      t2, 0(a0)
    add     s1, s1, t2
    addi    a0, a0, 4
    bltu    a0, a1, 2b
    addi    s0, s0, -1
    bnez    s0, 1b
    li      a0, 0
