# Smoke: labels, a few instructions and data.
.text
.globl _start
_start:
    addi a0, a0, 1
    li a1, 0x12345678
    j _start
.data
value: .word 42
