# Framework of the privileged differential programs (included by each).
#
# A program defines `main` (entered in M-mode) and prints what it observes:
#   n<step>    STEP: the start of a numbered step
#   v<value>   PRINT: a value the step computed
# and the trap handlers print, for every trap:
#   M-mode handler: C mcause, E mepc, T mtval, S mstatus   (interrupts also P mip)
#   S-mode handler: c scause, e sepc, t stval, s sstatus   (interrupts also p sip)
# An exception resumes at the address in m_recover/s_recover if one is set
# (set it before a fetch fault) or else after the trapping instruction.
# An interrupt is disabled in mie/sie, then resumed; steps clear the
# sources themselves (clear_interrupt_sources).
#
# Handlers save every register they use, so step code may keep state in any
# register except sp, a0-a3, t0-t3, ra across PRINT and STEP.
#
# Switching privilege: GOTO_MODE label, mode (from M) continues at label in
# U (0) or S (1); TO_M label (from S or U) continues at label in M-mode,
# through an ECALL with a7 = PRIV_CALL_TO_M that the handlers forward.

.equ PRIV_CALL_TO_M, 0x4d4d4d4d
.equ MSTATUS_MPP, 0x1800
.equ MSTATUS_MPRV, 0x20000
.equ MSTATUS_MPIE, 0x80
.equ CLINT_MSIP, 0x02000000
.equ CLINT_MTIMECMP, 0x02004000
.equ CLINT_MTIME, 0x0200bff8
.equ MIP_SSIP, 0x2
.equ MIP_STIP, 0x20

.macro PRINT reg
    mv a0, \reg
    li a1, 'v'
    call rt_puthex
.endm

.macro STEP n
    li a0, \n
    li a1, 'n'
    call rt_puthex
.endm

.macro GOTO_MODE label, mode
    la a0, \label
    li a1, \mode
    j goto_mode
.endm

.macro TO_M label
    la a0, \label
    li a7, PRIV_CALL_TO_M
    ecall
.endm

# Resume a fault that does not come back (a fetch fault) at `label`.
.macro RECOVER_M label
    la t0, \label
    la t1, m_recover
    sw t0, 0(t1)
.endm
.macro RECOVER_S label
    la t0, \label
    la t1, s_recover
    sw t0, 0(t1)
.endm

.include "runtime.S"

.section .text.init
.globl _start
_start:
    la t0, m_trap
    csrw mtvec, t0
    la t0, m_save
    csrw mscratch, t0
    la t0, s_save
    csrw sscratch, t0
    # PMP (QEMU and mmulab: 16 entries) denies S and U every access unless
    # an entry allows it: one NAPOT entry over the whole 34-bit space.
    li t0, -1
    csrw pmpaddr0, t0
    li t0, 0x1f
    csrw pmpcfg0, t0
    call clear_interrupt_sources    # mtimecmp's reset value is unspecified
    j main

.section .text
# goto_mode: mret to a0 in mode a1 (0 = U, 1 = S, 3 = M).
goto_mode:
    li t0, MSTATUS_MPP
    csrc mstatus, t0
    slli a1, a1, 11
    csrs mstatus, a1
    csrw mepc, a0
    mret

# finish: exit with status 0 (any mode: tohost is reachable from all of them).
.globl finish
finish:
    li a0, 0
    j rt_exit

# Length of the instruction at a0 (2 or 4) in a0. Clobbers t0.
insn_length:
    lhu t0, 0(a0)
    andi t0, t0, 3
    li a0, 2
    addi t0, t0, -3
    bnez t0, 1f
    li a0, 4
1:  ret

.macro SAVE_REGS
    sw ra, 0(sp)
    sw t0, 4(sp)
    sw t1, 8(sp)
    sw t2, 12(sp)
    sw t3, 16(sp)
    sw a0, 20(sp)
    sw a1, 24(sp)
    sw a2, 28(sp)
    sw a3, 32(sp)
.endm
.macro RESTORE_REGS
    lw ra, 0(sp)
    lw t0, 4(sp)
    lw t1, 8(sp)
    lw t2, 12(sp)
    lw t3, 16(sp)
    lw a0, 20(sp)
    lw a1, 24(sp)
    lw a2, 28(sp)
    lw a3, 32(sp)
.endm
.macro PRINT_CSR csr, tag
    csrr a0, \csr
    li a1, \tag
    call rt_puthex
.endm

.align 2
m_trap:
    csrrw sp, mscratch, sp
    SAVE_REGS
    csrr t0, mcause
    bltz t0, m_interrupt
    li t1, PRIV_CALL_TO_M           # an ECALL asking for M-mode at a0?
    bne a7, t1, 1f
    addi t1, t0, -8                 # cause 8, 9 or 11: an ECALL
    li t2, 4
    bgeu t1, t2, 1f
    csrw mepc, a0
    li a7, 0                        # a later ECALL is an ordinary one
    li t0, MSTATUS_MPP
    csrs mstatus, t0
    li t0, MSTATUS_MPIE             # continue in M with MIE = 0
    csrc mstatus, t0
    j m_return
1:  PRINT_CSR mcause, 'C'
    PRINT_CSR mepc, 'E'
    PRINT_CSR mtval, 'T'
    PRINT_CSR mstatus, 'S'
    la t1, m_recover
    lw t0, 0(t1)
    beqz t0, 2f
    sw zero, 0(t1)
    csrw mepc, t0
    j m_return
2:  csrr a0, mepc
    call insn_length
    csrr t0, mepc
    add t0, t0, a0
    csrw mepc, t0
m_return:
    RESTORE_REGS
    csrrw sp, mscratch, sp
    mret

m_interrupt:
    PRINT_CSR mcause, 'C'
    PRINT_CSR mstatus, 'S'
    PRINT_CSR mip, 'P'
    csrr t0, mcause                 # disable it; the step clears the sources
    li t1, 1
    sll t1, t1, t0
    csrc mie, t1
    j m_return

# clear_interrupt_sources: msip = 0, mtimecmp = max, mip.SSIP = mip.STIP = 0 (M-mode).
.globl clear_interrupt_sources
clear_interrupt_sources:
    li t0, CLINT_MSIP
    sw zero, 0(t0)
    li t0, CLINT_MTIMECMP
    li t1, -1
    sw t1, 0(t0)
    sw t1, 4(t0)
    li t0, MIP_SSIP | MIP_STIP
    csrc mip, t0
    ret

.align 2
s_trap:
    csrrw sp, sscratch, sp
    SAVE_REGS
    csrr t0, scause
    bltz t0, s_interrupt
    li t1, PRIV_CALL_TO_M           # a delegated U-mode ECALL asking for M: ask M from S
    bne a7, t1, 1f
    addi t1, t0, -8
    bnez t1, 1f
    RESTORE_REGS
    csrrw sp, sscratch, sp
    ecall
1:  PRINT_CSR scause, 'c'
    PRINT_CSR sepc, 'e'
    PRINT_CSR stval, 't'
    PRINT_CSR sstatus, 's'
    la t1, s_recover
    lw t0, 0(t1)
    beqz t0, 2f
    sw zero, 0(t1)
    csrw sepc, t0
    j s_return
2:  csrr a0, sepc
    call insn_length
    csrr t0, sepc
    add t0, t0, a0
    csrw sepc, t0
s_return:
    RESTORE_REGS
    csrrw sp, sscratch, sp
    sret

s_interrupt:
    PRINT_CSR scause, 'c'
    PRINT_CSR sstatus, 's'
    PRINT_CSR sip, 'p'
    csrr t0, scause                 # disable it; the step clears the sources
    li t1, 1
    sll t1, t1, t0
    csrc sie, t1
    j s_return

.section .data
.align 4
m_save: .space 64
s_save: .space 64
m_recover: .word 0
s_recover: .word 0
