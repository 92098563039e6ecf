# lib/print.s: printing helpers shared by the assembly programs.
#
# Include it at the END of a program (after its own code), and include
# lib/syscall.s at the top.  All helpers follow the standard calling
# convention (ilp32): arguments in a0/a1, ra/sp/s0..s11 preserved,
# a0..a7 and t0..t6 may be clobbered.
#
#   print_str(a0 = address of a NUL-terminated string)
#   print_char(a0 = character)
#   print_newline()
#   print_dec(a0 = signed 32-bit value)        e.g. -42
#   print_udec(a0 = unsigned 32-bit value)     e.g. 4294967254
#   print_hex(a0 = 32-bit value)               e.g. 0x0000002a
#   exit(a0 = status)                          never returns

    .text

# print_str: find the length, then one write(STDOUT, s, length) call.
print_str:
    mv      a1, a0                  # a1 = start of the string
    mv      t0, a0
1:  lbu     t1, 0(t0)               # scan for the terminating NUL
    beqz    t1, 2f
    addi    t0, t0, 1
    j       1b
2:  sub     a2, t0, a1              # a2 = length
    li      a0, STDOUT
    li      a7, SYS_write
    ecall
    ret

# print_char: store the character on the stack and write that one byte.
print_char:
    addi    sp, sp, -16
    sb      a0, 0(sp)
    li      a0, STDOUT
    mv      a1, sp
    li      a2, 1
    li      a7, SYS_write
    ecall
    addi    sp, sp, 16
    ret

print_newline:
    li      a0, '\n'
    j       print_char              # tail call: print_char returns for us

# print_dec: a '-' for negative values, then the magnitude as unsigned.
# Negating -2147483648 gives 0x80000000 again, which print_udec prints
# correctly as 2147483648: that is why the magnitude is printed unsigned.
print_dec:
    bgez    a0, print_udec
    addi    sp, sp, -16
    sw      ra, 12(sp)
    sw      a0, 8(sp)
    li      a0, '-'
    call    print_char
    lw      a0, 8(sp)
    neg     a0, a0
    lw      ra, 12(sp)
    addi    sp, sp, 16
    j       print_udec

# print_udec: divide by 10 repeatedly, filling a buffer from its end
# (the last digit comes out first), then print the buffer.
print_udec:
    addi    sp, sp, -32
    sw      ra, 28(sp)
    addi    t0, sp, 11              # t0 = end of a 12-byte buffer at sp
    sb      zero, 0(t0)             # NUL terminator
    li      t1, 10
1:  remu    t2, a0, t1              # next digit, least significant first
    divu    a0, a0, t1
    addi    t2, t2, '0'
    addi    t0, t0, -1
    sb      t2, 0(t0)
    bnez    a0, 1b
    mv      a0, t0
    call    print_str
    lw      ra, 28(sp)
    addi    sp, sp, 32
    ret

# print_hex: "0x" and eight hex digits, most significant nibble first.
print_hex:
    addi    sp, sp, -32
    sw      ra, 28(sp)
    li      t0, '0'
    sb      t0, 0(sp)
    li      t0, 'x'
    sb      t0, 1(sp)
    addi    t0, sp, 2               # t0 = where the next digit goes
    li      t1, 28                  # shift amount of the current nibble
1:  srl     t2, a0, t1
    andi    t2, t2, 0xf
    li      t3, 10
    blt     t2, t3, 2f
    addi    t2, t2, 'a' - '0' - 10  # 10..15 -> 'a'..'f'
2:  addi    t2, t2, '0'
    sb      t2, 0(t0)
    addi    t0, t0, 1
    addi    t1, t1, -4
    bgez    t1, 1b
    sb      zero, 0(t0)
    mv      a0, sp
    call    print_str
    lw      ra, 28(sp)
    addi    sp, sp, 32
    ret

# exit: end the process with status a0 (only its low 8 bits reach the parent).
exit:
    li      a7, SYS_exit
    ecall
