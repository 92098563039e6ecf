# isa/fencei.s: Zifencei: code that writes code needs fence.i.
#
# What it shows: instructions are fetched through a path of their own (an
# instruction cache, a fetch buffer), which need not notice stores.  After
# storing instructions, a program executes fence.i before running them, so
# that its instruction fetches see its earlier stores.  Here the program
# maps a page it may write AND execute, stores a tiny function into it
# (`addi a0, zero, 42; ret`), runs it, patches the immediate to 43 and runs
# it again.  Plain `fence` orders ordinary loads and stores between harts
# and devices; on one hart it changes nothing visible.
#
# What to look for: the second call returns 43, not the stale 42; the
# function's machine code is two words, 0x02a00513 and 0x00008067.
#
# Exit status: 0 (the number of results that differ from the spec)

    .include "../lib/syscall.s"

    .equ ADDI_A0_ZERO_42, 0x02a00513    # addi a0, zero, 42
    .equ ADDI_A0_ZERO_43, 0x02b00513    # addi a0, zero, 43
    .equ RET,             0x00008067    # jalr zero, 0(ra)

    .text
    .globl _start
_start:
    li      a0, 0                   # mmap(0, 4096, RWX, private|anonymous, -1, 0)
    li      a1, 4096
    li      a2, PROT_READ | PROT_WRITE | PROT_EXEC
    li      a3, MAP_PRIVATE | MAP_ANONYMOUS
    li      a4, -1
    li      a5, 0
    li      a7, SYS_mmap2
    ecall
    li      t0, -4096               # -4095..-1 is an error
    bgeu    a0, t0, mmap_failed
    mv      s0, a0                  # s0 = the code page

    li      t0, ADDI_A0_ZERO_42     # store the function ...
    sw      t0, 0(s0)
    li      t0, RET
    sw      t0, 4(s0)
    fence.i                         # ... make the fetches see it ...
    jalr    ra, 0(s0)               # ... and call it
    mv      a1, a0
    la      a0, first_name
    li      a2, 42
    call    check

    li      t0, ADDI_A0_ZERO_43     # patch the immediate
    sw      t0, 0(s0)
    fence.i
    jalr    ra, 0(s0)
    mv      a1, a0
    la      a0, patched_name
    li      a2, 43
    call    check

    la      a0, code_name           # the stored code reads back as data
    lw      a1, 0(s0)
    li      a2, ADDI_A0_ZERO_43
    call    check

    li      s1, 7                   # fence: orders memory, leaves registers alone
    fence   rw, rw
    fence
    la      a0, fence_name
    mv      a1, s1
    li      a2, 7
    call    check

    call    finish_checks

mmap_failed:
    mv      s0, a0
    la      a0, mmap_failed_text
    call    print_str
    mv      a0, s0
    call    print_dec
    call    print_newline
    li      a0, 1
    call    exit

    .section .rodata
first_name:       .asciz "call the stored function"
patched_name:     .asciz "call it after patching the immediate"
code_name:        .asciz "the patched first instruction, read as data"
fence_name:       .asciz "a register across fence rw,rw and fence"
mmap_failed_text: .asciz "mmap of a writable and executable page failed: "

    .include "../lib/print.s"
    .include "../lib/check.s"
