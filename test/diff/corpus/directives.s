# Data directives, sections, symbols, expressions.
.equ COUNT, 10
.set MASK, (1 << 4) - 1
.equiv LIMIT, COUNT * 3 + MASK
SIZE = 4 * 8
.text
.globl _start
.type _start, @function
_start:
    li a0, COUNT
    li a1, MASK
    li a2, LIMIT
    li a3, SIZE
    li a4, ~5 & 0xff
    li a5, -(3 + 4) * 2
    li a6, 17 % 5 + 100 / 7
    li a7, 0x100 >> 4 | 1 << 3 ^ 2
    li t0, 'a'
    li t1, '\n'
    addi t2, t2, COUNT - 12
    lw a0, LIMIT(sp)
    ret
.size _start, . - _start
.section .rodata
msg: .ascii "hi\t\"there\"\n"
msg2: .asciz "nul", "two"
msg3: .string "\x41\102"
.balign 4
table:
    .byte 1, 2, 255, -1, 'z'
    .half 0x1234, -2
    .short 7
    .2byte 8
    .word 0xdeadbeef, table, msg2 - msg
    .long -1
    .4byte 5
    .dword 0x123456789abcdef0
    .quad -2
    .8byte 3
.type table, @object
.size table, . - table
.data
.p2align 3
d0: .word 1
.align 4
d1: .zero 3
.balign 8, 0xaa
d2: .space 5, 0x11
.skip 2
.fill 3, 2, 0x55aa
.fill 2, 4, 0x01020304
.fill 1, 8, -1
d3: .word d0, d1 + 4, end_of_text
.section .sdata, "aw"
small: .word 7
.section .tohost, "aw", @progbits
tohost: .dword 0
fromhost: .dword 0
.bss
buffer: .zero 64
.section .sbss, "aw", @nobits
counter: .space 4
.local counter
.globl buffer
.weak weakling
weakling:
.text
end_of_text:
    la gp, __global_pointer$
    nop
# Section stack: .pushsection/.popsection and .previous.
.text
    nop
.pushsection .rodata
pushed: .word 0x11111111
.popsection
    addi a0, a0, 1
.data
    .word 0x22222222
.previous
    ret
.previous
    .word 0x33333333
.data
.uleb128 0
.uleb128 1
.uleb128 127
.uleb128 128
.uleb128 624485
.uleb128 0xffffffff
.sleb128 0
.sleb128 1
.sleb128 -1
.sleb128 63
.sleb128 64
.sleb128 -64
.sleb128 -65
.sleb128 -123456
# .lcomm: local zero blocks placed after everything else in .bss, aligned by size.
.bss
    .zero 1
.lcomm lc1, 1
.lcomm lc3, 3
.lcomm lc5, 5
.lcomm lc16, 16
.lcomm lc2, 2
    .zero 3
.data
.lcomm lc4, 4
.text
    la a0, lc16
