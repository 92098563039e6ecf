# recursion.s: recursive calls and the stack frames they build.
#
# What it shows: each call saves its return address (ra) and the values it
# still needs in a stack frame of its own, made by moving sp down; the frame
# is popped by moving sp back up before `ret`.  Recursion is nothing more
# than a function calling itself with fresh frames.
#
# What to look for: factorial(n) = n * factorial(n - 1) builds n frames
# before the first multiply happens; fib(n) = fib(n-1) + fib(n-2) makes two
# calls per frame, so fib(20) makes 21891 calls (counted in `calls`).  The
# deepest the stack got is printed too: 16 bytes per factorial frame.
#
# Exit status: 120 (factorial(5), so `echo $?` shows a result as well)

    .include "lib/syscall.s"

    .text
    .globl _start
_start:
    mv      s1, sp                  # remember the top of the stack
    la      t0, lowest_sp
    sw      sp, 0(t0)

    # factorial(0), factorial(1), ..., factorial(12): 12! is the largest
    # factorial that fits in 32 bits.
    li      s0, 0
1:  la      a0, fact_text
    call    print_str
    mv      a0, s0
    call    print_dec
    la      a0, close_text
    call    print_str
    mv      a0, s0
    call    factorial
    call    print_dec
    call    print_newline
    addi    s0, s0, 1
    li      t0, 12
    ble     s0, t0, 1b

    la      a0, depth_text          # how far below the top sp went
    call    print_str
    la      t0, lowest_sp
    lw      t0, 0(t0)
    sub     a0, s1, t0
    call    print_dec
    la      a0, bytes_text
    call    print_str

    # fib(20), counting the calls.
    la      a0, fib_text
    call    print_str
    li      a0, 20
    call    fib
    call    print_dec
    la      a0, calls_text
    call    print_str
    la      t0, calls
    lw      a0, 0(t0)
    call    print_dec
    la      a0, calls_end_text
    call    print_str

    li      a0, 5
    call    factorial
    call    exit                    # status 120

# factorial(a0 = n) -> a0 = n!
factorial:
    addi    sp, sp, -16             # push a frame: ra and n
    sw      ra, 12(sp)
    sw      a0, 8(sp)
    la      t0, lowest_sp           # record the deepest sp seen
    lw      t1, 0(t0)
    bgeu    sp, t1, 1f
    sw      sp, 0(t0)
1:  li      t0, 1
    bgt     a0, t0, 2f
    li      a0, 1                   # factorial(0) = factorial(1) = 1
    j       3f
2:  addi    a0, a0, -1
    call    factorial               # a0 = (n - 1)!
    lw      t0, 8(sp)
    mul     a0, a0, t0              # n * (n - 1)!
3:  lw      ra, 12(sp)              # pop the frame
    addi    sp, sp, 16
    ret

# fib(a0 = n) -> a0 = the n-th Fibonacci number (fib(0) = 0, fib(1) = 1)
fib:
    la      t0, calls
    lw      t1, 0(t0)
    addi    t1, t1, 1
    sw      t1, 0(t0)
    li      t0, 2
    blt     a0, t0, 1f              # fib(0) = 0, fib(1) = 1: no frame needed
    addi    sp, sp, -16
    sw      ra, 12(sp)
    sw      s0, 8(sp)               # s0 is callee-saved: save it before use
    sw      a0, 4(sp)
    addi    a0, a0, -1
    call    fib
    mv      s0, a0                  # s0 = fib(n - 1)
    lw      a0, 4(sp)
    addi    a0, a0, -2
    call    fib
    add     a0, a0, s0              # fib(n - 2) + fib(n - 1)
    lw      s0, 8(sp)
    lw      ra, 12(sp)
    addi    sp, sp, 16
1:  ret

    .section .rodata
fact_text:       .asciz "factorial("
close_text:      .asciz ") = "
depth_text:      .asciz "deepest factorial stack: "
bytes_text:      .asciz " bytes below the top\n"
fib_text:        .asciz "fib(20) = "
calls_text:      .asciz " ("
calls_end_text:  .asciz " calls)\n"

    .data
    .balign 4
calls:      .word 0
lowest_sp:  .word 0

    .include "lib/print.s"
