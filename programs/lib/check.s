# lib/check.s: self-checking for the instruction-group programs (isa/*.s).
#
# Include it at the END of a program, next to lib/print.s.
#
#   check(a0 = name, a1 = computed value, a2 = expected value)
#       prints "name = 0x0000000c (12)"; when the value is not the one the
#       RISC-V specification requires, adds "  <-- WRONG, expected 0x..."
#       and counts a failure.
#   finish_checks()
#       prints "N checks, M failed" and exits with status M, so exit
#       status 0 means every instruction behaved as the spec says.

    .text

check:
    addi    sp, sp, -16
    sw      ra, 12(sp)
    sw      a1, 8(sp)
    sw      a2, 4(sp)
    call    print_str               # the name
    la      a0, equals_text
    call    print_str
    lw      a0, 8(sp)
    call    print_hex
    la      a0, open_paren_text
    call    print_str
    lw      a0, 8(sp)
    call    print_dec
    li      a0, ')'
    call    print_char
    la      t0, checks_done         # count the check
    lw      t1, 0(t0)
    addi    t1, t1, 1
    sw      t1, 0(t0)
    lw      a1, 8(sp)
    lw      a2, 4(sp)
    beq     a1, a2, 1f
    la      t0, checks_failed       # count the failure and say so
    lw      t1, 0(t0)
    addi    t1, t1, 1
    sw      t1, 0(t0)
    la      a0, wrong_text
    call    print_str
    lw      a0, 4(sp)
    call    print_hex
1:  call    print_newline
    lw      ra, 12(sp)
    addi    sp, sp, 16
    ret

finish_checks:
    la      t0, checks_done
    lw      a0, 0(t0)
    call    print_udec
    la      a0, checks_text
    call    print_str
    la      t0, checks_failed
    lw      a0, 0(t0)
    call    print_udec
    la      a0, failed_text
    call    print_str
    la      t0, checks_failed
    lw      a0, 0(t0)
    j       exit

    .section .rodata
equals_text:      .asciz " = "
open_paren_text:  .asciz " ("
wrong_text:       .asciz "  <-- WRONG, expected "
checks_text:      .asciz " checks, "
failed_text:      .asciz " failed\n"

    .data
    .balign 4
checks_done:      .word 0
checks_failed:    .word 0
