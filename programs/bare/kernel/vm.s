# vm.s: Sv32 page tables (stage 2).  One root table, static and page-aligned;
# second-level tables come from the frame allocator when a mapping needs one.
#
#   root_page_table[512..515]  the kernel: RAM 1:1 as 4 MiB megapages
#                              (R W X, G: in every address space; no U)
#   a second-level table       the user image at USER_BASE and its heap
#   another one                the user stack, just below 0x8000_0000
#
# User stack and heap pages are mapped on demand: the user's first touch of
# such a page faults, and handle_page_fault gives it a zeroed frame.
#
# Every leaf PTE is written with A (and D when writable) already set, so the
# kernel works whether the hardware sets them itself (Svadu: QEMU, mmulab's
# default) or raises a page fault for the OS to set them (Svade).
#
# Physical addresses are 34 bits in Sv32, but RAM sits below 4 GiB, so a
# page's address is simply PPN << 12 in a 32-bit register.

    .equ KERNEL_PTE_FLAGS,  PTE_V | PTE_R | PTE_W | PTE_X | PTE_G | PTE_A | PTE_D
    .equ USER_TEXT_FLAGS,   PTE_R | PTE_X | PTE_U | PTE_A
    .equ USER_RODATA_FLAGS, PTE_R | PTE_U | PTE_A
    .equ USER_DATA_FLAGS,   PTE_R | PTE_W | PTE_U | PTE_A | PTE_D

    .text

# map_kernel(): the kernel's identity map, KERNEL_MEGAPAGES megapages from RAM_BASE.
map_kernel:
    la      t0, root_page_table
    li      t1, (RAM_BASE >> MEGAPAGE_SHIFT) * PTE_SIZE
    add     t0, t0, t1              # the root entry for RAM_BASE
    li      t1, ((RAM_BASE >> PAGE_SHIFT) << PTE_PPN_SHIFT) | KERNEL_PTE_FLAGS
    li      t2, (MEGAPAGE_SIZE >> PAGE_SHIFT) << PTE_PPN_SHIFT  # the PPN step of one megapage
    li      t3, KERNEL_MEGAPAGES
1:  sw      t1, 0(t0)
    add     t1, t1, t2
    addi    t0, t0, PTE_SIZE
    addi    t3, t3, -1
    bnez    t3, 1b
    ret

# map_user_image(): map the user program's sections where it will run, and
# start its heap right after them.
map_user_image:
    addi    sp, sp, -16
    sw      ra, 12(sp)
    la      a0, user_text_start
    la      a1, user_text_end
    li      a2, USER_TEXT_FLAGS
    call    map_image_range
    la      a0, user_rodata_start
    la      a1, user_rodata_end
    li      a2, USER_RODATA_FLAGS
    call    map_image_range
    la      a0, user_data_start
    la      a1, user_data_end
    li      a2, USER_DATA_FLAGS
    call    map_image_range
    la      a0, user_data_end
    call    image_user_va
    la      t0, heap_base
    sw      a0, 0(t0)
    la      t0, program_break       # the heap starts empty
    sw      a0, 0(t0)
    lw      ra, 12(sp)
    addi    sp, sp, 16
    ret

# map_image_range(a0 = first physical page, a1 = end, a2 = PTE flags): map
# each page of the user image at its user address.
map_image_range:
    addi    sp, sp, -16
    sw      ra, 12(sp)
    sw      s0, 8(sp)
    sw      s1, 4(sp)
    sw      s2, 0(sp)
    mv      s0, a0
    mv      s1, a1
    mv      s2, a2
1:  beq     s0, s1, 2f
    mv      a0, s0
    call    image_user_va
    mv      a1, s0
    mv      a2, s2
    call    map_page
    beqz    a0, out_of_frames
    li      t0, PAGE_SIZE
    add     s0, s0, t0
    j       1b
2:  lw      ra, 12(sp)
    lw      s0, 8(sp)
    lw      s1, 4(sp)
    lw      s2, 0(sp)
    addi    sp, sp, 16
    ret

# image_user_va(a0 = physical address in the user image) -> a0 = its user
# address.  One offset for the whole image keeps the distances between its
# sections, which PC-relative code (auipc) relies on.
image_user_va:
    la      t0, user_text_start
    sub     a0, a0, t0
    li      t0, USER_BASE
    add     a0, a0, t0
    ret

# enable_paging(): satp = Sv32, ASID 1, the root table; then flush the TLB.
enable_paging:
    la      t0, root_page_table
    srli    t0, t0, PAGE_SHIFT
    li      t1, SATP_MODE_SV32 | (USER_ASID << SATP_ASID_SHIFT)
    or      t0, t0, t1
    csrw    satp, t0
    sfence.vma zero, zero
    ret

# walk(a0 = va, a1 = allocate?) -> a0 = address of the second-level PTE for
# va, or 0 if there is no second-level table (and a1 = 0, or no frame for
# one) or va lies in a megapage.  The software version of the hardware walk.
walk:
    addi    sp, sp, -16
    sw      ra, 12(sp)
    sw      s0, 8(sp)
    sw      s1, 4(sp)
    mv      s0, a0
    srli    t0, a0, MEGAPAGE_SHIFT  # VPN[1]
    slli    t0, t0, 2
    la      s1, root_page_table
    add     s1, s1, t0              # s1 = the root PTE
    lw      t0, 0(s1)
    andi    t1, t0, PTE_V
    bnez    t1, 1f
    li      a0, 0
    beqz    a1, 3f                  # no table, and not asked to make one
    call    alloc_frame
    beqz    a0, 3f
    srli    t0, a0, PAGE_SHIFT
    slli    t0, t0, PTE_PPN_SHIFT
    ori     t0, t0, PTE_V           # V without R, W, X: a pointer to the next level
    sw      t0, 0(s1)
1:  andi    t1, t0, PTE_R | PTE_W | PTE_X
    li      a0, 0
    bnez    t1, 3f                  # a leaf: a megapage has no second level
    srli    t0, t0, PTE_PPN_SHIFT
    slli    t0, t0, PAGE_SHIFT      # the second-level table
    srli    t1, s0, PAGE_SHIFT
    andi    t1, t1, VPN_MASK        # VPN[0]
    slli    t1, t1, 2
    add     a0, t0, t1
3:  lw      ra, 12(sp)
    lw      s0, 8(sp)
    lw      s1, 4(sp)
    addi    sp, sp, 16
    ret

# map_page(a0 = va, a1 = pa, a2 = PTE flags) -> a0 = 1, or 0 when no frame
# was left for a second-level table.
map_page:
    addi    sp, sp, -16
    sw      ra, 12(sp)
    sw      s0, 8(sp)
    sw      s1, 4(sp)
    mv      s0, a1
    mv      s1, a2
    li      a1, 1
    call    walk
    beqz    a0, 1f
    srli    t0, s0, PAGE_SHIFT
    slli    t0, t0, PTE_PPN_SHIFT
    or      t0, t0, s1
    ori     t0, t0, PTE_V
    sw      t0, 0(a0)
    li      a0, 1
1:  lw      ra, 12(sp)
    lw      s0, 8(sp)
    lw      s1, 4(sp)
    addi    sp, sp, 16
    ret

# map_demand_page(a0 = va) -> a0 = the physical address of a fresh zeroed
# frame now mapped read-write for the user at va's page, or 0 if memory ran
# out.  The sfence.vma makes the hart see the new PTE (the spec allows it to
# have remembered that the page was invalid).
map_demand_page:
    addi    sp, sp, -16
    sw      ra, 12(sp)
    sw      s0, 8(sp)
    sw      s1, 4(sp)
    srli    s0, a0, PAGE_SHIFT
    slli    s0, s0, PAGE_SHIFT      # the page's va
    call    alloc_frame
    beqz    a0, 2f
    mv      s1, a0
    mv      a0, s0
    mv      a1, s1
    li      a2, USER_DATA_FLAGS
    call    map_page
    bnez    a0, 1f
    mv      a0, s1                  # no frame for the second-level table
    call    free_frame
    li      a0, 0
    j       2f
1:  sfence.vma s0, zero
    mv      a0, s1
2:  lw      ra, 12(sp)
    lw      s0, 8(sp)
    lw      s1, 4(sp)
    addi    sp, sp, 16
    ret

# unmap_pages(a0 = first va, a1 = end): unmap the pages of [a0, a1) that are
# mapped (both page-aligned) and free their frames.
unmap_pages:
    addi    sp, sp, -16
    sw      ra, 12(sp)
    sw      s0, 8(sp)
    sw      s1, 4(sp)
    mv      s0, a0
    mv      s1, a1
1:  bgeu    s0, s1, 3f
    mv      a0, s0
    li      a1, 0
    call    walk
    beqz    a0, 2f
    lw      t0, 0(a0)
    andi    t1, t0, PTE_V
    beqz    t1, 2f
    sw      zero, 0(a0)
    sfence.vma s0, zero             # forget the old translation before the frame is reused
    srli    a0, t0, PTE_PPN_SHIFT
    slli    a0, a0, PAGE_SHIFT
    call    free_frame
2:  li      t0, PAGE_SIZE
    add     s0, s0, t0
    j       1b
3:  lw      ra, 12(sp)
    lw      s0, 8(sp)
    lw      s1, 4(sp)
    addi    sp, sp, 16
    ret

# is_demand_address(a0 = va) -> a0 = 1 if va is in the user stack or in the
# heap below the break: where a fault means "map a page here", not a bug.
is_demand_address:
    li      t0, USER_STACK_BOTTOM
    bltu    a0, t0, 1f
    li      t0, USER_STACK_TOP
    bltu    a0, t0, 2f
1:  la      t0, heap_base
    lw      t0, 0(t0)
    bltu    a0, t0, 3f
    la      t0, program_break
    lw      t0, 0(t0)
    bltu    a0, t0, 2f
3:  li      a0, 0
    ret
2:  li      a0, 1
    ret

# user_to_physical(a0 = user va) -> a0 = the physical address the user sees
# there, mapping a demand page if needed, or 0 if the user may not read it.
# The kernel reads user memory through this (like xv6's walkaddr) rather
# than through its own page-table mapping, so a bad user pointer makes a
# system call fail instead of faulting inside the kernel.
user_to_physical:
    addi    sp, sp, -16
    sw      ra, 12(sp)
    sw      s0, 8(sp)
    mv      s0, a0
    li      a1, 0
    call    walk
    beqz    a0, 1f
    lw      t0, 0(a0)
    andi    t1, t0, PTE_V
    beqz    t1, 1f
    andi    t1, t0, PTE_U | PTE_R
    li      t2, PTE_U | PTE_R
    li      a0, 0
    bne     t1, t2, 3f              # mapped, but not readable by the user
    srli    a0, t0, PTE_PPN_SHIFT
    slli    a0, a0, PAGE_SHIFT
    j       2f
1:  mv      a0, s0                  # not mapped: a page not touched yet?
    call    is_demand_address
    beqz    a0, 3f
    mv      a0, s0
    call    map_demand_page
    beqz    a0, 3f
2:  slli    t0, s0, 32 - PAGE_SHIFT # the page's frame + the offset in the page
    srli    t0, t0, 32 - PAGE_SHIFT
    or      a0, a0, t0
3:  lw      ra, 12(sp)
    lw      s0, 8(sp)
    addi    sp, sp, 16
    ret

    .data
    .balign 4
heap_base:      .word 0             # the user heap: [heap_base, program_break)
program_break:  .word 0

    .bss
    .balign PAGE_SIZE
root_page_table: .space PAGE_SIZE
