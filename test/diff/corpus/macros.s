# Macros and repetition blocks.
.macro push reg
    addi sp, sp, -4
    sw \reg, 0(sp)
.endm
.macro pop reg
    lw \reg, 0(sp)
    addi sp, sp, 4
.endm
.macro load_pair a, b, value=7
    li \a, \value
    li \b, \value + 1
.endm
.macro label_each n
lbl_\n\():
    addi a0, a0, \n
.endm
.macro early
    nop
    .exitm
    ebreak
.endm
.text
.globl _start
_start:
    push ra
    push s0
    pop s0
    pop ra
    load_pair a0, a1
    load_pair t0 t1 100
    load_pair a2, a3, value=2000
    label_each 1
    label_each 2
    early
    .rept 3
    addi a1, a1, 1
    .endr
    .irp r, a2, a3, a4
    mv \r, zero
    .endr
    .irpc c, 123
    li t2, \c
    .endr
    .rept 2
    .irp x, 4, 8
    addi sp, sp, \x
    .endr
    .endr
    ret
.macro two a b
    .word \a
    .word \b
.endm
.data
    two 1 2
    two 1+1 3
    two 1 + 1, 3
    two (1 + 1) - 5
# Qualified parameters: :req must be given, :vararg takes the rest.
.macro words first:req, rest:vararg
    .word \first
    .word \rest
.endm
    words 1, 2, 3, 4
    words 5, 6
