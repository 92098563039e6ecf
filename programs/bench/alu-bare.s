# alu-bare.s: alu.s's loop with paging off (M-mode: no access is
# translated), the baseline that shows what Sv32 costs the ALU loop. Ends
# through HTIF with status 0.
    .text
    .globl _start
_start:
    .include "lib/alu-loop.s"
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
