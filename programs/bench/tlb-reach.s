# tlb-reach.s: the guest of `mmulab bench`'s TLB-reach and context-switch
# experiments (OSTEP chapter 19): one load from each of N pages, R rounds.
#
# usage: tlb-reach.elf pages rounds [y]
#   pages   1..65536 pages of anonymous memory, mapped with MAP_POPULATE so
#           no page fault (and no TLB fill by a fault's retry) happens in
#           the loop
#   rounds  1..1000000 passes over the pages, in address order
#   y       sched_yield after every round (the context-switch experiment's
#           exact case: every round starts a fresh time slice)
# Exit status: 0, or 2 for a bad argument.
#
# Why assembly: after the mmap2 call the program makes no data access but
# the N x R loads, so a benchmark can count exactly: data translations =
# N x R, and a fully associative LRU TLB of at least N entries misses only
# on the first round.  (programs/vm/tlb-reach.c is the C demo of the same
# idea; its loads and stores through the C runtime are harder to count.)

    .include "../lib/syscall.s"

    .equ SYS_sched_yield, 124
    .equ MAP_POPULATE,    0x8000
    .equ PAGE_SIZE,       4096
    .equ MAX_PAGES,       65536
    .equ MAX_ROUNDS,      1000000

    .text
    .globl _start
_start:
    lw      s0, 0(sp)               # argc
    li      t0, 3
    blt     s0, t0, bad_argument
    lw      a0, 8(sp)               # argv[1]: pages
    li      a1, MAX_PAGES
    call    parse_count
    mv      s1, a0
    lw      a0, 12(sp)              # argv[2]: rounds
    li      a1, MAX_ROUNDS
    call    parse_count
    mv      s3, a0
    li      s4, 0                   # yield after each round?
    li      t0, 4
    blt     s0, t0, map
    lw      t0, 16(sp)              # argv[3] must be "y"
    lbu     t1, 0(t0)
    li      t2, 'y'
    bne     t1, t2, bad_argument
    lbu     t1, 1(t0)
    bnez    t1, bad_argument
    li      s4, 1

map:
    li      a0, 0                   # mmap2(0, pages * 4096, RW, private anonymous populate, -1, 0)
    slli    a1, s1, 12
    li      a2, PROT_READ | PROT_WRITE
    li      a3, MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE
    li      a4, -1
    li      a5, 0
    li      a7, SYS_mmap2
    ecall
    li      t0, -4096               # -4095..-1 is -errno
    bgeu    a0, t0, no_memory
    mv      s2, a0

    li      t4, PAGE_SIZE
round:
    mv      t0, s2
    mv      t1, s1
touch:
    lw      t2, 0(t0)               # the one data access per page
    add     t0, t0, t4
    addi    t1, t1, -1
    bnez    t1, touch
    beqz    s4, next_round
    li      a7, SYS_sched_yield
    ecall
next_round:
    addi    s3, s3, -1
    bnez    s3, round

    li      a0, 0
    li      a7, SYS_exit
    ecall

no_memory:
    li      a0, 1
    li      a7, SYS_exit
    ecall

bad_argument:
    li      a0, 2
    li      a7, SYS_exit
    ecall

# parse_count(a0 = text, a1 = max): the decimal number 1..max in a0, or
# exits with status 2 when the text is not one.
parse_count:
    li      t0, 0                   # value
    lbu     t1, 0(a0)
    beqz    t1, bad_argument        # empty
1:  lbu     t1, 0(a0)
    beqz    t1, 2f
    addi    t1, t1, -'0'
    li      t2, 9
    bgtu    t1, t2, bad_argument    # not a digit
    li      t2, 10
    mul     t0, t0, t2
    add     t0, t0, t1
    bgtu    t0, a1, bad_argument    # too big (checked each digit, so no overflow)
    addi    a0, a0, 1
    j       1b
2:  beqz    t0, bad_argument        # zero
    mv      a0, t0
    ret
