# Sv32: 4 KiB pages and 4 MiB megapages; R/W/X/U permissions with SUM, MXR
# and MPRV; invalid, reserved (W without R), misaligned-megapage and
# non-leaf-at-level-0 PTEs; a walk that leaves RAM (access fault); A/D bits
# set by hardware (QEMU 7.2 updates them: compared with mmulab's ad 'update');
# SFENCE.VMA after a PTE change; accesses and fetches crossing a page boundary.
# Page and access faults are delegated to S; the S handler prints them.
.include "priv-lib.S"

.equ PTE_V, 0x01
.equ PTE_R, 0x02
.equ PTE_W, 0x04
.equ PTE_X, 0x08
.equ PTE_U, 0x10
.equ PTE_A, 0x40
.equ PTE_D, 0x80
.equ RW, PTE_V | PTE_R | PTE_W | PTE_A | PTE_D
.equ RWX, RW | PTE_X
.equ SATP_SV32, 0x80000000
.equ SSTATUS_SUM, 1 << 18
.equ SSTATUS_MXR, 1 << 19
.equ VA_PAGES, 0x40000000       # VPN[1] 0x100: the second-level table's 4 KiB pages
.equ VA_ALIAS, 0xc0000000       # VPN[1] 0x300: a megapage onto the start of RAM
.equ VA_MISALIGNED, 0xc0400000  # VPN[1] 0x301: megapage leaf with PPN[0] != 0
.equ VA_RESERVED, 0xc0800000    # VPN[1] 0x302: megapage leaf with W but not R
.equ VA_OUTSIDE, 0xc0c00000     # VPN[1] 0x303: pointer to a table outside RAM

# PTE table, index, label, flags: table[index] = leaf/pointer to the label's page.
.macro PTE table, index, target, flags
    la t0, \target
    srli t0, t0, 12
    slli t0, t0, 10
    ori t0, t0, \flags
    la t1, \table
    li t2, (\index) * 4
    add t1, t1, t2
    sw t0, 0(t1)
.endm
# PTE_RAW table, index, value: table[index] = value.
.macro PTE_RAW table, index, value
    li t0, \value
    la t1, \table
    li t2, (\index) * 4
    add t1, t1, t2
    sw t0, 0(t1)
.endm
.macro LOAD_AT va
    li s3, \va
    lw s0, 0(s3)
.endm

.section .text
main:
    la t0, s_trap
    csrw stvec, t0
    li t0, (1 << 1) | (1 << 5) | (1 << 7) | (1 << 12) | (1 << 13) | (1 << 15)
    csrw medeleg, t0

    STEP 1                      # build the tables, turn Sv32 on, enter S
    PTE root, 0x200, 0x80000000, RWX        # identity megapage over RAM (code, data, tohost)
    PTE root, 0x100, l0, PTE_V              # VA 0x40000000: second-level table
    PTE root, 0x300, 0x80000000, RW         # VA 0xc0000000: alias megapage
    PTE root, 0x301, 0x80001000, RW         # misaligned megapage
    PTE_RAW root, 0x302, (0x80000 << 10) | PTE_V | PTE_W | PTE_A | PTE_D
    PTE_RAW root, 0x303, (0x10 << 10) | PTE_V   # table at physical 0x10000: no memory there
    PTE l0, 0, page0, RW
    PTE l0, 1, page1, PTE_V | PTE_R | PTE_A
    PTE l0, 2, page2, PTE_V | PTE_X | PTE_A
    PTE l0, 3, page3, RW | PTE_U
    PTE_RAW l0, 4, 0                          # invalid
    PTE l0, 5, page5, PTE_V | PTE_W | PTE_A | PTE_D    # W without R: reserved
    PTE l0, 6, page6, PTE_V | PTE_R | PTE_W           # A = D = 0
    PTE l0, 7, page7, PTE_V | PTE_R | PTE_W | PTE_A   # D = 0
    PTE l0, 8, page0, PTE_V                           # a pointer at level 0
    PTE l0, 9, page9, PTE_V | PTE_R | PTE_X | PTE_U | PTE_A   # user code
    PTE_RAW l0, 10, (0x10 << 10) | RW                  # a leaf with no memory behind it
    PTE_RAW l0, 11, 0                                  # invalid
    la t0, root
    srli t0, t0, 12
    li t1, SATP_SV32
    or t0, t0, t1
    csrw satp, t0
    sfence.vma
    csrr s0, satp
    li t0, SATP_SV32
    and s0, s0, t0
    PRINT s0
    GOTO_MODE s_steps, 1

s_steps:
    STEP 2                      # read and write a RW page
    LOAD_AT VA_PAGES
    PRINT s0
    li t0, 0x12345678
    sw t0, 8(s3)
    lw s0, 8(s3)
    PRINT s0
    STEP 3                      # read-only page: load ok, store faults (15)
    LOAD_AT VA_PAGES + 0x1000
    PRINT s0
    sw zero, 0(s3)
    STEP 4                      # execute-only page: load faults (13) unless MXR
    LOAD_AT VA_PAGES + 0x2000
    li t0, SSTATUS_MXR
    csrs sstatus, t0
    LOAD_AT VA_PAGES + 0x2000
    PRINT s0
    li t0, SSTATUS_MXR
    csrc sstatus, t0
    STEP 5                      # execute the X page; then a fetch from an R-only page faults (12)
    la s1, 1f
    li t0, VA_PAGES + 0x2000
    jr t0
1:  PRINT s0
    RECOVER_S 1f
    li t0, VA_PAGES + 0x1000
    jr t0
1:  STEP 6                      # a U page from S: faults without SUM, loads with it, never executes
    LOAD_AT VA_PAGES + 0x3000
    li t0, SSTATUS_SUM
    csrs sstatus, t0
    LOAD_AT VA_PAGES + 0x3000
    PRINT s0
    RECOVER_S 1f
    li t0, VA_PAGES + 0x3004
    jr t0
1:  li t0, SSTATUS_SUM
    csrc sstatus, t0
    STEP 7                      # invalid PTE: load 13, store 15
    LOAD_AT VA_PAGES + 0x4000
    sw zero, 0(s3)
    STEP 8                      # W without R is reserved: load 13, store 15
    LOAD_AT VA_PAGES + 0x5000
    sw zero, 0(s3)
    STEP 9                      # A = 0: an access sets A (hardware update)
    li s3, VA_PAGES + 0x6000
ad_load:
    lw s0, 0(s3)
    PRINT s0
    STEP 10                     # D = 0: a store sets D
    li s3, VA_PAGES + 0x7000
    li t0, 0x77
ad_store:
    sw t0, 0(s3)
    STEP 11                     # a pointer PTE at level 0: page fault
    LOAD_AT VA_PAGES + 0x8000
    STEP 12                     # the megapage alias reads page0's first word
    la t0, page0
    li t1, 0x80000000
    sub t0, t0, t1
    li t1, VA_ALIAS
    add s3, t0, t1
    lw s0, 0(s3)
    PRINT s0
    STEP 13                     # misaligned megapage: page fault
    LOAD_AT VA_MISALIGNED
    STEP 14                     # reserved megapage (W without R): page fault
    LOAD_AT VA_RESERVED
    STEP 15                     # the walk reads a PTE outside RAM: load access fault (5)
    li s3, VA_OUTSIDE
outside_load:
    lw s0, 0(s3)
outside_store:
    sw zero, 0(s3)              # ... and the store's own kind (7)
    STEP 16                     # misaligned load across two readable pages
    li s3, VA_PAGES + 0xffe
    lw s0, 0(s3)
    PRINT s0
    STEP 17                     # misaligned store whose second page is read-only: stval = that page
    li s3, VA_PAGES + 0xffe
    sw zero, 0(s3)
    STEP 18                     # a 32-bit instruction whose second half is on a non-executable page
    RECOVER_S 1f
    li t0, VA_PAGES + 0x2ffe
    jr t0
1:  STEP 19                     # SFENCE.VMA after pointing page 0 at page 1's frame
    la t0, page1
    srli t0, t0, 12
    slli t0, t0, 10
    ori t0, t0, RW
    la t1, l0
    sw t0, 0(t1)
    li s3, VA_PAGES
    sfence.vma s3, zero
    lw s0, 0(s3)
    PRINT s0
    PTE l0, 0, page0, RW
    sfence.vma
    lw s0, 0(s3)
    PRINT s0
    STEP 20                     # U-mode code on a U page; it faults touching an S page
    li t0, SSTATUS_SUM          # (SUM lets the S handler read the U instruction it skips)
    csrs sstatus, t0
    TO_M 1f
1:  la s1, 2f                   # page9 returns to M at s1
    li s3, VA_PAGES             # ... after a load from page 0 (not U)
    GOTO_MODE VA_PAGES + 0x9000, 0
2:  PRINT s0
    STEP 21                     # the A and D bits hardware set in steps 9 and 10
    la s4, l0
    lw s0, 24(s4)
    andi s0, s0, 0x3ff
    PRINT s0
    lw s0, 28(s4)
    andi s0, s0, 0x3ff
    PRINT s0
    STEP 22                     # MPRV in M: loads translate with MPP's privilege
    li t0, MSTATUS_MPRV | MSTATUS_MPP
    csrc mstatus, t0
    li t0, 0x0800               # MPP = S
    csrs mstatus, t0
    li t0, MSTATUS_MPRV
    li s3, VA_PAGES
    csrs mstatus, t0
    lw s0, 0(s3)
    csrc mstatus, t0
    PRINT s0
    li t0, MSTATUS_MPP          # MPP = U: page 0 is not a U page
    csrc mstatus, t0
    li t0, MSTATUS_MPRV
    csrs mstatus, t0
    lw s0, 0(s3)
    li t0, MSTATUS_MPRV
    csrc mstatus, t0

    STEP 23                     # ASID 1: SFENCE.VMA by ASID, then by address and ASID, sees new PTEs
    la t0, root
    srli t0, t0, 12
    li t1, SATP_SV32 | (1 << 22)
    or t0, t0, t1
    csrw satp, t0
    GOTO_MODE 1f, 1
1:  li s5, 1
    li s3, VA_PAGES
    lw s0, 0(s3)                # (fills the TLB for ASID 1)
    PTE l0, 0, page1, RW
    sfence.vma zero, s5
    lw s0, 0(s3)
    PRINT s0
    PTE l0, 0, page0, RW
    sfence.vma s3, s5
    lw s0, 0(s3)
    PRINT s0
    csrr s0, satp
    srli s0, s0, 22
    PRINT s0
    STEP 24                     # a load across an access-faulting page into a page-faulting one:
    li s3, VA_PAGES + 0xaffe    # the page fault (higher priority) is taken, stval = its address
both_fault:
    lw s0, 0(s3)
    j finish

.section .data
.align 12
root: .space 4096
l0: .space 4096
page0: .word 0x0a0a0000, 0, 0, 0
    .skip 4096 - 16
page1: .word 0x0a0a0001
    .skip 4096 - 4
.option push
.option norvc
page2:                          # execute-only: s0 = 0x77, back to s1
    addi s0, zero, 0x77
    jr s1
    .skip 0xffe - (. - page2)
    .half 0x0013                # the low half of addi x0, x0, 0; the high half opens page3
page3: .half 0x0000
    .half 0
    .word 0x0a0a0003
    .skip 4096 - 8
page5: .word 0x0a0a0005
    .skip 4096 - 4
page6: .word 0x0a0a0006
    .skip 4096 - 4
page7: .word 0x0a0a0007
    .skip 4096 - 4
page9:                          # user code: s0 = 0x55, load from s3, ECALL to M at s1
    addi s0, zero, 0x55
    lw s2, 0(s3)
    mv a0, s1
    li a7, PRIV_CALL_TO_M
    ecall
.option pop
