# A bare-metal program: machine-mode entry, a trap vector, tohost.
.section .text.init, "ax", @progbits
.globl _start
_start:
    la t0, trap
    csrw mtvec, t0
    la sp, stack_top
    li a0, 1
    la t1, tohost
    sw a0, 0(t1)
1:  j 1b
.align 2
trap:
    csrr t0, mcause
    mret
.section .tohost, "aw", @progbits
.align 6
.globl tohost
tohost: .dword 0
.globl fromhost
fromhost: .dword 0
.bss
.align 4
stack: .zero 256
stack_top:
# .org places code at fixed offsets (trap vectors), padding with zeros or a fill byte.
.section .text.vectors, "ax", @progbits
vectors:
    j _start
.org 0x20
    j trap
.org 0x40, 0xff
    mret
