# user.s: the user program.  It is programs/hello.s (same greeting, same
# system calls) plus a few touches that make the kernel work: two stack
# pages and two heap pages arrive on demand, brk grows and shrinks the heap.
# It runs in U-mode at USER_BASE and knows nothing of the kernel but the
# system call numbers.  (Its sections are .user.text and .user.rodata rather
# than .text and .rodata so the kernel can map them on their own pages, and
# its entry point is user_start: _start is the machine's.)
#
# What the kernel sees: 7 ecalls (write, brk, brk, write, brk, brk, exit) and
# 5 page faults (4 stores: two stack pages, two heap pages; 1 load: a heap
# page given back by brk and touched again).
#
# Exit status: 0

    .section .user.text, "ax"
user_start:
    li      a0, STDOUT              # write(1, greeting, length)
    la      a1, greeting
    la      a2, greeting_end
    sub     a2, a2, a1
    li      a7, SYS_write
    ecall

    # The stack starts empty: sp = 0x8000_0000 and nothing is mapped below.
    # The first store to each page faults, and the kernel maps a zeroed page.
    li      t0, PAGE_SIZE
    sub     t0, sp, t0
    sw      zero, -4(sp)            # page fault 1: the stack's top page
    sw      zero, -4(t0)            # page fault 2: the page below it

    li      a0, 0                   # brk(0): where the heap starts
    li      a7, SYS_brk
    ecall
    mv      s0, a0
    li      s1, 2 * PAGE_SIZE       # brk(start + 2 pages): room for two pages
    add     a0, s0, s1
    li      a7, SYS_brk
    ecall
    add     t0, s0, s1
    bne     a0, t0, fail

    # Copy a line to the last 16 bytes of the first heap page, so it runs on
    # into the second, and write it from there.
    li      t0, PAGE_SIZE - 16
    add     s2, s0, t0              # where the copy goes
    la      t1, heap_line
    la      t2, heap_line_end
    mv      t3, s2
1:  lbu     t4, 0(t1)
    sb      t4, 0(t3)               # page faults 3 and 4, at the first byte of each page
    addi    t1, t1, 1
    addi    t3, t3, 1
    bne     t1, t2, 1b
    li      a0, STDOUT              # write(1, copy, length)
    mv      a1, s2
    sub     a2, t3, s2
    li      a7, SYS_write
    ecall

    # Give the second heap page back and take it again: it comes back as a
    # fresh zeroed page, not with the end of the line in it.
    li      t0, PAGE_SIZE           # brk(start + 1 page)
    add     a0, s0, t0
    li      a7, SYS_brk
    ecall
    add     a0, s0, s1              # brk(start + 2 pages)
    li      a7, SYS_brk
    ecall
    li      t0, PAGE_SIZE
    add     t0, s0, t0
    lw      t1, 0(t0)               # page fault 5 (a load): a new zeroed page
    bnez    t1, fail

    li      a0, 0                   # exit(0)
    li      a7, SYS_exit
    ecall

fail:
    li      a0, 1                   # exit(1): the kernel broke a promise
    li      a7, SYS_exit
    ecall

    .section .user.rodata, "a"
greeting:
    .ascii  "Hello from RISC-V user mode!\n"
greeting_end:
heap_line:
    .ascii  "This line was copied across two heap pages.\n"
heap_line_end:
