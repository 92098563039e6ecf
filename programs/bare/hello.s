# bare/hello.s: a bare-metal program — no kernel, no virtual memory. It starts
# in M-mode at 0x80000000 and talks to the host through HTIF: each character is
# a command written to the 64-bit `tohost` word (device 1 = console, command 1 =
# write a character), and writing (status << 1) | 1 ends the run.
#
# Run it:  mmulab run --bare programs/bare/hello.s
# What to look for: the program counter starts at the ELF entry in M-mode, and
# the summary shows no translations at all — M-mode accesses are physical.

    .text
    .globl _start
_start:
    la      s0, message
1:  lbu     a0, 0(s0)               # next character, or 0 at the end
    beqz    a0, 2f
    call    putchar
    addi    s0, s0, 1
    j       1b
2:  li      a0, 0                   # exit status 0
    slli    a0, a0, 1
    ori     a0, a0, 1
    la      t0, tohost
    sw      a0, 0(t0)
    sw      zero, 4(t0)             # writing the upper word sends the command
3:  j       3b                      # the host stops us here

# putchar(a0): write one character through the HTIF console.
putchar:
    la      t0, tohost
1:  lw      t1, 0(t0)               # wait until the host took the last command
    lw      t2, 4(t0)
    or      t1, t1, t2
    bnez    t1, 1b
    li      t1, 0x01010000          # device 1 (bits 63:56), command 1 (bits 55:48)
    sw      a0, 0(t0)
    sw      t1, 4(t0)
    ret

    .section .rodata
message:
    .asciz  "Hello from bare metal: M-mode, physical addresses, HTIF console.\n"

    .data
    .balign 64
    .globl  tohost, fromhost
    .type   tohost, @object
    .size   tohost, 8               # QEMU insists on the symbol's size
tohost:   .dword 0
    .type   fromhost, @object
    .size   fromhost, 8
fromhost: .dword 0
