# Shared prelude of the conformance programs (test/diff/conformance.test.ts
# puts it in front of each program before assembling).
#
# A program is a list of numbered checks, 1 to 31. CHECK n starts check n;
# FAIL_UNLESS_EQ / FAIL_UNLESS_TRAP record a failed check as bit n of s7 and
# carry on, so one run reports every check that failed, not just the first.
# At the end, `j report` prints "F" and the mask of failed checks in hex and
# exits with status 0 when the mask is 0, else 1.
#
# The M-mode trap handler records every trap: s8 = mcause, s9 = mepc,
# s10 = mtval, s6 = the number of traps so far. It resumes after the trapping
# instruction (2 or 4 bytes), or, for an ECALL from U or S, after the ECALL in
# M-mode: `ecall` is how a program comes back to M from a lower mode. It
# clobbers t0-t2; programs keep their values in other registers.

.equ MSTATUS_MPP, 0x1800
.equ CAUSE_ILLEGAL_INSTRUCTION, 2
.equ CAUSE_BREAKPOINT, 3
.equ CAUSE_MISALIGNED_LOAD, 4
.equ CAUSE_MISALIGNED_STORE, 6
.equ CAUSE_USER_ECALL, 8
.equ CAUSE_SUPERVISOR_ECALL, 9

.macro CHECK n
    li s11, \n
.endm

# The current check fails unless registers \a and \b are equal.
.macro FAIL_UNLESS_EQ a, b
    beq \a, \b, 9998f
    jal check_failed
9998:
.endm

# The current check fails unless exactly one trap with cause \cause was
# taken since the last CLEAR_TRAPS. Clobbers t0.
.macro FAIL_UNLESS_TRAP cause
    li t0, 1
    FAIL_UNLESS_EQ s6, t0
    li t0, \cause
    FAIL_UNLESS_EQ s8, t0
.endm

# The current check fails if any trap was taken since the last CLEAR_TRAPS.
.macro FAIL_IF_TRAPPED
    FAIL_UNLESS_EQ s6, zero
.endm

.macro CLEAR_TRAPS
    li s6, 0
    li s8, -1
    li s9, 0
    li s10, 0
.endm

.include "runtime.S"

.section .text.init
.globl _start
_start:
    la t0, m_trap
    csrw mtvec, t0
    # PMP (QEMU and mmulab: 16 entries) denies S and U every access unless
    # an entry allows it: one NAPOT entry over the whole physical address space.
    li t0, -1
    csrw pmpaddr0, t0
    li t0, 0x1f
    csrw pmpcfg0, t0
    li s7, 0
    CLEAR_TRAPS
    j main

.section .text
# check_failed: set bit s11 of s7 (ra is the failing comparison's address).
check_failed:
    li t0, 1
    sll t0, t0, s11
    or s7, s7, t0
    ret

# report: print the failed-check mask, then exit 0 (none failed) or 1.
report:
    mv a0, s7
    li a1, 'F'
    jal rt_puthex
    snez a0, s7
    j rt_exit

# enter_mode: continue at the caller's return address in mode a0 (0 = U,
# 1 = S, 3 = M). Clobbers t0.
enter_mode:
    li t0, MSTATUS_MPP
    csrc mstatus, t0
    slli t0, a0, 11
    csrs mstatus, t0
    csrw mepc, ra
    mret

.align 2
m_trap:
    csrr s8, mcause
    csrr s9, mepc
    csrr s10, mtval
    addi s6, s6, 1
    bltz s8, 3f                 # an interrupt: resume where it struck
    li t0, CAUSE_USER_ECALL
    beq s8, t0, 1f
    li t0, CAUSE_SUPERVISOR_ECALL
    bne s8, t0, 2f
1:  li t0, MSTATUS_MPP          # ECALL from U or S: go on in M-mode
    csrs mstatus, t0
2:  lhu t0, 0(s9)               # step over the instruction (2 or 4 bytes)
    andi t0, t0, 3
    li t1, 3
    li t2, 2
    bne t0, t1, 4f
    li t2, 4
4:  add t0, s9, t2
    csrw mepc, t0
3:  mret
