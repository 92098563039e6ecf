# The Zicntr/Zihpm counters as riscv-tests' instret_overflow, zicntr and csr
# use them. A CSR write to minstret (either half on RV32) is the value the
# next instruction reads: the writing instruction is not counted as well
# (priv. spec, "Machine Counter/Timers": "Any CSR write takes effect after
# the writing instruction has otherwise completed"); cycle, time and instret
# and their high halves read without a trap in M-mode in every CSR form; in
# U-mode a counter is readable only when both mcounteren and scounteren
# allow it, and never writable; sstatus is not accessible from U-mode.

# In U-mode with mcounteren = \m and scounteren = \s (one of them 0), reading
# cycle raises illegal instruction: the cause is taken before the ecall back
# to M (the second trap).
.macro U_CYCLE_ILLEGAL m, s
    csrwi mcounteren, \m
    csrwi scounteren, \s
    li a0, 0
    jal enter_mode
    csrr a1, cycle
    mv s5, s8                   # the cause the read raised, before the ecall
    ecall
    li t0, 2
    FAIL_UNLESS_EQ s6, t0
    li t0, CAUSE_ILLEGAL_INSTRUCTION
    FAIL_UNLESS_EQ s5, t0
    CLEAR_TRAPS
.endm

main:
    CHECK 1
    csrwi minstret, 0
    csrr a1, minstret
    FAIL_UNLESS_EQ a1, zero

    # Writing minstreth is a write to the counter too: no increment, so the
    # next instruction (the nop) makes 0xffffffff wrap to 0 with the carry.
    CHECK 2
    li a0, -1
    csrw minstret, a0
    csrw minstreth, a0
    nop
    csrr a1, minstret
    csrr a2, minstreth
    FAIL_UNLESS_EQ a1, zero
    FAIL_UNLESS_EQ a2, zero

    CHECK 3
    csrrc x0, cycle, x0
    csrrs x0, cycle, x0
    csrrci x0, cycle, 0
    csrrsi x0, cycle, 0
    csrr a1, cycleh
    FAIL_IF_TRAPPED

    CHECK 4
    csrrc x0, instret, x0
    csrrs x0, instret, x0
    csrrci x0, instret, 0
    csrrsi x0, instret, 0
    csrr a1, instreth
    FAIL_IF_TRAPPED

    CHECK 5
    csrrc x0, time, x0
    csrrs x0, time, x0
    csrrci x0, time, 0
    csrrsi x0, time, 0
    csrr a1, timeh
    FAIL_IF_TRAPPED

    # instret counts: two reads 3 instructions apart differ by 3.
    CHECK 6
    csrr a1, instret
    nop
    nop
    csrr a2, instret
    sub a2, a2, a1
    li a1, 3
    FAIL_UNLESS_EQ a1, a2

    # U-mode: cycle is readable only with mcounteren.CY and scounteren.CY.
    CHECK 7
    CLEAR_TRAPS
    U_CYCLE_ILLEGAL 0, 1

    CHECK 8
    U_CYCLE_ILLEGAL 1, 0

    CHECK 9
    csrwi mcounteren, 1
    csrwi scounteren, 1
    li a0, 0
    jal enter_mode
    csrr a1, cycle
    ecall
    FAIL_UNLESS_TRAP CAUSE_USER_ECALL       # only the ecall back to M
    CLEAR_TRAPS

    # Counters are read-only: writing cycle traps even where it is readable.
    CHECK 10
    li a0, 0
    jal enter_mode
    li a1, 255
    csrrw a1, cycle, x0
    ecall
    li t0, 2
    FAIL_UNLESS_EQ s6, t0
    li t0, 255                          # the trapping csrrw wrote nothing
    FAIL_UNLESS_EQ a1, t0
    CLEAR_TRAPS

    # sstatus is a supervisor CSR: illegal in U-mode.
    CHECK 11
    li a0, 0
    jal enter_mode
    li a1, 255
    csrr a1, sstatus
    ecall
    li t0, 2
    FAIL_UNLESS_EQ s6, t0
    li t0, 255
    FAIL_UNLESS_EQ a1, t0
    CLEAR_TRAPS

    j report
