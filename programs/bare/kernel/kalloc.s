# kalloc.s: the physical frame allocator.  Frames come from a static,
# page-aligned pool in .bss: first by bumping a pointer through the pool,
# later from a free list of frames given back by free_frame (brk shrinking
# the heap).  A free frame's first word links to the next free frame.

    .text

# alloc_frame() -> a0 = physical address of a zeroed 4 KiB frame, or 0 when
# the pool is exhausted.
alloc_frame:
    la      t0, free_frames
    lw      a0, 0(t0)
    beqz    a0, 1f
    lw      t1, 0(a0)               # pop the free list
    sw      t1, 0(t0)
    j       zero_frame
1:  la      t0, next_unused_frame   # free list empty: bump
    lw      a0, 0(t0)
    la      t1, frame_pool_end
    beq     a0, t1, 3f              # no frame left: return 0
    li      t1, PAGE_SIZE
    add     t1, a0, t1
    sw      t1, 0(t0)
zero_frame:                         # a fresh page must not show its last owner's data
    li      t0, PAGE_SIZE
    add     t0, a0, t0
    mv      t1, a0
2:  sw      zero, 0(t1)
    addi    t1, t1, 4
    bne     t1, t0, 2b
3:  ret

# free_frame(a0 = physical address of a frame from alloc_frame).
free_frame:
    la      t0, free_frames
    lw      t1, 0(t0)
    sw      t1, 0(a0)               # push it on the free list
    sw      a0, 0(t0)
    ret

    .data
    .balign 4
next_unused_frame:  .word frame_pool   # the bump pointer
free_frames:        .word 0            # the free list's head

    .bss
    .balign PAGE_SIZE
frame_pool:         .space FRAME_POOL_PAGES * PAGE_SIZE
frame_pool_end:
