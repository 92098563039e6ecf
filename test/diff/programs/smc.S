# Self-modifying code: after FENCE.I a hart must execute the instructions
# memory now holds (also after running the old ones many times, also for
# compressed instructions, also for a 32-bit instruction straddling two pages
# whose second half changed, also when the store went through another
# virtual address), and after SFENCE.VMA it must fetch through the new
# mapping of a code page. Without those fences a stale fetch is allowed, so
# nothing is printed before them.
.include "priv-lib.S"

.equ PTE_V, 0x01
.equ PTE_R, 0x02
.equ PTE_W, 0x04
.equ PTE_X, 0x08
.equ PTE_A, 0x40
.equ PTE_D, 0x80
.equ RWX, PTE_V | PTE_R | PTE_W | PTE_X | PTE_A | PTE_D
.equ SATP_SV32, 0x80000000
.equ VA_CODE, 0x40000000        # code_page, execute
.equ VA_ALIAS, 0x40001000       # code_page again, read/write
.equ VA_SWAP, 0x40002000        # code_page, then swap_page after SFENCE.VMA
.equ VA_SPLIT, 0x40003000       # split_pages: two pages, an instruction across them

# Instruction words (RV32I, no compression).
.equ ADDI_S0_1, 0x00100413      # addi s0, zero, 1
.equ ADDI_S0_2, 0x00200413      # addi s0, zero, 2
.equ ADDI_S0_0x123, 0x12300413  # addi s0, zero, 0x123
.equ C_LI_S0_3, 0x440d          # c.li s0, 3
.equ C_NOP, 0x0001

# Run the code at \addr (which ends with jr s1) n times, then print s0.
.macro CALL_CODE addr, times
    li s5, \times
1:  li s0, 0
    la s1, 2f
    la t0, \addr
    jr t0
2:  addi s5, s5, -1
    bnez s5, 1b
    PRINT s0
.endm

# PTE: table[index] = leaf to the label's page with flags.
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

.section .text
main:
    STEP 1                      # M-mode: run the code 50 times, patch it, FENCE.I, run it again
    la s2, code_page
    CALL_CODE code_page, 50
    li t0, ADDI_S0_2
    sw t0, 0(s2)
    fence.i
    CALL_CODE code_page, 3
    STEP 2                      # a compressed instruction replaces half of the 32-bit one
    li t0, C_LI_S0_3
    sh t0, 0(s2)
    li t0, C_NOP
    sh t0, 2(s2)
    fence.i
    CALL_CODE code_page, 3
    STEP 3                      # a 32-bit instruction across two pages: patch its second half
    CALL_CODE split_pages + 4096 - 2, 20
    la s3, split_pages + 4096
    li t0, ADDI_S0_0x123 >> 16
    sh t0, 0(s3)
    fence.i
    CALL_CODE split_pages + 4096 - 2, 3
    li t0, ADDI_S0_1 >> 16      # and back, for the S-mode steps
    sh t0, 0(s3)
    li t0, ADDI_S0_1
    sw t0, 0(s2)
    fence.i

    STEP 4                      # Sv32 on; S-mode from here
    PTE root, 0x200, 0x80000000, RWX       # identity megapage over RAM
    PTE root, 0x100, l0, PTE_V
    PTE l0, 0, code_page, PTE_V | PTE_R | PTE_X | PTE_A
    PTE l0, 1, code_page, PTE_V | PTE_R | PTE_W | PTE_A | PTE_D
    PTE l0, 2, code_page, PTE_V | PTE_R | PTE_X | PTE_A
    PTE l0, 3, split_pages, PTE_V | PTE_R | PTE_X | PTE_A
    PTE l0, 4, split_pages + 4096, PTE_V | PTE_R | PTE_X | PTE_A
    la t0, root
    srli t0, t0, 12
    li t1, SATP_SV32
    or t0, t0, t1
    csrw satp, t0
    sfence.vma
    GOTO_MODE s_steps, 1

s_steps:
    STEP 5                      # patch through another virtual address, FENCE.I, run
    CALL_CODE VA_CODE, 50
    li s3, VA_ALIAS
    li t0, ADDI_S0_2
    sw t0, 0(s3)
    fence.i
    CALL_CODE VA_CODE, 3
    STEP 6                      # point VA_SWAP at another frame; SFENCE.VMA; run the new code
    CALL_CODE VA_SWAP, 50
    PTE l0, 2, swap_page, PTE_V | PTE_R | PTE_X | PTE_A
    li t0, VA_SWAP
    sfence.vma t0, zero
    CALL_CODE VA_SWAP, 3
    STEP 7                      # the straddling instruction through Sv32 pages, patched via the identity map
    CALL_CODE VA_SPLIT + 4096 - 2, 20
    la s3, split_pages + 4096
    li t0, ADDI_S0_0x123 >> 16
    sh t0, 0(s3)
    fence.i
    CALL_CODE VA_SPLIT + 4096 - 2, 3
    STEP 8                      # remap the second page of the straddling instruction
    PTE l0, 4, split_alt, PTE_V | PTE_R | PTE_X | PTE_A
    sfence.vma
    CALL_CODE VA_SPLIT + 4096 - 2, 3
    j finish

.section .data
.option push
.option norvc
.align 12
root: .space 4096
l0: .space 4096
code_page:
    addi s0, zero, 1
    jr s1
    .skip 4096 - 8
swap_page:
    addi s0, zero, 5
    jr s1
    .skip 4096 - 8
split_pages:                    # addi s0, zero, 1 at the last halfword of the first page
    .skip 4096 - 2
    .half ADDI_S0_1 & 0xffff
    .half ADDI_S0_1 >> 16
    jr s1
    .skip 4096 - 6
split_alt:                      # another second page: addi s0, zero, 0x7ff
    .half 0x7ff0
    jr s1
    .skip 4096 - 6
.option pop
