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

# rt_print_signature: print '=' a0, 'k' mcause, then 'r' and x1..x31 from rt_regs, then
# 'c' and the scratch checksum. Every register is free: the sequence's
# registers are already saved in rt_regs.
rt_print_signature:
    mv s4, ra
    li a1, '='
    jal rt_puthex
    csrr a0, mcause
    li a1, 'k'
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

# rt_allow_lower_modes: PMP (QEMU and mmulab: 16 entries) denies S and U every
# access unless an entry allows it: one NAPOT entry over the whole 34-bit space.
rt_allow_lower_modes:
    li t0, -1
    csrw pmpaddr0, t0
    li t0, 0x1f
    csrw pmpcfg0, t0
    ret

.equ PTE_V, 0x01
.equ PTE_U, 0x10
.equ PTE_RWXAD, 0xce
.equ SATP_SV32, 0x80000000
# rt_setup_paging: Sv32 on, the first 4 MiB of RAM identity-mapped read,
# write, execute (plus the flags in a0, e.g. PTE_U) by one megapage (a1 = 0)
# or by 1024 pages of a second-level table (a1 = 1).
rt_setup_paging:
    li t0, 0x80000000 >> 12 << 10
    ori t0, t0, PTE_V | PTE_RWXAD
    or t0, t0, a0               # the leaf for RAM's first page (or megapage)
    la t1, rt_root
    li t2, 0x200 * 4            # VPN[1] of 0x80000000
    add t1, t1, t2
    beqz a1, 2f
    la t2, rt_l0
    li t3, 1024
1:  sw t0, 0(t2)                # rt_l0[i] = leaf of page i
    addi t0, t0, 1 << 10
    addi t2, t2, 4
    addi t3, t3, -1
    bnez t3, 1b
    la t0, rt_l0                # the root points at rt_l0
    srli t0, t0, 12
    slli t0, t0, 10
    ori t0, t0, PTE_V
2:  sw t0, 0(t1)
    la t0, rt_root
    srli t0, t0, 12
    li t1, SATP_SV32
    or t0, t0, t1
    csrw satp, t0
    sfence.vma
    ret

.section .data
.align 12
rt_root: .space 4096
rt_l0: .space 4096
# The scratch area starts in the middle of a page, so x8 (scratch + 2048)
# sits on a page boundary and misaligned accesses around it cross pages.
.skip 2048
rt_scratch: .space RT_SCRATCH_BYTES
rt_scratch_end:
.align 4
rt_regs: .space 128
