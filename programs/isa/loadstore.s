# isa/loadstore.s: loads and stores of every width and signedness.
#
# What it shows: lb/lbu (byte), lh/lhu (halfword), lw (word) and sb/sh/sw.
# Memory is little-endian: the byte at the lowest address is the least
# significant byte of a word.  Signed loads copy the top bit of the loaded
# value into all higher bits; unsigned loads fill them with zeros.  A
# narrow store changes only its own bytes and leaves the neighbours alone.
#
# What to look for: the bytes 01 82 73 f4 read as the word 0xf4738201;
# `lb` of 0x82 gives 0xffffff82 but `lbu` gives 0x00000082; a halfword store
# of 0xbeef into 0x11111111 gives 0x1111beef; offsets may be negative.
#
# Exit status: 0 (the number of results that differ from the spec)

    .include "../lib/syscall.s"

    .text
    .globl _start
_start:
    la      s0, bytes               # s0 points at 01 82 73 f4

    la      a0, lw_name
    lw      a1, 0(s0)
    li      a2, 0xf4738201
    call    check
    la      a0, lb0_name
    lb      a1, 0(s0)
    li      a2, 0x01
    call    check
    la      a0, lb1_name
    lb      a1, 1(s0)
    li      a2, 0xffffff82
    call    check
    la      a0, lbu1_name
    lbu     a1, 1(s0)
    li      a2, 0x82
    call    check
    la      a0, lh0_name
    lh      a1, 0(s0)
    li      a2, 0xffff8201
    call    check
    la      a0, lhu0_name
    lhu     a1, 0(s0)
    li      a2, 0x8201
    call    check
    la      a0, lh2_name
    lh      a1, 2(s0)
    li      a2, 0xfffff473
    call    check
    la      a0, lhu2_name
    lhu     a1, 2(s0)
    li      a2, 0xf473
    call    check
    la      a0, lw_neg_name
    addi    t0, s0, 4
    lw      a1, -4(t0)              # the same word, reached from 4 bytes past it
    li      a2, 0xf4738201
    call    check

    la      s1, scratch             # s1 points at a word holding 0x11111111
    la      a0, sb_name
    li      t0, 0xab
    sb      t0, 2(s1)
    lw      a1, 0(s1)
    li      a2, 0x11ab1111
    call    check
    la      a0, sh_name
    li      t0, 0xbeef
    sh      t0, 0(s1)
    lw      a1, 0(s1)
    li      a2, 0x11abbeef
    call    check
    la      a0, sb_byte_name
    li      t0, 0x1234              # only the low byte (0x34) is stored
    sb      t0, 3(s1)
    lw      a1, 0(s1)
    li      a2, 0x34abbeef
    call    check
    la      a0, sw_name
    li      t0, 0xcafef00d
    sw      t0, 0(s1)
    lw      a1, 0(s1)
    li      a2, 0xcafef00d
    call    check
    la      a0, lb_back_name
    lb      a1, 3(s1)               # 0xca is negative as a signed byte
    li      a2, 0xffffffca
    call    check

    la      a0, stack_name          # the stack is ordinary memory too
    addi    sp, sp, -16
    li      t0, -12345
    sw      t0, 8(sp)
    lw      a1, 8(sp)
    addi    sp, sp, 16
    li      a2, -12345
    call    check

    call    finish_checks

    .section .rodata
bytes:          .byte 0x01, 0x82, 0x73, 0xf4
lw_name:        .asciz "lw  of bytes 01 82 73 f4"
lb0_name:       .asciz "lb  byte 0 (0x01)"
lb1_name:       .asciz "lb  byte 1 (0x82, sign-extended)"
lbu1_name:      .asciz "lbu byte 1 (0x82, zero-extended)"
lh0_name:       .asciz "lh  bytes 0-1 (0x8201)"
lhu0_name:      .asciz "lhu bytes 0-1 (0x8201)"
lh2_name:       .asciz "lh  bytes 2-3 (0xf473)"
lhu2_name:      .asciz "lhu bytes 2-3 (0xf473)"
lw_neg_name:    .asciz "lw  with offset -4"
sb_name:        .asciz "sb  0xab at byte 2 of 0x11111111"
sh_name:        .asciz "sh  0xbeef at byte 0"
sb_byte_name:   .asciz "sb  0x1234 at byte 3 (low byte only)"
sw_name:        .asciz "sw  0xcafef00d"
lb_back_name:   .asciz "lb  byte 3 of 0xcafef00d"
stack_name:     .asciz "sw/lw -12345 on the stack"

    .data
    .balign 4
scratch:        .word 0x11111111

    .include "../lib/print.s"
    .include "../lib/check.s"
