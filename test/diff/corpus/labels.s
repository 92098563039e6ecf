# Numeric local labels, `.`, forward and backward references, label arithmetic.
.text
.globl _start
_start:
1:  addi a0, a0, 1
    bnez a0, 1b
    beqz a0, 1f
1:  addi a1, a1, -1
    j 1b
2:  j 2f
2:  j 2b
    j .
    beqz a0, . + 4
    nop
3:
    .word 3b, 1b, . , _start + 8
.data
here: .word ., here, 2f - 1f
1:  .word 0
2:  .word 0
.text
# Branches through .equ aliases of labels relax like branches to the labels.
    j ALIAS
    beqz a0, ALIAS2
    nop
alias_target: nop
.equ ALIAS, alias_target
.set ALIAS2, ALIAS + 2
    nop

# A constant made of two labels in one section: GNU as knows it, through an
# .equ, as soon as both are defined, when only data lies between them.
    .section .rodata
len_start:
    .ascii  "hello, world"
len_end:
    .equ    LEN, len_end - len_start
    .text
    li      a2, LEN
    li      a3, -LEN
    addi    a4, a4, LEN
