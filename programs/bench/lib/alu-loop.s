# lib/alu-loop.s: the ALU-bound loop alu.s and alu-bare.s time (.include it
# where it should run): six instructions per iteration, 10 million
# iterations, then a0 = 0.
    li      t0, 10000000
    li      t1, 0
    li      t2, 1
1:  add     t1, t1, t2
    xor     t2, t2, t1
    slli    t3, t1, 3
    sub     t1, t1, t3
    addi    t0, t0, -1
    bnez    t0, 1b
    li      a0, 0
