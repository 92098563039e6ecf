# lib/random-loop.s: the random loads random*.s time (.include it where it
# should run, with s4 = the first byte of the region, and RANDOM_SHIFT set
# with .equ: 10 for 4 MiB, 6 for 64 MiB). The address is s4 + bits
# 31:RANDOM_SHIFT of a 32-bit LCG (x = x * 1103515245 + 12345, from x = 1),
# word aligned. Eight instructions per load, 2 million loads; then a0 = 0.
    li      s1, 2000000                 # loads
    li      s2, 1                       # LCG state
    li      s3, 1103515245
    li      s5, 12345
1:  mul     s2, s2, s3
    add     s2, s2, s5
    srli    t0, s2, RANDOM_SHIFT
    andi    t0, t0, -4
    add     t0, t0, s4
    lw      t2, 0(t0)
    addi    s1, s1, -1
    bnez    s1, 1b
    li      a0, 0
