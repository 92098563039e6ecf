# isa/muldiv.s: the M extension: multiply, divide and remainder.
#
# What it shows: mul gives the low 32 bits of a product; mulh, mulhsu and
# mulhu give the high 32 bits when the operands are signed*signed,
# signed*unsigned and unsigned*unsigned.  div/divu round toward zero, and
# rem/remu have the sign of the dividend.
#
# What to look for: division never traps on RISC-V.  Dividing by zero gives
# all ones (-1, or 0xffffffff unsigned) and the remainder is the dividend;
# the one signed overflow, -2147483648 / -1, gives -2147483648 with
# remainder 0.  Software that wants an exception must test for zero itself.
#
# Exit status: 0 (the number of results that differ from the spec)

    .include "../lib/syscall.s"

    .text
    .globl _start
_start:
    li      s0, -7
    li      s1, 2
    li      s2, 0x80000000          # the most negative 32-bit number
    li      s3, -1

    la      a0, mul_name
    li      t0, 12345
    li      t1, 6789
    mul     a1, t0, t1
    li      a2, 83810205
    call    check
    la      a0, mul_wrap_name
    li      t0, 0x10001
    mul     a1, t0, t0              # 0x1_0002_0001: the top bit is lost
    li      a2, 0x00020001
    call    check
    la      a0, mulh_name
    mulh    a1, s3, s3              # -1 * -1 = 1: high word 0
    li      a2, 0
    call    check
    la      a0, mulhu_name
    mulhu   a1, s3, s3              # 0xffffffff^2 = 0xfffffffe_00000001
    li      a2, 0xfffffffe
    call    check
    la      a0, mulhsu_name
    mulhsu  a1, s3, s1              # -1 * 2 = -2: high word all ones
    li      a2, 0xffffffff
    call    check
    la      a0, mulh_min_name
    mulh    a1, s2, s2              # 2^62: high word 0x40000000
    li      a2, 0x40000000
    call    check

    la      a0, div_name
    div     a1, s0, s1              # rounds toward zero
    li      a2, -3
    call    check
    la      a0, rem_name
    rem     a1, s0, s1              # sign of the dividend
    li      a2, -1
    call    check
    la      a0, divu_name
    divu    a1, s0, s1              # 0xfffffff9 / 2
    li      a2, 0x7ffffffc
    call    check
    la      a0, remu_name
    remu    a1, s0, s1
    li      a2, 1
    call    check

    la      a0, div0_name
    div     a1, s0, zero
    li      a2, -1
    call    check
    la      a0, divu0_name
    divu    a1, s0, zero
    li      a2, 0xffffffff
    call    check
    la      a0, rem0_name
    rem     a1, s0, zero
    li      a2, -7
    call    check
    la      a0, remu0_name
    remu    a1, s0, zero
    li      a2, 0xfffffff9
    call    check

    la      a0, div_ovf_name
    div     a1, s2, s3
    li      a2, 0x80000000
    call    check
    la      a0, rem_ovf_name
    rem     a1, s2, s3
    li      a2, 0
    call    check

    call    finish_checks

    .section .rodata
mul_name:       .asciz "mul    12345 * 6789"
mul_wrap_name:  .asciz "mul    0x10001 * 0x10001 (low 32 bits)"
mulh_name:      .asciz "mulh   -1 * -1 (high bits)"
mulhu_name:     .asciz "mulhu  0xffffffff * 0xffffffff (high bits)"
mulhsu_name:    .asciz "mulhsu -1 * 2 (high bits)"
mulh_min_name:  .asciz "mulh   -2147483648 * -2147483648 (high bits)"
div_name:       .asciz "div    -7 / 2"
rem_name:       .asciz "rem    -7 % 2"
divu_name:      .asciz "divu   0xfffffff9 / 2"
remu_name:      .asciz "remu   0xfffffff9 % 2"
div0_name:      .asciz "div    -7 / 0"
divu0_name:     .asciz "divu   0xfffffff9 / 0"
rem0_name:      .asciz "rem    -7 % 0"
remu0_name:     .asciz "remu   0xfffffff9 % 0"
div_ovf_name:   .asciz "div    -2147483648 / -1 (overflow)"
rem_ovf_name:   .asciz "rem    -2147483648 % -1 (overflow)"

    .include "../lib/print.s"
    .include "../lib/check.s"
