# syscall.s: the system calls, with Linux RV32's numbers and conventions:
# the number in a7, arguments in a0..a2, the result (or -errno) in a0.

    .text

# do_syscall(a0 = trap frame): run the call the user asked for and put its
# result in the frame's a0, which trap_return loads into the user's a0.
do_syscall:
    addi    sp, sp, -16
    sw      ra, 12(sp)
    sw      s0, 8(sp)
    mv      s0, a0
    lw      t0, TF_A7(s0)
    lw      a0, TF_A0(s0)
    lw      a1, TF_A1(s0)
    lw      a2, TF_A2(s0)
    li      t1, SYS_write
    beq     t0, t1, 1f
    li      t1, SYS_exit
    beq     t0, t1, 2f
    li      t1, SYS_brk
    beq     t0, t1, 3f
    li      a0, -ENOSYS
    j       4f
1:  call    sys_write
    j       4f
2:  call    sys_exit
3:  call    sys_brk
4:  sw      a0, TF_A0(s0)
    lw      ra, 12(sp)
    lw      s0, 8(sp)
    addi    sp, sp, 16
    ret

# sys_write(a0 = fd, a1 = user buffer, a2 = length) -> bytes written, or
# -EBADF (only standard output exists), or -EFAULT if not even the first
# byte could be read (a bad pointer later in the buffer ends the write
# early, as on Linux).
sys_write:
    addi    sp, sp, -16
    sw      ra, 12(sp)
    sw      s0, 8(sp)
    sw      s1, 4(sp)
    sw      s2, 0(sp)
    li      t0, STDOUT
    li      s2, -EBADF
    bne     a0, t0, 3f
    mv      s0, a1
    mv      s1, a2
    li      s2, 0                   # bytes written so far
1:  beq     s2, s1, 3f
    add     a0, s0, s2
    call    user_to_physical        # the kernel reads user memory through the page table
    beqz    a0, 2f
    lbu     a0, 0(a0)
    call    htif_putc
    addi    s2, s2, 1
    j       1b
2:  bnez    s2, 3f
    li      s2, -EFAULT
3:  mv      a0, s2
    lw      ra, 12(sp)
    lw      s0, 8(sp)
    lw      s1, 4(sp)
    lw      s2, 0(sp)
    addi    sp, sp, 16
    ret

# sys_exit(a0 = status): end the run with status & 0xff.  Never returns.
sys_exit:
    andi    a0, a0, EXIT_STATUS_MASK
    call    htif_exit

# sys_brk(a0 = requested break) -> the break after the call.  Like Linux:
# brk(0) or any request outside [heap_base, heap_base + USER_HEAP_MAX] just
# returns the break; otherwise the break moves.  Growing maps nothing (pages
# come on demand); shrinking unmaps the pages wholly above the new break.
sys_brk:
    addi    sp, sp, -16
    sw      ra, 12(sp)
    sw      s0, 8(sp)
    sw      s1, 4(sp)
    mv      s0, a0
    la      t0, program_break
    lw      s1, 0(t0)
    la      t0, heap_base
    lw      t0, 0(t0)
    bltu    s0, t0, 2f
    li      t1, USER_HEAP_MAX
    add     t0, t0, t1
    bgtu    s0, t0, 2f
    bgeu    s0, s1, 1f
    li      t0, PAGE_SIZE - 1       # shrinking: unmap [round_up(new), round_up(old))
    add     a0, s0, t0
    add     a1, s1, t0
    srli    a0, a0, PAGE_SHIFT
    slli    a0, a0, PAGE_SHIFT
    srli    a1, a1, PAGE_SHIFT
    slli    a1, a1, PAGE_SHIFT
    call    unmap_pages
1:  la      t0, program_break
    sw      s0, 0(t0)
    mv      s1, s0
2:  mv      a0, s1
    lw      ra, 12(sp)
    lw      s0, 8(sp)
    lw      s1, 4(sp)
    addi    sp, sp, 16
    ret
