# Code alignment pads with nops the way GNU as does (c.nop when RVC is on).
.text
_start:
    c.nop
    .align 2
    addi a0, a0, 1
    .align 3
    .byte 1
    .align 4
    c.addi a0, 1
    .p2align 5
    nop
    .balign 16
    .option norvc
    addi a0, a0, 1
    .align 4
    .option rvc
    .half 0
    .align 3
    .align 2, 0
    .byte 3
    .align 3, 0xff
    .byte 7
    .balign 16, , 4
    ret
.data
    .byte 1
    .align 3
    .word 2
