# kernel.s: the whole kernel, for a main file to .include before its user
# program (main.s, segfault.s).  The user program's sections follow the
# kernel's, each starting on a page of its own: the labels at the end of this
# file mark where they begin, user-end.s where they end.

    .include "defs.s"
    .include "boot.s"               # stage 1: M-mode
    .include "console.s"            # HTIF console and exit
    .include "kalloc.s"             # physical frames
    .include "vm.s"                 # stage 2: page tables
    .include "trap.s"               # stage 3: the trap path
    .include "syscall.s"            # stage 3: write, exit, brk

    .text
# supervisor_main: stage 2, entered in S-mode by boot.s's mret, translation
# still off.  Build the page tables, turn on Sv32, and enter the user program.
supervisor_main:
    la      sp, kernel_stack_top
    call    map_kernel
    call    map_user_image
    call    enable_paging           # from here on every access is translated
    la      t0, trap_entry
    csrw    stvec, t0
    la      t0, trap_frame
    csrw    sscratch, t0
    # Enter the user program as if returning from a trap: registers from the
    # (zeroed) trap frame except sp, pc = sepc, privilege = sstatus.SPP = U.
    li      t0, USER_STACK_TOP
    la      t1, trap_frame
    sw      t0, TF_SP(t1)
    la      a0, user_start
    call    image_user_va
    csrw    sepc, a0
    li      t0, SSTATUS_SPP
    csrc    sstatus, t0
    j       trap_return

# Where the user image begins: text, rodata and data each on fresh pages.
    .section .user.text, "ax"
    .balign PAGE_SIZE
user_text_start:
    .section .user.rodata, "a"
    .balign PAGE_SIZE
user_rodata_start:
    .section .user.data, "aw"
    .balign PAGE_SIZE
user_data_start:
