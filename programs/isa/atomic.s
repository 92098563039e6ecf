# isa/atomic.s: the A extension: LR/SC and the atomic memory operations.
#
# What it shows: lr.w loads a word and places a reservation on it; sc.w
# stores only if the reservation still holds and writes 0 to rd on success,
# nonzero on failure.  An AMO (amoswap, amoadd, amoand, amoor, amoxor,
# amomin[u], amomax[u]) reads a word, combines it with a register and writes
# the result back as one indivisible step, returning the OLD value in rd.
#
# What to look for: a second sc.w without a new lr.w fails (no reservation);
# the retry loop is how lock-free code is written with LR/SC; amomin and
# amominu disagree on -5 versus 3 because one compares signed and the other
# unsigned; .aq/.rl suffixes add ordering but do not change the result.
#
# Exit status: 0 (the number of results that differ from the spec)

    .include "../lib/syscall.s"

    .text
    .globl _start
_start:
    la      s0, counter             # a word holding 41

    lr.w    t0, (s0)                # LR/SC pair: increment counter once
    addi    t0, t0, 1
    sc.w    s1, t0, (s0)            # s1 = 0 when the store happened
    la      a0, sc_ok_name
    mv      a1, s1
    li      a2, 0
    call    check
    la      a0, after_sc_name
    lw      a1, 0(s0)
    li      a2, 42
    call    check

    li      t0, 1000                # no lr.w since the last sc.w: must fail
    sc.w    t1, t0, (s0)
    la      a0, sc_fail_name
    snez    a1, t1                  # the spec says only "nonzero"
    li      a2, 1
    call    check
    la      a0, after_fail_name
    lw      a1, 0(s0)               # memory unchanged
    li      a2, 42
    call    check

    # The usual atomic-add loop: retry until sc.w succeeds.
1:  lr.w.aq t0, (s0)
    addi    t0, t0, 8
    sc.w.rl t1, t0, (s0)
    bnez    t1, 1b
    la      a0, retry_name
    lw      a1, 0(s0)
    li      a2, 50
    call    check

    # Each AMO on the word `value`: first the old value it returns, then
    # the new value in memory.  s1 = address of value.
    la      s1, value
    li      t0, 0x0000ff0f
    sw      t0, 0(s1)
    li      t0, 0x12345678
    amoswap.w s2, t0, (s1)
    la      a0, amoswap_name
    mv      a1, s2
    li      a2, 0x0000ff0f
    call    check
    la      a0, amoswap_mem_name
    lw      a1, 0(s1)
    li      a2, 0x12345678
    call    check

    li      t0, 0x11111111
    amoadd.w s2, t0, (s1)
    la      a0, amoadd_name
    lw      a1, 0(s1)
    li      a2, 0x23456789
    call    check
    li      t0, 0x0000ffff
    amoand.w.aqrl s2, t0, (s1)
    la      a0, amoand_name
    lw      a1, 0(s1)
    li      a2, 0x00006789
    call    check
    li      t0, 0x00f00000
    amoor.w s2, t0, (s1)
    la      a0, amoor_name
    lw      a1, 0(s1)
    li      a2, 0x00f06789
    call    check
    li      t0, 0x00ff00ff
    amoxor.w s2, t0, (s1)
    la      a0, amoxor_name
    lw      a1, 0(s1)
    li      a2, 0x000f6776
    call    check

    li      t0, -5                  # signed versus unsigned min/max
    sw      t0, 0(s1)
    li      t0, 3
    amomin.w s2, t0, (s1)
    la      a0, amomin_name
    lw      a1, 0(s1)
    li      a2, -5
    call    check
    li      t0, 3
    amominu.w s2, t0, (s1)
    la      a0, amominu_name
    lw      a1, 0(s1)
    li      a2, 3
    call    check
    li      t0, -5
    amomax.w s2, t0, (s1)
    la      a0, amomax_name
    lw      a1, 0(s1)
    li      a2, 3
    call    check
    li      t0, -5
    amomaxu.w s2, t0, (s1)
    la      a0, amomaxu_name
    mv      a1, s2                  # the old value this time
    li      a2, 3
    call    check
    la      a0, amomaxu_mem_name
    lw      a1, 0(s1)
    li      a2, -5
    call    check

    call    finish_checks

    .section .rodata
sc_ok_name:       .asciz "sc.w after lr.w: rd (0 = stored)"
after_sc_name:    .asciz "counter after lr/sc increment"
sc_fail_name:     .asciz "sc.w without reservation: rd != 0"
after_fail_name:  .asciz "counter after the failed sc.w"
retry_name:       .asciz "counter after lr/sc retry loop adds 8"
amoswap_name:     .asciz "amoswap.w returns old 0xff0f"
amoswap_mem_name: .asciz "amoswap.w memory now"
amoadd_name:      .asciz "amoadd.w + 0x11111111"
amoand_name:      .asciz "amoand.w.aqrl & 0xffff"
amoor_name:       .asciz "amoor.w | 0xf00000"
amoxor_name:      .asciz "amoxor.w ^ 0xff00ff"
amomin_name:      .asciz "amomin.w  (-5, 3)"
amominu_name:     .asciz "amominu.w (0xfffffffb, 3)"
amomax_name:      .asciz "amomax.w  (3, -5)"
amomaxu_name:     .asciz "amomaxu.w (3, 0xfffffffb) returns old"
amomaxu_mem_name: .asciz "amomaxu.w memory now"

    .data
    .balign 4
counter:    .word 41
value:      .word 0

    .include "../lib/print.s"
    .include "../lib/check.s"
