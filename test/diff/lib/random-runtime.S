# Runtime of the random-sequence programs (see random-render.ts): the scratch
# area the sequences load from and store to, its filling and checksum, and
# the signature printer. The including program defines RT_SCRATCH_BYTES.

.section .text
# rt_fill_scratch: fill the scratch area with xorshift32 values from seed a0.
rt_fill_scratch:
    la t0, rt_scratch
    la t1, rt_scratch_end
1:  slli t2, a0, 13
    xor a0, a0, t2
    srli t2, a0, 17
    xor a0, a0, t2
    slli t2, a0, 5
    xor a0, a0, t2
    sw a0, 0(t0)
    addi t0, t0, 4
    bltu t0, t1, 1b
    ret

# rt_print_signature: print '=' a0, then 'r' and x1..x31 from rt_regs, then
# 'c' and the scratch checksum. Every register is free: the sequence's
# registers are already saved in rt_regs.
rt_print_signature:
    mv s4, ra
    li a1, '='
    jal rt_puthex
    la s1, rt_regs + 4
    li s2, 31
1:  lw a0, 0(s1)
    li a1, 'r'
    jal rt_puthex
    addi s1, s1, 4
    addi s2, s2, -1
    bnez s2, 1b
    la s1, rt_scratch
    la s2, rt_scratch_end
    li a0, 0
2:  lw t0, 0(s1)            # checksum = rotl(checksum, 5) ^ word
    slli t1, a0, 5
    srli a0, a0, 27
    or a0, a0, t1
    xor a0, a0, t0
    addi s1, s1, 4
    bltu s1, s2, 2b
    li a1, 'c'
    jal rt_puthex
    jr s4

.section .data
.align 12
rt_scratch: .space RT_SCRATCH_BYTES
rt_scratch_end:
.align 4
rt_regs: .space 128
