# Shared runtime of the differential test programs (included by each one):
# HTIF console output, hex printing and exit. It uses only t0-t3, a0-a3 and
# ra, and no stack, so programs may keep anything in the other registers.
#
# HTIF: tohost is a 64-bit word, device in bits 63:56, command in 55:48 and
# payload in 47:0. Device 1 command 1 prints the payload's low byte; an odd
# value with device 0 ends the run with status value >> 1. An RV32 hart
# writes the low word first: QEMU acts when the high word is written.
# (QEMU 7.2's HTIF has no syscall proxy - an even device-0 value only logs
# "pk syscall proxy not supported" - so the differential programs print
# through the console device only.)

.equ HTIF_PUTCHAR_HI, 0x01010000    # device 1 (console), command 1 (putchar)

.section .text
# rt_putchar: print the low byte of a0. Clobbers t0, t1.
.globl rt_putchar
rt_putchar:
    la t0, tohost
1:  lw t1, 0(t0)            # wait until the host took the previous command
    bnez t1, 1b
    lw t1, 4(t0)
    bnez t1, 1b
    andi a0, a0, 0xff
    sw a0, 0(t0)
    li t1, HTIF_PUTCHAR_HI
    sw t1, 4(t0)
    ret

# rt_puthex: print the character a1, then a0 as 8 hex digits, then a newline.
# Clobbers a0, a2, a3, t0-t3.
.globl rt_puthex
rt_puthex:
    mv t3, ra
    mv a2, a0
    mv a0, a1
    jal rt_putchar
    li a3, 8
1:  srli a0, a2, 28
    slli a2, a2, 4
    addi a0, a0, '0'
    li t0, '9'
    ble a0, t0, 2f
    addi a0, a0, 'a' - '9' - 1
2:  jal rt_putchar
    addi a3, a3, -1
    bnez a3, 1b
    li a0, '\n'
    jal rt_putchar
    jr t3

# rt_exit: end the run with status a0.
.globl rt_exit
rt_exit:
    slli a0, a0, 1
    ori a0, a0, 1
    la t0, tohost
    sw a0, 0(t0)
    sw zero, 4(t0)
1:  j 1b

.section .tohost, "aw", @progbits
.align 6
.globl tohost
tohost: .dword 0
.size tohost, 8
.globl fromhost
fromhost: .dword 0
.size fromhost, 8
