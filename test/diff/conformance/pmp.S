# PMP address registers as riscv-tests' pmpaddr probes them: with pmpcfg0 =
# 0, writing all ones to pmpaddr0 and reading it back gives the granularity
# G (the lowest set bit), which needs at least one PMP entry; pmpaddr0[G-1]
# is writable but reads as 0 while the entry is OFF, and reads back as
# written in NAPOT mode (priv. spec, "Physical Memory Protection CSRs").
# The spec allows 0 PMP entries (then pmpaddr0 reads 0), which riscv-tests
# does not; mmulab and QEMU both have 16 entries with G = 0 (4 bytes).

.equ PMPCFG_A, 0x18

main:
    CHECK 1
    csrw pmpcfg0, zero
    li a0, -1
    csrw pmpaddr0, a0
    csrr a1, pmpaddr0
    neg a2, a1
    and s1, a1, a2              # s1 = bit G
    bnez s1, 1f
    jal check_failed            # no PMP entry
    j done
1:  srli s1, s1, 1              # s1 = bit G-1 (0 when G = 0)
    beqz s1, done

    CHECK 2
    csrs pmpcfg0, PMPCFG_A      # NAPOT: bit G-1 reads as written
    csrc pmpaddr0, s1
    csrr a1, pmpaddr0
    and a1, a1, s1
    FAIL_UNLESS_EQ a1, zero
    csrs pmpaddr0, s1
    csrr a1, pmpaddr0
    and a1, a1, s1
    FAIL_UNLESS_EQ a1, s1

    CHECK 3
    csrc pmpcfg0, PMPCFG_A      # OFF: it reads as 0 but keeps its value
    csrr a1, pmpaddr0
    and a1, a1, s1
    FAIL_UNLESS_EQ a1, zero
    csrs pmpcfg0, PMPCFG_A
    csrr a1, pmpaddr0
    and a1, a1, s1
    FAIL_UNLESS_EQ a1, s1

done:
    FAIL_IF_TRAPPED
    li a0, -1                   # back to one entry over all memory
    csrw pmpaddr0, a0
    li a0, 0x1f
    csrw pmpcfg0, a0
    j report
