# isa/csr.s: Zicsr: reading the user-level counter CSRs.
#
# What it shows: csrrs/csrrc/csrrsi/csrrci read a control and status
# register (CSR).  User mode may read the counters cycle, time and instret
# (and their upper halves cycleh, timeh, instreth on RV32); rdcycle,
# rdtime and rdinstret are shorthands for csrrs rd, CSR, x0.
#
# What to look for: the counter VALUES depend on the machine and the
# emulator, so this program prints only facts that hold everywhere: each
# counter never goes backwards, instret grows while instructions retire, and
# a 64-bit counter is read safely on RV32 with the hi/lo/hi loop.  The
# counters are read-only: csrrc/csrrsi/csrrci with x0 or 0 write nothing, so
# they are legal reads (a real write such as csrw cycle would trap).
#
# Whether user mode may read a counter at all is the kernel's choice (the
# scounteren CSR): qemu-riscv32 allows all three, while Linux 6.6 and later
# by default allow only `time` (sysctl kernel.perf_user_access), and there
# this program dies of SIGILL at its first rdinstret.
#
# Exit status: 0 (the number of results that differ from the spec)

    .include "../lib/syscall.s"

    .text
    .globl _start
_start:
    rdinstret s0                    # instret before and after a busy loop
    li      t0, 1000
1:  addi    t0, t0, -1
    bnez    t0, 1b
    rdinstret s1
    la      a0, instret_name
    sltu    a1, s0, s1              # 1 if it grew
    li      a2, 1
    call    check

    rdcycle s0                      # cycle: never backwards
    csrrc   s1, cycle, zero         # the same read written another way
    la      a0, cycle_name
    sltu    a1, s1, s0              # 1 would mean it went backwards
    li      a2, 0
    call    check

    rdtime  s0                      # time: never backwards
    csrrsi  s1, time, 0
    la      a0, time_name
    sltu    a1, s1, s0
    li      a2, 0
    call    check

    csrrci  s0, instret, 0          # one more read form, then instret again
    rdinstret s1
    la      a0, csrrci_name
    sltu    a1, s1, s0
    li      a2, 0
    call    check

    # A 64-bit read of cycle on RV32: read the high half, the low half, then
    # the high half again; if the low half wrapped in between, the two high
    # reads differ and we try again.  s0:s1 = the first 64-bit value.
1:  rdcycleh s0
    rdcycle  s1
    rdcycleh t0
    bne     s0, t0, 1b
    li      t1, 100                 # some work, then a second 64-bit read
2:  addi    t1, t1, -1
    bnez    t1, 2b
3:  rdcycleh s2
    rdcycle  s3
    rdcycleh t0
    bne     s2, t0, 3b
    la      a0, cycle64_name        # 1 if s2:s3 >= s0:s1 (64-bit compare)
    li      a1, 1
    bltu    s0, s2, 4f              # high half bigger: later
    bne     s0, s2, 5f              # high half smaller: earlier
    bgeu    s3, s1, 4f              # equal high halves: compare the low
5:  li      a1, 0
4:  li      a2, 1
    call    check

    call    finish_checks

    .section .rodata
instret_name:   .asciz "instret grew across 1000 loop iterations"
cycle_name:     .asciz "cycle went backwards"
time_name:      .asciz "time went backwards"
csrrci_name:    .asciz "instret went backwards"
cycle64_name:   .asciz "64-bit cycle (hi/lo/hi) did not go backwards"

    .include "../lib/print.s"
    .include "../lib/check.s"
