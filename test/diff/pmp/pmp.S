# Physical Memory Protection (priv. spec, "Physical Memory Protection"): the
# address-matching modes, priority, partial matches, R/W/X, the S/U default
# deny, MPRV, page-table reads as S-mode accesses, the WARL and lock rules.
# Built on priv-lib.S: every trap prints C mcause, E mepc, T mtval, S mstatus
# and the access is skipped.
#
# The accesses go to the test area at AREA (the .mmu section's fixed address);
# entry 15 stays a TOR region over everything below it with R W X (entry 14
# only gives it its bottom, RAM's start), so S and U can always run the code,
# print and call back to M. Entries 0-13 are the ones each step sets.
.include "priv-lib.S"

.equ PMP_R, 0x01
.equ PMP_W, 0x02
.equ PMP_X, 0x04
.equ PMP_TOR, 0x08
.equ PMP_NA4, 0x10
.equ PMP_NAPOT, 0x18
.equ PMP_L, 0x80
.equ RAM, 0x80000000
.equ AREA, 0x80400000
.equ ROOT, AREA + 0x1000            # a page table: megapages only
.equ FALLBACK, (PMP_TOR | PMP_R | PMP_W | PMP_X) << 24
.equ ECALL, 0x00000073

# Entries 0-13 OFF (entry 15 stays).
.macro PMP_CLEAR
    csrw pmpcfg0, zero
    csrw pmpcfg1, zero
    csrw pmpcfg2, zero
    li t4, FALLBACK
    csrw pmpcfg3, t4
.endm

.macro SET_CSR csr, value
    li t4, \value
    csrw \csr, t4
.endm

.section .text
main:
    SET_CSR pmpaddr14, RAM >> 2
    SET_CSR pmpaddr15, AREA >> 2
    PMP_CLEAR
    li s0, AREA

    STEP 1                          # no entry matches: S and U fail, M succeeds
    GOTO_MODE 1f, 1
1:  lw s1, 0(s0)
    sw s1, 4(s0)
    TO_M 2f
2:  GOTO_MODE 1f, 0
1:  lw s1, 8(s0)
    TO_M 2f
2:  lw s1, 12(s0)
    PRINT s1

    STEP 2                          # NA4 with R: exactly 4 bytes, loads only
    SET_CSR pmpaddr0, (AREA + 8) >> 2
    SET_CSR pmpcfg0, PMP_NA4 | PMP_R
    GOTO_MODE 1f, 1
1:  lw s1, 8(s0)
    PRINT s1
    lh s1, 10(s0)
    PRINT s1
    lw s1, 12(s0)
    lw s1, 4(s0)
    sw s1, 8(s0)
    TO_M 2f
2:  PMP_CLEAR

    STEP 3                          # NAPOT, 64 bytes at AREA+64, R W, from U
    SET_CSR pmpaddr0, ((AREA + 64) >> 2) | 7
    SET_CSR pmpcfg0, PMP_NAPOT | PMP_R | PMP_W
    GOTO_MODE 1f, 0
1:  lw s1, 64(s0)
    PRINT s1
    li s2, 0x5a5a0001
    sw s2, 124(s0)
    lw s1, 124(s0)
    PRINT s1
    lw s1, 128(s0)
    lw s1, 60(s0)
    sw s2, 128(s0)
    TO_M 2f
2:  PMP_CLEAR

    STEP 4                          # TOR: pmpaddr0 <= y < pmpaddr1 (entry 0 itself OFF)
    SET_CSR pmpaddr0, (AREA + 0x100) >> 2
    SET_CSR pmpaddr1, (AREA + 0x200) >> 2
    SET_CSR pmpcfg0, (PMP_TOR | PMP_R) << 8
    GOTO_MODE 1f, 1
1:  lw s1, 0x100(s0)
    PRINT s1
    lw s1, 0x1fc(s0)
    PRINT s1
    lw s1, 0x200(s0)
    lw s1, 0xfc(s0)
    TO_M 2f

2:  STEP 5                          # TOR with pmpaddr0 > pmpaddr1 matches nothing
    SET_CSR pmpaddr0, (AREA + 0x200) >> 2
    SET_CSR pmpaddr1, (AREA + 0x100) >> 2
    GOTO_MODE 1f, 1
1:  lw s1, 0x180(s0)
    TO_M 2f
2:  PMP_CLEAR

    STEP 6                          # the lowest-numbered matching entry decides
    SET_CSR pmpaddr0, (AREA + 4) >> 2
    SET_CSR pmpaddr1, (AREA >> 2) | 0x1ff
    SET_CSR pmpcfg0, PMP_NA4 | ((PMP_NAPOT | PMP_R | PMP_W) << 8)
    GOTO_MODE 1f, 1
1:  lw s1, 0(s0)
    PRINT s1
    lw s1, 4(s0)
    lw s1, 8(s0)
    PRINT s1
    TO_M 2f

2:  STEP 7                          # ... in the other order the large region decides
    SET_CSR pmpaddr0, (AREA >> 2) | 0x1ff
    SET_CSR pmpaddr1, (AREA + 4) >> 2
    SET_CSR pmpcfg0, (PMP_NAPOT | PMP_R | PMP_W) | (PMP_NA4 << 8)
    GOTO_MODE 1f, 1
1:  lw s1, 4(s0)
    PRINT s1
    TO_M 2f
2:  PMP_CLEAR

    STEP 8                          # fetch with X: an ECALL placed in the area runs
    li t5, ECALL
    sw t5, 0x80(s0)
    fence.i
    SET_CSR pmpaddr0, (AREA >> 2) | 0x1ff
    SET_CSR pmpcfg0, PMP_NAPOT | PMP_R | PMP_W | PMP_X
    GOTO_MODE 1f, 1
1:  la a0, 2f
    li a7, PRIV_CALL_TO_M
    addi t5, s0, 0x80
    jr t5

2:  STEP 9                          # ... and without X, an instruction access fault
    SET_CSR pmpcfg0, PMP_NAPOT | PMP_R | PMP_W
    RECOVER_M 3f
    GOTO_MODE 1f, 1
1:  addi t5, s0, 0x80
    jalr t5
3:  TO_M 2f
2:  PMP_CLEAR

    STEP 10                         # MPRV: M-mode loads are checked at MPP
    li t5, MSTATUS_MPP
    csrc mstatus, t5
    li t5, MSTATUS_MPRV | (1 << 11)
    csrs mstatus, t5
    lw s1, 16(s0)                   # as S: no entry matches
    lw s1, 20(s0)                   # the handler's MRET left MPP = U: as U, no match either
    li t5, MSTATUS_MPP
    csrs mstatus, t5
    lw s1, 24(s0)                   # MPP = M: as M
    PRINT s1
    li t5, MSTATUS_MPRV
    csrc mstatus, t5

    STEP 11                         # page-table reads are S-mode loads
    SET_CSR pmpaddr0, (ROOT + 0xc00) >> 2       # the PTE of VA 0xc000_0000: no access
    SET_CSR pmpaddr1, (ROOT >> 2) | 0x1ff       # the rest of the table: R
    SET_CSR pmpaddr2, (AREA >> 2) | 0x1ff       # the data page: R W
    SET_CSR pmpcfg0, PMP_NA4 | ((PMP_NAPOT | PMP_R) << 8) | ((PMP_NAPOT | PMP_R | PMP_W) << 16)
    SET_CSR satp, (1 << 31) | (ROOT >> 12)
    sfence.vma
    GOTO_MODE 1f, 1
1:  li t5, 0xc0000000
    lw s1, 0(t5)
    sw s1, 0(t5)
    li t5, 0xc0000000 + 0x1000
    lw s1, 0(t5)
    TO_M 2f

2:  STEP 12                         # setting A is an S-mode store to the PTE: no W there
    GOTO_MODE 1f, 1
1:  li t5, 0xc0400000
    li s1, 0x5555
ad_load:
    lw s1, 8(t5)
    PRINT s1
    TO_M 2f
2:  csrw satp, zero
    sfence.vma
    li t5, ROOT + 0xc04
    lw s1, 0(t5)
    PRINT s1
    PMP_CLEAR

    STEP 13                         # WARL: bits 6:5 are 0; R=0 W=1 is reserved; G = 0
    SET_CSR pmpcfg0, 0x1a067f02
    csrr s1, pmpcfg0
    PRINT s1
    SET_CSR pmpaddr0, -1
    csrr s1, pmpaddr0
    PRINT s1
    PMP_CLEAR

    STEP 14                         # the CSRs of entries 16-63 (read-only zero)
    li s1, 0x5555
pmpcfg4_read:
    csrr s1, 0x3a4                  # pmpcfg4
    PRINT s1
    li s1, 0x5555
pmpaddr16_read:
    csrr s1, 0x3c0                  # pmpaddr16
    PRINT s1

    STEP 15                         # lock (last: only a reset undoes it): entry 13, TOR, R
    SET_CSR pmpaddr12, (AREA + 0x20) >> 2
    SET_CSR pmpaddr13, (AREA + 0x24) >> 2
    SET_CSR pmpcfg3, FALLBACK | ((PMP_L | PMP_TOR | PMP_R) << 8)
    lw s1, 0x20(s0)                 # M-mode is bound by it too
    PRINT s1
    sw s1, 0x20(s0)
    sw s1, 0x24(s0)
    csrw pmpaddr12, zero            # TOR: its bottom is locked too
    csrr s1, pmpaddr12
    PRINT s1
    csrw pmpaddr13, zero
    csrr s1, pmpaddr13
    PRINT s1
    csrw pmpcfg3, zero
    csrr s1, pmpcfg3
    PRINT s1
    j finish

# The test area: words 0xa000_0000 + n, then the page table at ROOT.
.section .mmu, "aw", @progbits
area:
    .set n, 0
    .rept 1024
    .word 0xa0000000 + n
    .set n, n + 1
    .endr
root:
    .space 0x800
    .word ((RAM >> 12) << 10) | 0xcf        # VA 0x8000_0000: this code, V R W X A D
    .space 0x3fc
    .word ((AREA >> 12) << 10) | 0xc7       # VA 0xc000_0000: the area, V R W A D
    .word ((AREA >> 12) << 10) | 0x07       # VA 0xc040_0000: the same, V R W (A and D clear)
    .space 0x3f8
