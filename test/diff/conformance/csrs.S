# Which CSRs and instructions exist, as riscv-tests' mcsr, shamt, illegal,
# ma_fetch and wfi probe them: misa reports MXL = 1 (RV32) and the I, M, A,
# C, S and U extensions; mhartid is 0; mvendorid, marchid and mimpid read
# without a trap; mstatus.MPP holds S (S-mode exists); an RV32 shift with
# shamt[5] set and the all-zero parcel are illegal instructions, with mtval 0
# or the instruction's bits; with C, a JALR to an address that is only
# 2-byte aligned does not trap; misa.C either cannot change or changes
# consistently; WFI in S-mode completes when an interrupt is pending and
# enabled in sie, even with sstatus.SIE = 0 (priv. spec, "Wait for
# Interrupt": it resumes on any locally enabled pending interrupt).

.equ MISA_IMACSU, (1 << 8) | (1 << 12) | (1 << 0) | (1 << 2) | (1 << 18) | (1 << 20)
.equ MIP_SSIP, 0x2

main:
    CHECK 1
    csrr a1, misa
    srli a2, a1, 30
    li a3, 1
    FAIL_UNLESS_EQ a2, a3
    li a3, MISA_IMACSU
    and a2, a1, a3
    FAIL_UNLESS_EQ a2, a3

    CHECK 2
    csrr a1, mhartid
    FAIL_UNLESS_EQ a1, zero
    csrr a1, mvendorid
    csrr a1, marchid
    csrr a1, mimpid
    FAIL_IF_TRAPPED

    CHECK 3
    li a0, MSTATUS_MPP
    csrc mstatus, a0
    li a1, 0x800                # MPP = S
    csrs mstatus, a1
    csrr a2, mstatus
    and a2, a2, a0
    FAIL_UNLESS_EQ a1, a2
    csrc mstatus, a0

    # slli a0, a0, 32: shamt[5] = 1 is reserved on RV32.
    CHECK 4
    li a0, 1
    la a3, bad_shift
bad_shift:
    .word 0x02051513
    FAIL_UNLESS_TRAP CAUSE_ILLEGAL_INSTRUCTION
    FAIL_UNLESS_EQ s9, a3
    li a1, 1                    # a0 unchanged
    FAIL_UNLESS_EQ a0, a1
    beqz s10, 1f
    li a1, 0x02051513
    FAIL_UNLESS_EQ s10, a1
1:  CLEAR_TRAPS

    # The all-zero parcel is a (16-bit) illegal instruction on every hart.
    CHECK 5
    .half 0
    FAIL_UNLESS_TRAP CAUSE_ILLEGAL_INSTRUCTION
    FAIL_UNLESS_EQ s10, zero
    CLEAR_TRAPS

    # JALR to an address with bit 1 set: legal with C (IALIGN = 16); bit 0
    # of the target is cleared. The link register is written.
    CHECK 6
    la a0, half_aligned
    jalr a1, 3(a0)              # target = half_aligned + 2
    j 2f
.option push
.option rvc
.align 2
half_aligned:
    c.nop
    c.j 1f
.option pop
2:  jal check_failed            # jumped to the wrong place
1:  FAIL_IF_TRAPPED

    # misa.C: if it cannot be cleared, it stays set; if it can, put it back.
    CHECK 7
    csrci misa, 1 << 2
    csrr a1, misa
    csrsi misa, 1 << 2
    csrr a2, misa
    andi a2, a2, 1 << 2
    li a3, 1 << 2
    FAIL_UNLESS_EQ a2, a3
    FAIL_IF_TRAPPED

    # WFI in S-mode with an enabled, pending (delegated) supervisor software
    # interrupt and sstatus.SIE = 0: it completes and no interrupt is taken.
    CHECK 8
    csrwi mideleg, MIP_SSIP
    csrwi sie, MIP_SSIP
    csrsi sip, MIP_SSIP
    csrci sstatus, 0x2
    li a0, 1
    jal enter_mode
    wfi
    csrci sip, MIP_SSIP
    ecall
    FAIL_UNLESS_TRAP CAUSE_SUPERVISOR_ECALL
    CLEAR_TRAPS
    csrwi sie, 0
    csrwi mideleg, 0

    j report
