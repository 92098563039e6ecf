# Every exception M-mode can raise by itself: illegal instructions (including
# CSR misuse), breakpoints, ECALL, misaligned LR/SC/AMO, access faults outside
# RAM and devices. Each step traps once; the handler prints the trap CSRs.
.include "priv-lib.S"

.section .text
main:
    STEP 1                      # the all-zero 16-bit word is defined illegal
    .half 0x0000
    STEP 2                      # an all-ones 32-bit word: no such instruction
    .word 0xffffffff
    STEP 3                      # write to a read-only CSR (mvendorid, 0xf11)
    csrw mvendorid, zero
    STEP 4                      # csrrs with rs1 = x0 does not write: no trap
    csrrs s0, mvendorid, x0
    PRINT s0
    STEP 5                      # csrrwi on read-only mhartid traps even with zimm = 0
    csrrwi s0, mhartid, 0
    STEP 6                      # a CSR that does not exist (hstatus: no H extension)
    csrr s0, 0x600
    STEP 7                      # a reserved compressed form: c.lwsp with rd = x0
    .half 0x4002
    STEP 8                      # c.addi4spn with a zero immediate is reserved
    .half 0x0000 | (1 << 2)
    STEP 9                      # ebreak
ebreak_insn:
    ebreak
    STEP 10                     # c.ebreak
c_ebreak_insn:
    c.ebreak
    STEP 11                     # ecall from M
    ecall
    STEP 12                     # misaligned LR: load address misaligned
    la s1, data
    addi s2, s1, 2
    lr.w s0, (s2)
    STEP 13                     # misaligned SC: store/AMO address misaligned
sc_misaligned:
    sc.w s0, s0, (s2)
    STEP 14                     # misaligned AMO
    addi s2, s1, 1
amo_misaligned:
    amoadd.w s0, s0, (s2)
    STEP 15                     # misaligned ordinary load and store complete
    li s0, 0x11223344
    sw s0, 1(s1)
    lw s3, 1(s1)
    PRINT s3
    lh s3, 3(s1)
    PRINT s3
    STEP 16                     # load from physical address 0: access fault
    lw s0, 0(zero)
    STEP 17                     # store just below RAM: access fault
    li s2, 0x7ffffffc
    sw s0, 0(s2)
    STEP 18                     # AMO outside RAM: store/AMO access fault
    li s2, 0x40000000
amo_outside:
    amoswap.w s0, s0, (s2)
    STEP 19                     # fetch from 0: instruction access fault
    RECOVER_M 1f
    jr zero
1:  STEP 20                     # fetch from just below RAM
    RECOVER_M 1f
    li s2, 0x7ffffffc
    jalr s2
1:  STEP 21                     # mret in M with MPP = M returns to M with MIE = MPIE
    li s0, 0x1880               # MPP = M, MPIE = 1
    csrs mstatus, s0
    la s0, 1f
    csrw mepc, s0
    mret
1:  csrr s0, mstatus
    PRINT s0
    STEP 22                     # misa, mhartid: what the hart is
    csrr s0, misa
    PRINT s0
    csrr s0, mhartid
    PRINT s0
    STEP 23                     # mtvec vectored mode: exceptions still go to BASE
    la s0, m_trap
    ori s0, s0, 1
    csrw mtvec, s0
    csrr s1, mtvec
    PRINT s1
    ecall
    la s0, m_trap
    csrw mtvec, s0
    j finish

.section .data
.align 4
data: .word 0, 0, 0, 0
