# boot.s: stage 1, machine mode.  The hart starts here at 0x8000_0000 in
# M-mode with translation off.  M-mode only prepares the ground for the real
# kernel, which runs in S-mode: after the `mret` below, M-mode is entered
# again only for something the kernel did not expect (machine_trap).

    .text
    .globl _start
_start:
    la      sp, machine_stack_top
    la      t0, machine_trap        # anything not delegated comes here
    csrw    mtvec, t0

    # Physical memory protection.  With PMP implemented but no entry
    # matching, S- and U-mode accesses fail with access faults (QEMU); with
    # no PMP at all (mmulab: 0 entries, the writes are ignored) they are
    # allowed.  One entry covering everything makes both behave alike.
    li      t0, PMPADDR_ALL
    csrw    pmpaddr0, t0
    li      t0, PMP_NAPOT | PMP_R | PMP_W | PMP_X
    csrw    pmpcfg0, t0

    # Hand the user program's exceptions and the supervisor interrupts to
    # S-mode: a trap whose medeleg/mideleg bit is set is taken by the S-mode
    # kernel directly (stvec, scause, sepc), without passing through M-mode.
    li      t0, DELEGATED_EXCEPTIONS
    csrw    medeleg, t0
    li      t0, DELEGATED_INTERRUPTS
    csrw    mideleg, t0

    # "Return" to S-mode at supervisor_main: mret goes to mepc at the
    # privilege in mstatus.MPP.
    li      t0, MSTATUS_MPP_MASK
    csrc    mstatus, t0
    li      t0, MSTATUS_MPP_S
    csrs    mstatus, t0
    la      t0, supervisor_main
    csrw    mepc, t0
    mret

# machine_trap: a trap the kernel did not delegate (an access fault, an
# ecall from S-mode, an interrupt...).  Report it and fail the run.
    .balign 4                       # mtvec needs a 4-byte aligned base
machine_trap:
    la      sp, machine_stack_top
    la      a0, machine_trap_message
    call    console_puts
    csrr    a0, mcause
    call    console_put_hex
    la      a0, mepc_message
    call    console_puts
    csrr    a0, mepc
    call    console_put_hex
    la      a0, mtval_message
    call    console_puts
    csrr    a0, mtval
    call    console_put_hex
    li      a0, '\n'
    call    htif_putc
    li      a0, EXIT_KERNEL_FAILURE
    call    htif_exit

    .section .rodata
machine_trap_message:   .asciz "machine trap: mcause "
mepc_message:           .asciz " mepc "
mtval_message:          .asciz " mtval "

    .bss
    .balign 16
machine_stack:          .space 256
machine_stack_top:
