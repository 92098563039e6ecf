# Interrupts from the CLINT (machine software and timer) and from mip/sip
# (supervisor software and timer): which one is taken, in which mode, in
# which order when several are pending, and the status the handler sees.
# Emulators take an interrupt after different numbers of instructions, so
# the steps wait for the handler (which disables the interrupt in mie/sie)
# and never print an epc of an interrupt.
.include "priv-lib.S"

.equ MIE_MSIE, 1 << 3
.equ MIE_MTIE, 1 << 7
.equ MIE_SSIE, 1 << 1
.equ MIE_STIE, 1 << 5
.equ MIE_SEIE, 1 << 9
.equ MIP_SEIP, 1 << 9
.equ MSTATUS_MIE, 1 << 3
.equ SSTATUS_SIE, 1 << 1

# Spin until the handler cleared `bit` in mie (resp. sie).
.macro WAIT_MIE_CLEAR bit
1:  csrr t0, mie
    li t1, \bit
    and t0, t0, t1
    bnez t0, 1b
.endm
.macro WAIT_SIE_CLEAR bit
1:  csrr t0, sie
    li t1, \bit
    and t0, t0, t1
    bnez t0, 1b
.endm

.section .text
main:
    la t0, s_trap
    csrw stvec, t0

    STEP 1                      # machine software interrupt through msip
    li t0, MIE_MSIE
    csrw mie, t0
    csrsi mstatus, MSTATUS_MIE
    li t0, CLINT_MSIP
    li t1, 1
    sw t1, 0(t0)
    WAIT_MIE_CLEAR MIE_MSIE
    csrci mstatus, MSTATUS_MIE
    call clear_interrupt_sources
    csrr s0, mip
    PRINT s0

    STEP 2                      # machine timer interrupt: mtimecmp = mtime + 200
    li t0, CLINT_MTIME
    lw s0, 0(t0)
    lw s1, 4(t0)
    addi s2, s0, 200
    sltu s3, s2, s0
    add s1, s1, s3
    li t0, CLINT_MTIMECMP
    li t1, -1
    sw t1, 4(t0)                # no early match while the halves change
    sw s2, 0(t0)
    sw s1, 4(t0)
    li t0, MIE_MTIE
    csrw mie, t0
    csrsi mstatus, MSTATUS_MIE
    WAIT_MIE_CLEAR MIE_MTIE
    csrci mstatus, MSTATUS_MIE
    csrr s0, mip
    PRINT s0                    # MTIP still pending: mtimecmp was not moved
    call clear_interrupt_sources
    csrr s0, mip
    PRINT s0

    STEP 3                      # priority: MSI, then MTI, then SSI (not delegated), all in M
    li t0, CLINT_MSIP
    li t1, 1
    sw t1, 0(t0)
    li t0, CLINT_MTIMECMP
    sw zero, 0(t0)
    sw zero, 4(t0)
    csrsi mip, MIP_SSIP
    li t0, MIE_MSIE | MIE_MTIE | MIE_SSIE
    csrw mie, t0
    csrsi mstatus, MSTATUS_MIE
    WAIT_MIE_CLEAR MIE_MSIE | MIE_MTIE | MIE_SSIE
    csrci mstatus, MSTATUS_MIE
    call clear_interrupt_sources

    STEP 4                      # delegated supervisor software interrupt, raised by S itself
    li t0, MIP_SSIP
    csrw mideleg, t0
    GOTO_MODE 1f, 1
1:  csrsi sie, MIE_SSIE
    csrsi sstatus, SSTATUS_SIE
    csrsi sip, MIP_SSIP
    WAIT_SIE_CLEAR MIE_SSIE
    csrci sstatus, SSTATUS_SIE
    csrr s0, sip
    PRINT s0
    csrci sip, MIP_SSIP
    TO_M 2f

2:  STEP 5                      # an M interrupt pending while in S is taken even with MIE = 0
    li t0, MIE_MSIE
    csrw mie, t0
    li t0, CLINT_MSIP
    li t1, 1
    sw t1, 0(t0)
    GOTO_MODE 1f, 1
1:  li t0, 20                   # taken at once; wait a little anyway
3:  addi t0, t0, -1
    bnez t0, 3b
    TO_M 2f

2:  call clear_interrupt_sources
    STEP 6                      # a delegated interrupt is never taken in M; in U it is, with SIE = 0
    li t0, MIE_SSIE
    csrw mie, t0
    csrsi mstatus, MSTATUS_MIE
    csrsi mip, MIP_SSIP
    nop
    nop
    csrr s0, mip
    PRINT s0
    csrci mstatus, MSTATUS_MIE
    csrci sstatus, SSTATUS_SIE
    GOTO_MODE 1f, 0
1:  nop
    nop
    TO_M 2f
2:  csrr s0, mie
    PRINT s0

    STEP 7                      # supervisor timer interrupt set by M in mip.STIP, delegated
    li t0, MIP_SSIP | MIP_STIP
    csrw mideleg, t0
    li t0, MIE_STIE
    csrw mie, t0
    li t0, MIP_STIP
    csrs mip, t0
    csrr s0, mip
    PRINT s0
    GOTO_MODE 1f, 1
1:  csrsi sstatus, SSTATUS_SIE
    WAIT_SIE_CLEAR MIE_STIE
    csrci sstatus, SSTATUS_SIE
    TO_M 2f
2:  call clear_interrupt_sources
    csrw mideleg, zero

    STEP 8                      # WFI with an interrupt pending but disabled (MIE = 0) just continues
    li t0, MIE_MSIE
    csrw mie, t0
    li t0, CLINT_MSIP
    li t1, 1
    sw t1, 0(t0)
    wfi
    csrr s0, mip
    PRINT s0
    call clear_interrupt_sources
    csrw mie, zero

    STEP 9                      # vectored mtvec: an interrupt goes to BASE + 4 * cause
    la t0, vectors
    ori t0, t0, 1
    csrw mtvec, t0
    li t0, MIE_MSIE
    csrw mie, t0
    li t0, CLINT_MSIP
    li t1, 1
    sw t1, 0(t0)
    csrsi mstatus, MSTATUS_MIE
    WAIT_MIE_CLEAR MIE_MSIE
    csrci mstatus, MSTATUS_MIE
    call clear_interrupt_sources
    la t0, vector_hits
    lw s0, 0(t0)
    PRINT s0
    la t0, m_trap
    csrw mtvec, t0

    STEP 10                     # vectored stvec: a delegated SSI goes to BASE + 4
    li t0, MIP_SSIP
    csrw mideleg, t0
    la t0, s_vectors
    ori t0, t0, 1
    csrw stvec, t0
    GOTO_MODE 1f, 1
1:  csrsi sie, MIE_SSIE
    csrsi sstatus, SSTATUS_SIE
    csrsi sip, MIP_SSIP
    WAIT_SIE_CLEAR MIE_SSIE
    csrci sstatus, SSTATUS_SIE
    TO_M 2f
2:  call clear_interrupt_sources
    la t0, vector_hits
    lw s0, 4(t0)
    PRINT s0
    la t0, s_trap
    csrw stvec, t0
    csrw mideleg, zero

    STEP 11                     # WFI (MIE = 0) waits for a timer armed 500 ticks ahead; then MIE = 1 takes it
    # MIE stays 0 until WFI is done: were the interrupt taken before the WFI,
    # nothing enabled would be left to end it.
    call arm_timer
    li t0, MIE_MTIE
    csrw mie, t0
    wfi
    csrr s0, mip
    PRINT s0
    csrsi mstatus, MSTATUS_MIE
    WAIT_MIE_CLEAR MIE_MTIE
    csrci mstatus, MSTATUS_MIE
    call clear_interrupt_sources

    STEP 12                     # supervisor external interrupt: M sets mip.SEIP, delegated, taken in S
    li t0, MIP_SEIP
    csrw mideleg, t0
    li t0, MIE_SEIE
    csrw mie, t0
    li t0, MIP_SEIP
    csrs mip, t0
    csrr s0, mip
    PRINT s0
    GOTO_MODE 1f, 1
1:  csrsi sstatus, SSTATUS_SIE
    WAIT_SIE_CLEAR MIE_SEIE
    csrci sstatus, SSTATUS_SIE
    TO_M 2f
2:  li t0, MIP_SEIP
    csrc mip, t0
    csrw mideleg, zero
    STEP 13                     # not delegated, in S with SIE = 0: taken in M
    li t0, MIE_SEIE
    csrw mie, t0
    li t0, MIP_SEIP
    csrs mip, t0
    GOTO_MODE 1f, 1
1:  li t0, 20
3:  addi t0, t0, -1
    bnez t0, 3b
    TO_M 2f
2:  li t0, MIP_SEIP
    csrc mip, t0
    csrw mie, zero
    STEP 14                     # priority among delegated S interrupts: SEI, then SSI, then STI
    li t0, MIP_SEIP | MIP_SSIP | MIP_STIP
    csrw mideleg, t0
    csrs mip, t0
    li t0, MIE_SEIE | MIE_SSIE | MIE_STIE
    csrw mie, t0
    GOTO_MODE 1f, 1
1:  csrsi sstatus, SSTATUS_SIE
    WAIT_SIE_CLEAR MIE_SEIE | MIE_SSIE | MIE_STIE
    csrci sstatus, SSTATUS_SIE
    TO_M 2f
2:  call clear_interrupt_sources
    li t0, MIP_SEIP
    csrc mip, t0
    csrw mideleg, zero
    j finish

# arm_timer: mtimecmp = mtime + 500.
arm_timer:
    li t0, CLINT_MTIME
    lw t1, 0(t0)
    lw t2, 4(t0)
    addi t3, t1, 500
    sltu t1, t3, t1
    add t2, t2, t1
    li t0, CLINT_MTIMECMP
    li t1, -1
    sw t1, 4(t0)
    sw t3, 0(t0)
    sw t2, 4(t0)
    ret

# Vectored trap table: every entry goes to m_trap; entry 3 (machine
# software interrupt) first counts itself in vector_hits.
.align 6
.option push
.option norvc                   # 4-byte entries
vectors:
    .rept 3
    j m_trap
    .endr
    j vector_msi
    .rept 12
    j m_trap
    .endr
.option pop
# The same for stvec: entry 1 (supervisor software interrupt) counts itself
# in vector_hits + 4.
.align 6
.option push
.option norvc
s_vectors:
    j s_trap
    j vector_ssi
    .rept 14
    j s_trap
    .endr
.option pop
vector_ssi:
    csrrw sp, sscratch, sp
    sw t0, 36(sp)
    sw t1, 40(sp)
    la t0, vector_hits
    lw t1, 4(t0)
    addi t1, t1, 1
    sw t1, 4(t0)
    lw t0, 36(sp)
    lw t1, 40(sp)
    csrrw sp, sscratch, sp
    j s_trap
vector_msi:
    csrrw sp, mscratch, sp
    sw t0, 36(sp)
    sw t1, 40(sp)
    la t0, vector_hits
    lw t1, 0(t0)
    addi t1, t1, 1
    sw t1, 0(t0)
    lw t0, 36(sp)
    lw t1, 40(sp)
    csrrw sp, mscratch, sp
    j m_trap

.section .data
.align 4
vector_hits: .word 0, 0
