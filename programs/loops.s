# loops.s: the four shapes of loop, written with branches.
#
# What it shows: RISC-V has no loop instruction; every loop is a compare and
# a conditional branch back to an earlier label.  The numeric labels `1:`
# are referred to as `1b` (the nearest 1: backwards) and `1f` (forwards).
#
# What to look for: a counting loop (sum of 1..100), a count-down loop that
# tests for zero with `bnez`, a "while" loop that stops on a condition
# (powers of two below 1000), nested loops (a small multiplication table)
# and a loop walking an array in memory by advancing a pointer 4 bytes at a time.
#
# Exit status: 0

    .include "lib/syscall.s"

    .text
    .globl _start
_start:
    # 1. Counting loop: s0 = 1 + 2 + ... + 100.
    li      s0, 0                   # sum
    li      s1, 1                   # i
    li      s2, 100                 # limit
1:  add     s0, s0, s1
    addi    s1, s1, 1
    ble     s1, s2, 1b              # loop while i <= 100
    la      a0, sum_text
    call    print_str
    mv      a0, s0
    call    print_dec
    call    print_newline

    # 2. Count-down loop: 10 9 ... 1, ending when the counter reaches zero.
    la      a0, countdown_text
    call    print_str
    li      s1, 10
1:  mv      a0, s1
    call    print_dec
    li      a0, ' '
    call    print_char
    addi    s1, s1, -1
    bnez    s1, 1b
    la      a0, liftoff_text
    call    print_str

    # 3. While loop: double until the value is no longer below 1000.
    la      a0, powers_text
    call    print_str
    li      s1, 1
    li      s2, 1000
1:  bge     s1, s2, 2f              # the test comes first: a "while"
    li      a0, ' '
    call    print_char
    mv      a0, s1
    call    print_dec
    slli    s1, s1, 1
    j       1b
2:  call    print_newline

    # 4. Nested loops: rows 1..4, columns 1..6, printing row * column.
    li      s1, 1                   # row
1:  li      s2, 1                   # column
2:  mul     a0, s1, s2
    call    print_dec
    li      t0, 6
    beq     s2, t0, 3f              # no tab after the last column
    li      a0, '\t'
    call    print_char
    addi    s2, s2, 1
    j       2b
3:  call    print_newline
    addi    s1, s1, 1
    li      t0, 4
    ble     s1, t0, 1b

    # 5. Walk an array: the pointer moves 4 bytes per element; s3 = sum,
    #    s4 = largest element.
    la      s1, numbers             # pointer to the current element
    la      s2, numbers_end         # one past the last element
    li      s3, 0
    lw      s4, 0(s1)
1:  lw      t0, 0(s1)
    add     s3, s3, t0
    ble     t0, s4, 2f
    mv      s4, t0
2:  addi    s1, s1, 4
    bltu    s1, s2, 1b
    la      a0, array_sum_text
    call    print_str
    mv      a0, s3
    call    print_dec
    la      a0, array_max_text
    call    print_str
    mv      a0, s4
    call    print_dec
    call    print_newline

    li      a0, 0
    call    exit

    .section .rodata
sum_text:        .asciz "sum of 1..100 = "
countdown_text:  .asciz "countdown: "
liftoff_text:    .asciz "liftoff\n"
powers_text:     .asciz "powers of two below 1000:"
array_sum_text:  .asciz "array sum = "
array_max_text:  .asciz ", largest = "

    .data
    .balign 4
numbers:      .word 31, -7, 58, 12, 99, -40, 3, 77
numbers_end:

    .include "lib/print.s"
