# alu.s: an ALU-bound loop in S-mode with Sv32 on (every fetch translated).
    .include "sv32-s-mode.s"

    .text
bench_map:
    ret

s_main:
    .include "lib/alu-loop.s"
    ecall
