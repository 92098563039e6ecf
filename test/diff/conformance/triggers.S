# Breakpoints as riscv-tests' breakpoint and sbreak test them. The Sdtrig
# triggers are optional: software probes them by writing tselect and tdata1
# and reading back. mmulab has none (tselect, tdata1-3 read 0 and ignore
# writes: type 0, "no trigger at this tselect"); QEMU 7.2 has type-2 address
# match triggers. Either way the probe must be consistent: a trigger whose
# tdata1 read back as written must fire (breakpoint exception, mepc = the
# instruction), and one that did not must not. EBREAK and C.EBREAK raise a
# breakpoint with mepc = their address and mtval = that address or 0 (priv.
# spec, "Machine Trap Value Register").

.equ MCONTROL_TYPE2, 0x20000000     # type 2 in tdata1[31:28]
.equ MCONTROL_M, 0x40
.equ MCONTROL_EXECUTE, 0x4
.equ MCONTROL_LOAD, 0x1

main:
    # tcontrol is optional: enable M-mode triggers where it exists.
    li a0, 0x8
    csrs tcontrol, a0
    CLEAR_TRAPS

    CHECK 1
    csrw tselect, zero
    csrr a1, tselect
    FAIL_UNLESS_EQ a1, zero
    FAIL_IF_TRAPPED

    # An execute trigger on `watched`.
    CHECK 2
    la a2, watched
    csrw tdata2, a2
    li a0, MCONTROL_TYPE2 | MCONTROL_M | MCONTROL_EXECUTE
    csrw tdata1, a0
    csrr a1, tdata1
    CLEAR_TRAPS
    jal watched
    beq a0, a1, 1f
    FAIL_IF_TRAPPED                 # no trigger: nothing fires
    j 2f
1:  FAIL_UNLESS_TRAP CAUSE_BREAKPOINT
    FAIL_UNLESS_EQ s9, a2
2:  csrw tdata1, zero
    CLEAR_TRAPS

    # A load trigger on `datum`.
    CHECK 3
    la a2, datum
    csrw tdata2, a2
    li a0, MCONTROL_TYPE2 | MCONTROL_M | MCONTROL_LOAD
    csrw tdata1, a0
    csrr a1, tdata1
    CLEAR_TRAPS
    la a3, load_datum
load_datum:
    lw a4, 0(a2)
    csrw tdata1, zero
    beq a0, a1, 1f
    FAIL_IF_TRAPPED
    j 2f
1:  FAIL_UNLESS_TRAP CAUSE_BREAKPOINT
    FAIL_UNLESS_EQ s9, a3
2:  CLEAR_TRAPS

    CHECK 4
    la a3, do_ebreak
do_ebreak:
    ebreak
    FAIL_UNLESS_TRAP CAUSE_BREAKPOINT
    FAIL_UNLESS_EQ s9, a3
    beqz s10, 1f
    FAIL_UNLESS_EQ s10, a3
1:  CLEAR_TRAPS

    CHECK 5
    la a3, do_c_ebreak
do_c_ebreak:
    c.ebreak
    FAIL_UNLESS_TRAP CAUSE_BREAKPOINT
    FAIL_UNLESS_EQ s9, a3
    beqz s10, 1f
    FAIL_UNLESS_EQ s10, a3
1:  CLEAR_TRAPS

    j report

.align 2
watched:                            # the handler steps over the nop a trigger stops at
    nop
    ret

.data
.align 2
datum: .word 0x12345678
