# user.s: the user program.  It is programs/hello.s (same greeting, same
# system calls) plus a few touches that make a kernel work: two stack pages
# and two heap pages arrive on demand, brk grows and shrinks the heap.
#
# It runs in U-mode at 0x0001_0000 and knows nothing of the kernel but the
# Linux system calls, so it also runs on its own under mmulab's TypeScript
# kernel (mmulab run programs/bare/kernel/user.s): compare the two trap paths.
# Its sections are .user.* rather than .text and friends so that main.s can
# place them on pages of their own, and its entry point is user_start (on
# its own, the start of its code; in main.s, _start is the kernel's).
#
# What the guest kernel sees: 7 ecalls (write, brk, brk, write, brk, brk,
# exit) and 5 page faults (4 stores: two stack pages, two heap pages; 1 load:
# a heap page given back by brk and touched again).
#
# Exit status: 0

    .include "../../lib/syscall.s"  # SYS_write, SYS_exit, STDOUT
    .equ SYS_brk,   214
    .equ PAGE_SIZE, 4096

    .section .user.text, "ax"
user_start:
    li      a0, STDOUT              # write(1, greeting, length)
    la      a1, greeting
    la      a2, greeting_end
    sub     a2, a2, a1
    li      a7, SYS_write
    ecall

    # The stack's pages below sp are not mapped yet: the first store to each
    # page faults, and the kernel maps a zeroed page.
    li      t0, PAGE_SIZE
    sub     t0, sp, t0
    sw      zero, -4(sp)            # page fault 1: the page below sp
    sw      zero, -4(t0)            # page fault 2: the page below that

    li      a0, 0                   # brk(0): the heap's end (empty: its start)
    li      a7, SYS_brk
    ecall
    li      t0, PAGE_SIZE - 1       # round it up to a page boundary
    add     a0, a0, t0
    not     t0, t0
    and     a0, a0, t0
    la      t0, heap_pages          # a global variable: the user's data page is writable
    sw      a0, 0(t0)
    li      t0, 2 * PAGE_SIZE       # brk(heap_pages + 2 pages)
    add     a0, a0, t0
    mv      s0, a0
    li      a7, SYS_brk
    ecall
    bne     a0, s0, fail

    # Copy a line to the last 16 bytes of the first heap page, so it runs on
    # into the second, and write it from there.
    la      t0, heap_pages
    lw      s0, 0(t0)
    li      t0, PAGE_SIZE - 16
    add     s1, s0, t0              # where the copy goes
    la      t1, heap_line
    la      t2, heap_line_end
    mv      t3, s1
1:  lbu     t4, 0(t1)
    sb      t4, 0(t3)               # page faults 3 and 4, at the first byte of each page
    addi    t1, t1, 1
    addi    t3, t3, 1
    bne     t1, t2, 1b
    li      a0, STDOUT              # write(1, copy, length)
    mv      a1, s1
    sub     a2, t3, s1
    li      a7, SYS_write
    ecall

    # Give the second heap page back and take it again: it comes back as a
    # fresh zeroed page, without the end of the line.
    li      s1, PAGE_SIZE
    add     s1, s0, s1              # the second page
    mv      a0, s1                  # brk(second page): shrink
    li      a7, SYS_brk
    ecall
    li      a0, PAGE_SIZE           # brk(second page + 1 page): grow again
    add     a0, s1, a0
    li      a7, SYS_brk
    ecall
    lw      t1, 0(s1)               # page fault 5 (a load): a new zeroed page
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

    .section .user.data, "aw"
    .balign 4
heap_pages:
    .word   0                       # the first whole page of the heap
