# alu-bare.s: alu.s's loop with paging off (M-mode: no access is
# translated), the baseline that shows what Sv32 costs the ALU loop. Ends
# through HTIF with status 0.
    .text
    .globl _start
_start:
    .include "lib/alu-loop.s"
    .include "lib/bare-exit.s"
