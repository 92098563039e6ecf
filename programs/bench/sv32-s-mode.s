# sv32-s-mode.s: the common start of the benchmark programs (.include it
# first). In M-mode it opens all physical memory to S-mode with PMP entry 0
# (as firmware does: with PMP implemented, S-mode may access nothing until
# M-mode grants it), maps the first 16 MiB of RAM 1:1 with four 4 MiB
# megapages (R W X A D, supervisor), lets the program add mappings in
# `bench_map` (a normal function, called with the root table in a0), turns on
# Sv32 and enters the program's `s_main` in S-mode. `ecall` with a0 = status
# ends the run through HTIF; any other trap ends it with status 100 + mcause.

    .text
    .globl _start
_start:
    la      t0, m_trap
    csrw    mtvec, t0
    li      t0, 0x7fffffff              # NAPOT, 31 trailing ones: all 2^34 bytes
    csrw    pmpaddr0, t0
    li      t0, 0x1f                    # A = NAPOT, X W R
    csrw    pmpcfg0, t0
    la      s0, root_table
    li      t1, 0x80000000 >> 12        # PPN of the first megapage
    slli    t1, t1, 10
    ori     t1, t1, 0xcf                # V R W X A D
    li      t2, 2048                    # root index 512 (VA 0x8000_0000) * 4
    add     t2, s0, t2
    li      t3, 4
    li      t4, 0x400 << 10             # one megapage = 0x400 pages, as a PTE PPN step
1:  sw      t1, 0(t2)
    add     t1, t1, t4
    addi    t2, t2, 4
    addi    t3, t3, -1
    bnez    t3, 1b
    mv      a0, s0
    call    bench_map
    srli    t0, s0, 12
    li      t1, 1 << 31                 # MODE = Sv32, ASID 0
    or      t0, t0, t1
    csrw    satp, t0
    sfence.vma zero, zero
    li      t0, 3 << 11                 # MPP := S
    csrc    mstatus, t0
    li      t0, 1 << 11
    csrs    mstatus, t0
    la      t0, s_main
    csrw    mepc, t0
    mret

m_trap:
    csrr    t0, mcause
    li      t1, 9                       # ECALL from S: exit with a0
    beq     t0, t1, 1f
    addi    a0, t0, 100
1:
    .include "lib/bare-exit.s"

    .bss
    .balign 4096
root_table: .space 4096
