# trap.s: stage 3, the S-mode trap path.  Every trap from the user program
# (delegated by M-mode) enters at trap_entry, through stvec:
#
#   1. trap_entry saves all 31 user registers in the trap frame, whose
#      address sscratch holds (the user's sp is swapped into sscratch first,
#      because the kernel needs one register to start from);
#   2. handle_trap looks at scause: a system call (8), a page fault (12, 13,
#      15) or something fatal;
#   3. trap_return restores the registers (a0 may now hold a system call's
#      result) and `sret`s to sepc in U-mode.
#
# The kernel runs with interrupts off (sstatus.SIE = 0, sie = 0) and never
# traps itself, so there is one trap frame and one kernel stack.

    .equ TRAP_FRAME_SIZE,   32 * 4          # x0..x31; register xN at offset 4 * N
    .equ TF_SP,             2 * 4
    .equ TF_A0,             10 * 4
    .equ TF_A1,             11 * 4
    .equ TF_A2,             12 * 4
    .equ TF_A7,             17 * 4

    .text
    .balign 4                       # stvec needs a 4-byte aligned base
trap_entry:
    csrrw   sp, sscratch, sp        # sp = the trap frame, sscratch = the user's sp
    sw      x1, 4(sp)
    sw      x3, 12(sp)
    sw      x4, 16(sp)
    sw      x5, 20(sp)
    sw      x6, 24(sp)
    sw      x7, 28(sp)
    sw      x8, 32(sp)
    sw      x9, 36(sp)
    sw      x10, 40(sp)
    sw      x11, 44(sp)
    sw      x12, 48(sp)
    sw      x13, 52(sp)
    sw      x14, 56(sp)
    sw      x15, 60(sp)
    sw      x16, 64(sp)
    sw      x17, 68(sp)
    sw      x18, 72(sp)
    sw      x19, 76(sp)
    sw      x20, 80(sp)
    sw      x21, 84(sp)
    sw      x22, 88(sp)
    sw      x23, 92(sp)
    sw      x24, 96(sp)
    sw      x25, 100(sp)
    sw      x26, 104(sp)
    sw      x27, 108(sp)
    sw      x28, 112(sp)
    sw      x29, 116(sp)
    sw      x30, 120(sp)
    sw      x31, 124(sp)
    csrr    t0, sscratch
    sw      t0, TF_SP(sp)
    csrw    sscratch, sp            # keep pointing at the frame for the next trap
    mv      a0, sp
    la      sp, kernel_stack_top
    call    handle_trap
    # fall through: handle_trap returns only when the user program goes on

# trap_return: load the user's registers from the trap frame and sret to
# sepc at the privilege in sstatus.SPP (U).
trap_return:
    csrr    sp, sscratch
    lw      x1, 4(sp)
    lw      x3, 12(sp)
    lw      x4, 16(sp)
    lw      x5, 20(sp)
    lw      x6, 24(sp)
    lw      x7, 28(sp)
    lw      x8, 32(sp)
    lw      x9, 36(sp)
    lw      x10, 40(sp)
    lw      x11, 44(sp)
    lw      x12, 48(sp)
    lw      x13, 52(sp)
    lw      x14, 56(sp)
    lw      x15, 60(sp)
    lw      x16, 64(sp)
    lw      x17, 68(sp)
    lw      x18, 72(sp)
    lw      x19, 76(sp)
    lw      x20, 80(sp)
    lw      x21, 84(sp)
    lw      x22, 88(sp)
    lw      x23, 92(sp)
    lw      x24, 96(sp)
    lw      x25, 100(sp)
    lw      x26, 104(sp)
    lw      x27, 108(sp)
    lw      x28, 112(sp)
    lw      x29, 116(sp)
    lw      x30, 120(sp)
    lw      x31, 124(sp)
    lw      sp, TF_SP(sp)           # last: sp was the frame's address until now
    sret

# handle_trap(a0 = trap frame): decide what the trap means.
handle_trap:
    addi    sp, sp, -16
    sw      ra, 12(sp)
    sw      s0, 8(sp)
    mv      s0, a0
    csrr    t0, sstatus
    andi    t0, t0, SSTATUS_SPP
    la      a0, kernel_trap_message
    bnez    t0, kernel_panic        # from S-mode: a kernel bug
    csrr    t0, scause
    la      a0, interrupt_message
    bltz    t0, kernel_panic        # bit 31 set: an interrupt, none is enabled
    li      t1, CAUSE_USER_ECALL
    beq     t0, t1, 1f
    li      t1, CAUSE_FETCH_PAGE_FAULT
    beq     t0, t1, 2f
    li      t1, CAUSE_LOAD_PAGE_FAULT
    beq     t0, t1, 2f
    li      t1, CAUSE_STORE_PAGE_FAULT
    beq     t0, t1, 2f
    j       kill_user
1:  csrr    t0, sepc                # an ecall: return to the instruction after it
    addi    t0, t0, 4
    csrw    sepc, t0
    mv      a0, s0
    call    do_syscall
    j       3f
2:  csrr    a0, stval
    call    handle_page_fault
    beqz    a0, kill_user
3:  lw      ra, 12(sp)
    lw      s0, 8(sp)
    addi    sp, sp, 16
    ret

# handle_page_fault(a0 = faulting va) -> a0 = 1 if a page was mapped and the
# instruction can be retried, 0 if the access was illegal.
handle_page_fault:
    addi    sp, sp, -16
    sw      ra, 12(sp)
    sw      s0, 8(sp)
    mv      s0, a0
    call    is_demand_address
    beqz    a0, 1f                  # outside the stack and the heap
    mv      a0, s0
    li      a1, 0
    call    walk
    beqz    a0, 2f
    lw      t0, 0(a0)
    andi    t0, t0, PTE_V
    li      a0, 0
    bnez    t0, 1f                  # mapped already: the access broke its permissions
2:  mv      a0, s0
    call    map_demand_page
    beqz    a0, out_of_frames
    li      a0, 1
1:  lw      ra, 12(sp)
    lw      s0, 8(sp)
    addi    sp, sp, 16
    ret

# kill_user: the current trap is fatal for the user program.  Print one line,
#   <what>: [<access> at <stval> ]pc <sepc> scause <n> stval <stval>
# and exit with 128 + the signal Linux would send.  Never returns.
kill_user:
    csrr    s0, scause
    la      s1, fatal_traps
    slli    t0, s0, 3               # 8-byte entries: message, signal
    add     s1, s1, t0
    lw      a0, 0(s1)
    call    console_puts
    li      t0, CAUSE_FETCH_PAGE_FAULT
    beq     s0, t0, 1f
    li      t0, CAUSE_LOAD_PAGE_FAULT
    beq     s0, t0, 1f
    li      t0, CAUSE_STORE_PAGE_FAULT
    bne     s0, t0, 2f
1:  csrr    a0, stval               # a page fault: where
    call    console_put_hex
    li      a0, ' '
    call    htif_putc
2:  la      a0, pc_label
    call    console_puts
    csrr    a0, sepc
    call    console_put_hex
    la      a0, scause_label
    call    console_puts
    mv      a0, s0
    call    console_put_dec
    la      a0, stval_label
    call    console_puts
    csrr    a0, stval
    call    console_put_hex
    li      a0, '\n'
    call    htif_putc
    lw      a0, 4(s1)
    addi    a0, a0, EXIT_SIGNAL_BASE
    call    htif_exit

# out_of_frames: the frame pool is empty.
out_of_frames:
    la      a0, out_of_frames_message
    # fall through
# kernel_panic(a0 = message): the kernel cannot go on.  Never returns.
kernel_panic:
    mv      s0, a0
    la      a0, panic_label
    call    console_puts
    mv      a0, s0
    call    console_puts
    li      a0, '\n'
    call    htif_putc
    li      a0, EXIT_KERNEL_FAILURE
    call    htif_exit

    .section .rodata
    .balign 4
# What a fatal trap from U-mode prints, and the signal that kills the program,
# by exception code.  Codes the kernel does not get (M-mode keeps them) say so.
fatal_traps:
    .word   misaligned_fetch_message, SIGBUS            # 0
    .word   not_delegated_message, SIGKILL              # 1  instruction access fault
    .word   illegal_instruction_message, SIGILL         # 2
    .word   breakpoint_message, SIGTRAP                 # 3
    .word   misaligned_load_message, SIGBUS             # 4
    .word   not_delegated_message, SIGKILL              # 5  load access fault
    .word   misaligned_store_message, SIGBUS            # 6
    .word   not_delegated_message, SIGKILL              # 7  store access fault
    .word   not_delegated_message, SIGKILL              # 8  ecall from U (a system call)
    .word   not_delegated_message, SIGKILL              # 9  ecall from S
    .word   not_delegated_message, SIGKILL              # 10 reserved
    .word   not_delegated_message, SIGKILL              # 11 ecall from M
    .word   fetch_fault_message, SIGSEGV                # 12
    .word   load_fault_message, SIGSEGV                 # 13
    .word   not_delegated_message, SIGKILL              # 14 reserved
    .word   store_fault_message, SIGSEGV                # 15
misaligned_fetch_message:       .asciz "misaligned fetch: "
illegal_instruction_message:    .asciz "illegal instruction: "
breakpoint_message:             .asciz "breakpoint: "
misaligned_load_message:        .asciz "misaligned load: "
misaligned_store_message:       .asciz "misaligned store: "
fetch_fault_message:            .asciz "segfault: fetch at "
load_fault_message:             .asciz "segfault: load at "
store_fault_message:            .asciz "segfault: store at "
not_delegated_message:          .asciz "unexpected trap: "
pc_label:                       .asciz "pc "
scause_label:                   .asciz " scause "
stval_label:                    .asciz " stval "
panic_label:                    .asciz "panic: "
kernel_trap_message:            .asciz "trap from S-mode"
interrupt_message:              .asciz "unexpected interrupt"
out_of_frames_message:          .asciz "out of frames"

    .bss
    .balign 16
trap_frame:         .space TRAP_FRAME_SIZE
kernel_stack:       .space KERNEL_STACK_SIZE
kernel_stack_top:
