# isa/branch.s: conditional branches, jumps and the link register.
#
# What it shows: beq, bne, blt, bge, bltu, bgeu compare two registers and
# branch when the condition holds (1 = taken, 0 = not taken below); bgt,
# ble, beqz and bnez are assembler shorthands for them with the operands
# swapped or x0.  jal jumps and saves the address of the next instruction
# in rd; jalr jumps to a register plus an offset, the way `ret` and calls
# through function pointers and jump tables work.
#
# What to look for: -1 is less than 5 for blt but not for bltu (unsigned,
# -1 is 0xffffffff); jal saves "its own address + 4"; jalr clears bit 0 of
# the target address, so an odd address still lands on the instruction.
#
# Exit status: 0 (the number of results that differ from the spec)

    .include "../lib/syscall.s"

    .text
    .globl _start
_start:
    li      s0, 5
    li      s1, 7
    li      s2, -1

    la      a0, beq_taken_name
    li      a1, 1                   # assume taken ...
    beq     s0, s0, 1f
    li      a1, 0                   # ... and correct it if we fall through
1:  li      a2, 1
    call    check
    la      a0, beq_not_name
    li      a1, 1
    beq     s0, s1, 1f
    li      a1, 0
1:  li      a2, 0
    call    check
    la      a0, bne_name
    li      a1, 1
    bne     s0, s1, 1f
    li      a1, 0
1:  li      a2, 1
    call    check
    la      a0, blt_name
    li      a1, 1
    blt     s2, s0, 1f
    li      a1, 0
1:  li      a2, 1
    call    check
    la      a0, bltu_name
    li      a1, 1
    bltu    s2, s0, 1f
    li      a1, 0
1:  li      a2, 0
    call    check
    la      a0, bge_equal_name
    li      a1, 1
    bge     s0, s0, 1f
    li      a1, 0
1:  li      a2, 1
    call    check
    la      a0, bge_name
    li      a1, 1
    bge     s2, s0, 1f
    li      a1, 0
1:  li      a2, 0
    call    check
    la      a0, bgeu_name
    li      a1, 1
    bgeu    s2, s0, 1f
    li      a1, 0
1:  li      a2, 1
    call    check
    la      a0, bgt_name
    li      a1, 1
    bgt     s1, s0, 1f              # is blt s0, s1
    li      a1, 0
1:  li      a2, 1
    call    check
    la      a0, ble_name
    li      a1, 1
    ble     s1, s0, 1f              # is bge s0, s1
    li      a1, 0
1:  li      a2, 0
    call    check
    la      a0, beqz_name
    li      a1, 1
    beqz    zero, 1f                # is beq zero, x0
    li      a1, 0
1:  li      a2, 1
    call    check
    la      a0, bnez_name
    li      a1, 1
    bnez    zero, 1f
    li      a1, 0
1:  li      a2, 0
    call    check

    # jal: t0 = the address after the jal.  `.option norvc` keeps it a
    # 4-byte jal (the assembler would otherwise pick the 2-byte c.jal).
    la      a0, jal_name
    .option push
    .option norvc
2:  jal     t0, 1f
    .option pop
1:  la      t1, 2b
    sub     a1, t0, t1
    li      a2, 4
    call    check

    # jalr through a register: call `triple` via its address.
    la      t0, triple
    li      a0, 14
    jalr    ra, 0(t0)
    mv      a1, a0
    la      a0, jalr_name
    li      a2, 42
    call    check

    # jalr clears bit 0: jumping to triple + 1 still runs triple.
    la      t0, triple
    addi    t0, t0, 1
    li      a0, 5
    jalr    ra, 0(t0)
    mv      a1, a0
    la      a0, jalr_odd_name
    li      a2, 15
    call    check

    # A jump table: index 2 picks the third entry.
    li      t0, 2
    la      t1, jump_table
    slli    t0, t0, 2               # 4 bytes per entry
    add     t1, t1, t0
    lw      t1, 0(t1)
    jr      t1
case0:
    li      a1, 100
    j       1f
case1:
    li      a1, 200
    j       1f
case2:
    li      a1, 300
1:  la      a0, table_name
    li      a2, 300
    call    check

    call    finish_checks

# triple(a0) -> 3 * a0
triple:
    slli    t0, a0, 1
    add     a0, a0, t0
    ret

    .section .rodata
    .balign 4
jump_table:     .word case0, case1, case2
beq_taken_name: .asciz "beq  5, 5"
beq_not_name:   .asciz "beq  5, 7"
bne_name:       .asciz "bne  5, 7"
blt_name:       .asciz "blt  -1, 5"
bltu_name:      .asciz "bltu -1, 5 (0xffffffff is not below 5)"
bge_equal_name: .asciz "bge  5, 5"
bge_name:       .asciz "bge  -1, 5"
bgeu_name:      .asciz "bgeu -1, 5"
bgt_name:       .asciz "bgt  7, 5"
ble_name:       .asciz "ble  7, 5"
beqz_name:      .asciz "beqz 0"
bnez_name:      .asciz "bnez 0"
jal_name:       .asciz "jal: link minus its own address"
jalr_name:      .asciz "jalr to triple(14)"
jalr_odd_name:  .asciz "jalr to triple + 1 (bit 0 ignored), triple(5)"
table_name:     .asciz "jump table, case 2"

    .include "../lib/print.s"
    .include "../lib/check.s"
