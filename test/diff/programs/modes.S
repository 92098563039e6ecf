# Privilege modes: ECALL from U, S and M; delegation through medeleg;
# CSR privilege violations; MRET/SRET stacking of MPP/SPP/xPIE/xIE; TSR, TVM
# and TW. The handlers print cause, epc, tval and status of every trap.
.include "priv-lib.S"

.equ MSTATUS_TVM, 1 << 20
.equ MSTATUS_TW, 1 << 21
.equ MSTATUS_TSR, 1 << 22

.section .text
main:
    la t0, s_trap
    csrw stvec, t0

    STEP 1                      # ECALL from U, not delegated: cause 8 in M
    GOTO_MODE 1f, 0
1:  ecall
    TO_M 2f
2:  STEP 2                      # ECALL from S, not delegated: cause 9 in M
    GOTO_MODE 1f, 1
1:  ecall
    TO_M 2f
2:  STEP 3                      # ECALL from U delegated to S: cause 8 in S
    li t0, 1 << 8
    csrw medeleg, t0
    csrr s0, medeleg
    PRINT s0
    GOTO_MODE 1f, 0
1:  ecall
    TO_M 2f
2:  STEP 4                      # ECALL from M is never delegated
    li t0, 1 << 11
    csrs medeleg, t0
    ecall
    csrw medeleg, zero

    STEP 5                      # S reading an M CSR: illegal instruction in M
    GOTO_MODE 1f, 1
1:  csrr s0, mstatus
    STEP 6                      # U reading sstatus; U reading mscratch
    TO_M 2f
2:  GOTO_MODE 1f, 0
1:  csrr s0, sstatus
    csrr s0, mscratch
    STEP 7                      # U executing SRET and MRET; S executing MRET
    sret
    mret
    TO_M 2f
2:  GOTO_MODE 1f, 1
1:  mret
    STEP 8                      # S writing a read-only counter (cycle)
    csrw cycle, zero
    STEP 9                      # illegal instructions delegated to S come from U and S alike
    TO_M 2f
2:  li t0, 1 << 2
    csrw medeleg, t0
    GOTO_MODE 1f, 0
1:  csrr s0, mstatus
    TO_M 2f
2:  GOTO_MODE 1f, 1
1:  csrr s0, mstatus
    STEP 10                     # ... but an illegal instruction in M stays in M
    TO_M 2f
2:  .word 0xffffffff
    csrw medeleg, zero

    STEP 11                     # TSR: SRET in S traps; TVM: satp and SFENCE.VMA in S trap
    li t0, MSTATUS_TSR | MSTATUS_TVM
    csrs mstatus, t0
    GOTO_MODE 1f, 1
1:  sret
    csrr s0, satp
    sfence.vma
    STEP 12                     # TW: WFI in S traps
    TO_M 2f
2:  li t0, MSTATUS_TSR | MSTATUS_TVM
    csrc mstatus, t0
    li t0, MSTATUS_TW
    csrs mstatus, t0
    GOTO_MODE 1f, 1
1:  wfi
    TO_M 2f
2:  li t0, MSTATUS_TW
    csrc mstatus, t0

    STEP 13                     # MRET to S: MIE <- MPIE, MPIE <- 1, MPP <- U; SPP/SIE untouched
    li t0, 0x1888               # MPP = M, MPIE = 1, MIE = 1 (mie = 0: no interrupt)
    csrc mstatus, t0
    li t0, 0x0880               # MPP = S, MPIE = 1
    csrs mstatus, t0
    csrr s0, mstatus
    PRINT s0
    la t0, 1f
    csrw mepc, t0
    mret
1:  csrr s0, sstatus
    PRINT s0
    STEP 14                     # SRET to U: SIE <- SPIE, SPIE <- 1, SPP <- U
    li t0, 0x122                # SPP = S, SPIE = 1, SIE = 1
    csrc sstatus, t0
    li t0, 0x20                 # SPIE = 1, SPP = U
    csrs sstatus, t0
    la t0, 1f
    csrw sepc, t0
    sret
1:  ecall                       # from U: prints mstatus after the SRET
    TO_M 2f
2:  STEP 15                     # SRET to S (SPP = S)
    GOTO_MODE 1f, 1
1:  li t0, 0x100
    csrs sstatus, t0
    la t0, 1f
    csrw sepc, t0
    sret
1:  csrr s0, sstatus
    PRINT s0
    TO_M 2f
2:  STEP 16                     # MRET with MPRV = 1 to S clears MPRV
    li t0, MSTATUS_MPRV | 0x1800
    csrs mstatus, t0            # MPP = M: MPRV has no effect yet
    li t0, 0x1000
    csrc mstatus, t0            # MPP = S
    la t0, 1f
    csrw mepc, t0
    mret
1:  TO_M 2f
2:  csrr s0, mstatus
    PRINT s0
    li t0, MSTATUS_MPRV         # leave MPRV clear whatever the MRET did
    csrc mstatus, t0

    STEP 17                     # sstatus is a view of mstatus; WPRI bits read 0
    # FS and VS (and so SD) may be writable or read-only zero when S-mode is
    # implemented without F and V: the spec leaves it to the implementation.
    li s2, ~0x80006600
    li t0, -1
    csrw sstatus, t0
    csrr s0, sstatus
    and s0, s0, s2
    PRINT s0
    csrr s0, mstatus
    and s0, s0, s2
    PRINT s0
    csrw sstatus, zero
    csrr s0, mstatus
    PRINT s0
    STEP 18                     # medeleg: which bits are writable (ECALL from M and 10, 14 are not)
    li t0, -1
    csrw medeleg, t0
    csrr s0, medeleg
    PRINT s0
    csrw medeleg, zero
    STEP 19                     # mideleg, mie, sie: writable bits (MIE = 0: nothing is taken)
    li t0, 0x8
    csrc mstatus, t0
    li s1, -1
    csrw mideleg, s1
    csrr s0, mideleg
    PRINT s0
    csrw mie, s1
    csrr s0, mie
    PRINT s0
    csrr s0, sie
    PRINT s0
    csrw mie, zero
    csrw mideleg, zero
    STEP 20                     # satp: MODE and PPN writable, ASID width
    li t0, -1
    csrw satp, t0
    csrr s0, satp
    srli s0, s0, 31
    PRINT s0
    csrw satp, zero
    STEP 21                     # stvec/mtvec: the reserved MODE 2 or 3 is not kept
    la t0, s_trap
    ori t0, t0, 1
    csrw stvec, t0
    csrr s0, stvec
    PRINT s0
    la t0, s_trap
    csrw stvec, t0

    STEP 22                     # counters: mcounteren = 0 denies S and U (cycle, instret)
    csrw mcounteren, zero
    csrw scounteren, zero
    GOTO_MODE 1f, 1
1:  csrr s0, cycle
    TO_M 2f
2:  GOTO_MODE 1f, 0
1:  csrr s0, instret
    TO_M 2f
2:  STEP 23                     # mcounteren = CY|IR, scounteren = 0: S may read, U may not
    li t0, 0x5
    csrw mcounteren, t0
    GOTO_MODE 1f, 1
1:  csrr s0, cycle
    csrr s0, instreth
    TO_M 2f
2:  GOTO_MODE 1f, 0
1:  csrr s0, cycle
    TO_M 2f
2:  STEP 24                     # scounteren = CY: U may read cycle but not instret
    li t0, 0x1
    csrw scounteren, t0
    GOTO_MODE 1f, 0
1:  csrr s0, cycleh
    csrr s0, instret
    TO_M 2f
2:  csrr s0, mcounteren
    PRINT s0
    csrr s0, scounteren
    PRINT s0
    STEP 25                     # SFENCE.VMA and WFI... from U: SFENCE.VMA is illegal
    GOTO_MODE 1f, 0
1:  sfence.vma
    TO_M 2f
2:  STEP 26                     # satp: every PPN and ASID bit written reads back
    li t0, 0x7fffffff
    csrw satp, t0
    csrr s0, satp
    PRINT s0
    csrw satp, zero
    STEP 27                     # mepc and sepc: bit 0 is always zero (IALIGN = 16); mtval/stval keep any value
    li s1, -1
    csrw mepc, s1
    csrr s0, mepc
    PRINT s0
    csrw sepc, s1
    csrr s0, sepc
    PRINT s0
    csrw mtval, s1
    csrr s0, mtval
    PRINT s0
    csrw stval, s1
    csrr s0, stval
    PRINT s0
    j finish
