# isa/alu.s: the RV32I integer computational instructions.
#
# What it shows: register-register (add, sub, and, or, xor, slt, sltu, sll,
# srl, sra) and register-immediate forms (addi, andi, xori, slti, sltiu,
# slli, srli, srai), plus lui and auipc.  Every result is checked against
# the value the RISC-V unprivileged specification requires.
#
# What to look for: arithmetic wraps around silently (0x7fffffff + 1 is
# 0x80000000, no trap); 12-bit immediates are sign-extended, so `andi` with
# -16 clears the low 4 bits and `sltiu x, -1` compares with 0xffffffff;
# shifts use only the low 5 bits of the amount (1 << 33 is 2); `sra` copies
# the sign bit in while `srl` shifts in zeros; `auipc` adds to its OWN address.
#
# Exit status: 0 (the number of results that differ from the spec)

    .include "../lib/syscall.s"

    .text
    .globl _start
_start:
    li      s0, 5
    li      s1, 7
    li      s2, -1
    li      s3, 0x12345678

    la      a0, add_name
    add     a1, s0, s1
    li      a2, 12
    call    check

    la      a0, add_wrap_name
    li      t0, 0x7fffffff
    addi    a1, t0, 1
    li      a2, 0x80000000
    call    check

    la      a0, sub_name
    sub     a1, s0, s1
    li      a2, -2
    call    check

    la      a0, addi_name
    addi    a1, zero, -2048
    li      a2, -2048
    call    check

    li      s4, 0xff00ff00          # s registers survive the calls to check
    li      s5, 0x0ff00ff0
    la      a0, and_name
    and     a1, s4, s5
    li      a2, 0x0f000f00
    call    check
    la      a0, or_name
    or      a1, s4, s5
    li      a2, 0xfff0fff0
    call    check
    la      a0, xor_name
    xor     a1, s4, s5
    li      a2, 0xf0f0f0f0
    call    check

    la      a0, andi_name
    andi    a1, s3, -16
    li      a2, 0x12345670
    call    check
    la      a0, ori_name
    ori     a1, s3, 0x0ff
    li      a2, 0x123456ff
    call    check
    la      a0, xori_name
    xori    a1, s3, -1
    li      a2, 0xedcba987
    call    check

    la      a0, slt_name
    slt     a1, s2, s0
    li      a2, 1
    call    check
    la      a0, sltu_name
    sltu    a1, s2, s0
    li      a2, 0
    call    check
    la      a0, slti_name
    slti    a1, s0, -1
    li      a2, 0
    call    check
    la      a0, sltiu_name
    sltiu   a1, s0, -1
    li      a2, 1
    call    check

    li      s4, 1
    la      a0, sll_name
    li      t1, 31
    sll     a1, s4, t1
    li      a2, 0x80000000
    call    check
    la      a0, sll_33_name
    li      t1, 33
    sll     a1, s4, t1
    li      a2, 2
    call    check
    li      s4, 0x80000000
    la      a0, srl_name
    li      t1, 4
    srl     a1, s4, t1
    li      a2, 0x08000000
    call    check
    la      a0, sra_name
    li      t1, 4
    sra     a1, s4, t1
    li      a2, 0xf8000000
    call    check
    la      a0, slli_name
    slli    a1, s3, 4
    li      a2, 0x23456780
    call    check
    la      a0, srli_name
    srli    a1, s2, 28
    li      a2, 15
    call    check
    la      a0, srai_name
    li      t0, -100
    srai    a1, t0, 2
    li      a2, -25
    call    check

    la      a0, lui_name
    lui     a1, 0x12345
    li      a2, 0x12345000
    call    check
    la      a0, auipc_name
1:  auipc   t0, 1                   # t0 = address of this auipc + 0x1000
    la      t1, 1b
    sub     a1, t0, t1
    li      a2, 0x1000
    call    check
    la      a0, li_name
    li      a1, 0xdeadbeef          # lui + addi; the addi's immediate is negative
    lui     a2, 0xdeadc
    addi    a2, a2, -0x111
    call    check

    call    finish_checks

    .section .rodata
add_name:       .asciz "add 5 + 7"
add_wrap_name:  .asciz "addi 0x7fffffff + 1 (wraps)"
sub_name:       .asciz "sub 5 - 7"
addi_name:      .asciz "addi 0 + -2048"
and_name:       .asciz "and 0xff00ff00 & 0x0ff00ff0"
or_name:        .asciz "or  0xff00ff00 | 0x0ff00ff0"
xor_name:       .asciz "xor 0xff00ff00 ^ 0x0ff00ff0"
andi_name:      .asciz "andi 0x12345678 & -16"
ori_name:       .asciz "ori  0x12345678 | 0xff"
xori_name:      .asciz "xori 0x12345678 ^ -1 (not)"
slt_name:       .asciz "slt  -1 < 5 (signed)"
sltu_name:      .asciz "sltu -1 < 5 (unsigned: 0xffffffff)"
slti_name:      .asciz "slti  5 < -1"
sltiu_name:     .asciz "sltiu 5 < -1 (unsigned)"
sll_name:       .asciz "sll 1 << 31"
sll_33_name:    .asciz "sll 1 << 33 (only 5 bits count)"
srl_name:       .asciz "srl 0x80000000 >> 4 (zeros in)"
sra_name:       .asciz "sra 0x80000000 >> 4 (sign in)"
slli_name:      .asciz "slli 0x12345678 << 4"
srli_name:      .asciz "srli -1 >> 28"
srai_name:      .asciz "srai -100 >> 2"
lui_name:       .asciz "lui 0x12345"
auipc_name:     .asciz "auipc 1, minus its own address"
li_name:        .asciz "li 0xdeadbeef"

    .include "../lib/print.s"
    .include "../lib/check.s"
