# Automatic compression: each base instruction at the edges of its compressed form.
.text
_start:
    addi a0, a0, 31
    addi a0, a0, -32
    addi a0, a0, 32
    addi a0, a0, 0
    addi zero, zero, 0
    addi a0, zero, 0
    addi a0, zero, -32
    addi s0, sp, 4
    addi s0, sp, 1020
    addi s0, sp, 1024
    addi s0, sp, 2
    addi sp, sp, 16
    addi sp, sp, 32
    addi sp, sp, -512
    addi sp, sp, 496
    addi sp, sp, 504
    add a0, a0, a1
    add a0, a1, a0
    add a0, zero, a1
    add a0, a1, a2
    add zero, a0, a1
    and s0, s0, s1
    and s0, s1, s0
    or a5, a5, a4
    xor a5, a4, a5
    sub a5, a5, a4
    sub a5, a4, a5
    andi a0, a0, -32
    andi a0, a0, 31
    andi a0, a0, 32
    andi t0, t0, 1
    slli t0, t0, 31
    slli zero, zero, 1
    srli a0, a0, 1
    srai a5, a5, 31
    srli t0, t0, 1
    lw a0, 0(sp)
    lw a0, 252(sp)
    lw a0, 256(sp)
    lw zero, 0(sp)
    lw a0, 124(a1)
    lw a0, 128(a1)
    lw a0, 2(a1)
    lw t0, 4(a1)
    sw zero, 0(sp)
    sw a0, 252(sp)
    sw a0, 124(a5)
    sw t0, 124(a5)
    lui a0, 1
    lui a0, 31
    lui a0, 32
    lui a0, 0xfffe0
    lui a0, 0xfffdf
    lui sp, 1
    lui zero, 1
    mv a0, zero
    mv zero, a0
    move a0, a1
    jr ra
    jr zero
    jalr zero
    ebreak
    c.lw a0, 0(a1)
    c.li a0, 5
    c.j _start
    c.beqz a0, _start
    c.jal _start
# .option arch turns compression off and on like .option norvc/rvc.
    addi a0, a0, 1
.option arch, -c
    addi a0, a0, 1
.option arch, +c
    addi a0, a0, 1
.option arch, rv32ima
    addi a0, a0, 1
.option arch, rv32imac_zicsr
    addi a0, a0, 1
