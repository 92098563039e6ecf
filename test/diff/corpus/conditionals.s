# Conditional assembly, alone and inside macros.
.equ DEBUG, 1
.equ LEVEL, 3
.text
_start:
.if DEBUG
    li a0, 1
.else
    li a0, 2
.endif
.if LEVEL - 3
    li a1, 1
.elseif LEVEL == 3
    li a1, 3
.elseif LEVEL > 2
    li a1, 9
.else
    li a1, 4
.endif
.ifdef DEBUG
    li a2, 5
.endif
.ifndef NOT_DEFINED
    li a3, 6
.endif
.ifdef NOT_DEFINED
    this is not assembled at all
    .if 1
    nor is this
    .else
    or this
    .endif
.else
    li a4, 7
.endif
.ifeq LEVEL - 3
    li a5, 8
.endif
.ifne 0
    unimp
.endif
.ifgt LEVEL
    addi a0, a0, 1
.endif
.ifge -1
    unimp
.endif
.iflt -1
    addi a0, a0, 2
.endif
.ifle 0
    addi a0, a0, 3
.endif
.macro opt_add rd, rs, imm
.ifb \imm
    add \rd, \rd, \rs
.else
    addi \rd, \rs, \imm
.endif
.endm
    opt_add a0, a1
    opt_add a0, a1, 12
.macro kind name
.ifc \name, fast
    nop
.endif
.ifnc \name, fast
    ebreak
.endif
.endm
    kind fast
    kind slow
.macro sum n
.if \n
    addi a0, a0, \n
    sum \n - 1
.endif
.endm
    sum 4
    ret
