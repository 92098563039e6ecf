# console.s: talking to the host through HTIF (see programs/bare/hello.s).
# tohost is a 64-bit word: a command is written low word first, and writing
# the high word hands it to the host; the host clears tohost when it has
# taken the command.  These functions run in M-mode (physical addresses)
# and in S-mode (where the kernel's identity map makes tohost's address the
# same), and follow the standard calling convention.

    .text

# htif_putc(a0 = character): print one character.  A leaf: uses t0, t1.
htif_putc:
    la      t0, tohost
1:  lw      t1, 0(t0)               # wait until the host took the last command
    bnez    t1, 1b
    lw      t1, 4(t0)
    bnez    t1, 1b
    andi    a0, a0, 0xff
    sw      a0, 0(t0)
    li      t1, HTIF_CONSOLE_PUTCHAR
    sw      t1, 4(t0)               # the high word sends the command
    ret

# htif_exit(a0 = status): end the run; never returns.
htif_exit:
    slli    a0, a0, 1               # exit command: (status << 1) | 1, device 0
    ori     a0, a0, 1
    la      t0, tohost
    sw      a0, 0(t0)
    sw      zero, 4(t0)
1:  j       1b                      # the host stops us here

# console_puts(a0 = NUL-terminated string).
console_puts:
    addi    sp, sp, -16
    sw      ra, 12(sp)
    sw      s0, 8(sp)
    mv      s0, a0
1:  lbu     a0, 0(s0)
    beqz    a0, 2f
    call    htif_putc
    addi    s0, s0, 1
    j       1b
2:  lw      ra, 12(sp)
    lw      s0, 8(sp)
    addi    sp, sp, 16
    ret

# console_put_hex(a0): print "0x" and a0 as 8 hexadecimal digits.
console_put_hex:
    addi    sp, sp, -16
    sw      ra, 12(sp)
    sw      s0, 8(sp)
    sw      s1, 4(sp)
    mv      s0, a0
    li      a0, '0'
    call    htif_putc
    li      a0, 'x'
    call    htif_putc
    li      s1, 8                   # digits left, most significant first
1:  srli    a0, s0, 28
    slli    s0, s0, 4
    la      t0, hex_digits
    add     t0, t0, a0
    lbu     a0, 0(t0)
    call    htif_putc
    addi    s1, s1, -1
    bnez    s1, 1b
    lw      ra, 12(sp)
    lw      s0, 8(sp)
    lw      s1, 4(sp)
    addi    sp, sp, 16
    ret

# console_put_dec(a0): print a0 as an unsigned decimal number.
console_put_dec:
    addi    sp, sp, -32
    sw      ra, 28(sp)
    sw      s0, 24(sp)
    mv      s0, sp                  # digits are collected at 0(sp).. least significant first
    li      t1, 10
1:  remu    t0, a0, t1
    addi    t0, t0, '0'
    sb      t0, 0(s0)
    addi    s0, s0, 1
    divu    a0, a0, t1
    bnez    a0, 1b
2:  addi    s0, s0, -1              # print them back, most significant first
    lbu     a0, 0(s0)
    call    htif_putc
    bne     s0, sp, 2b
    lw      ra, 28(sp)
    lw      s0, 24(sp)
    addi    sp, sp, 32
    ret

    .section .rodata
hex_digits:
    .ascii  "0123456789abcdef"

    .data
    .balign 64
    .globl  tohost, fromhost
    .type   tohost, @object
    .size   tohost, 8               # QEMU finds HTIF by these symbols and insists on the size
tohost:   .dword 0
    .type   fromhost, @object
    .size   fromhost, 8
fromhost: .dword 0
