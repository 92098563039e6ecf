# Branch and jump relaxation: compressed when in reach, 32-bit, and inverted
# over a jal when a conditional branch cannot reach.
.text
_start:
    beqz a0, near
    bnez s0, near
    beq a0, a1, near
    j near
    beqz a0, mid
    j mid
    beqz a0, far
    bnez a1, far
    blt a0, a1, far
    bgeu a2, a3, far
    j far
    jal far
    beqz a0, other
    j other
    bltu a0, a1, other
    call other
near:
    nop
    .fill 100, 4, 0x00000013
mid:
    nop
    .fill 1200, 4, 0x00000013
far:
    beqz a0, _start
    j _start
    bnez a5, mid
    bge a0, a1, mid
    j mid
1:  beqz a0, 1b
    j 1b
    bnez a0, 2f
    j 2f
2:  ret
.section .text.other, "ax"
other:
    j _start
    beqz a1, _start
    ret
.text
# Written-out compressed branches relax too; la of a constant is li.
    c.j _start
    c.jal _start
    c.beqz a0, _start
    c.bnez s1, _start
    c.j 3f
    c.beqz a5, 3f
    la a0, 0x1000
    lla a1, 0x12345678
3:  ret
