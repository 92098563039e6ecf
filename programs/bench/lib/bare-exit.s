# lib/bare-exit.s: the end of a bare-metal program that runs in M-mode with
# paging off (.include it where the program is done): exits with status a0
# through HTIF (tohost = a0 << 1 | 1, low word first), and defines tohost.
    slli    a0, a0, 1
    ori     a0, a0, 1
    la      t0, tohost
    sw      a0, 0(t0)
    sw      zero, 4(t0)
2:  j       2b

    .data
    .balign 64
    .globl  tohost, fromhost
tohost:   .dword 0
fromhost: .dword 0
