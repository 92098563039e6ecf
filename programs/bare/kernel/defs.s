# defs.s: the names the kernel uses: privileged-spec constants (CSR fields,
# PTE bits, trap causes), Linux system call numbers and errors, and the
# memory layout.  Names only, no code: it is included first.

# --- mstatus/sstatus fields (privileged spec, "Machine Status Register") ---
    .equ MSTATUS_MPP_MASK,  3 << 11     # previous privilege of an M-mode trap
    .equ MSTATUS_MPP_S,     1 << 11
    .equ SSTATUS_SPP,       1 << 8      # previous privilege of an S-mode trap: 1 = S, 0 = U
    .equ SSTATUS_SPIE,      1 << 5

# --- PMP (privileged spec, "Physical Memory Protection") ---
    .equ PMP_R,             1 << 0
    .equ PMP_W,             1 << 1
    .equ PMP_X,             1 << 2
    .equ PMP_NAPOT,         3 << 3      # naturally aligned power-of-two region
    .equ PMPADDR_ALL,       -1          # NAPOT, all ones: the whole physical address space

# --- trap causes (mcause/scause exception codes) ---
    .equ CAUSE_MISALIGNED_FETCH,    0
    .equ CAUSE_ILLEGAL_INSTRUCTION, 2
    .equ CAUSE_BREAKPOINT,          3
    .equ CAUSE_MISALIGNED_LOAD,     4
    .equ CAUSE_MISALIGNED_STORE,    6
    .equ CAUSE_USER_ECALL,          8
    .equ CAUSE_FETCH_PAGE_FAULT,    12
    .equ CAUSE_LOAD_PAGE_FAULT,     13
    .equ CAUSE_STORE_PAGE_FAULT,    15
    .equ CAUSE_COUNT,               16  # exception codes 0..15 (the kernel's table covers them)
    .equ CAUSE_INTERRUPT,           1 << 31

# Exceptions M-mode hands to the S-mode kernel (medeleg bit n = cause n).
    .equ DELEGATED_EXCEPTIONS, (1 << CAUSE_MISALIGNED_FETCH) | (1 << CAUSE_ILLEGAL_INSTRUCTION) | (1 << CAUSE_BREAKPOINT) | (1 << CAUSE_MISALIGNED_LOAD) | (1 << CAUSE_MISALIGNED_STORE) | (1 << CAUSE_USER_ECALL) | (1 << CAUSE_FETCH_PAGE_FAULT) | (1 << CAUSE_LOAD_PAGE_FAULT) | (1 << CAUSE_STORE_PAGE_FAULT)
# The supervisor interrupts (mideleg): software (1), timer (5), external (9).
    .equ DELEGATED_INTERRUPTS, (1 << 1) | (1 << 5) | (1 << 9)

# --- Sv32 (privileged spec, "Sv32: Page-Based 32-bit Virtual-Memory Systems") ---
    .equ PAGE_SIZE,         4096
    .equ PAGE_SHIFT,        12
    .equ MEGAPAGE_SIZE,     0x400000    # a leaf PTE in the root table maps 4 MiB
    .equ MEGAPAGE_SHIFT,    22          # VPN[1] = va[31:22]
    .equ VPN_MASK,          0x3ff       # each VPN field is 10 bits
    .equ PTE_SIZE,          4
    .equ PTE_PPN_SHIFT,     10          # PTE[31:10] = PPN
    .equ PTE_V,             1 << 0
    .equ PTE_R,             1 << 1
    .equ PTE_W,             1 << 2
    .equ PTE_X,             1 << 3
    .equ PTE_U,             1 << 4
    .equ PTE_G,             1 << 5
    .equ PTE_A,             1 << 6
    .equ PTE_D,             1 << 7
    .equ SATP_MODE_SV32,    1 << 31
    .equ SATP_ASID_SHIFT,   22
    .equ USER_ASID,         1

# --- HTIF (the host interface of Spike, which QEMU's spike machine and mmulab share) ---
    .equ HTIF_CONSOLE_PUTCHAR, 0x01010000   # tohost[63:32]: device 1 (console), command 1 (write)

# --- Linux RV32 system calls (asm-generic numbers) and errors ---
    .include "../../lib/syscall.s"          # SYS_write, SYS_exit, STDOUT, ...
    .equ SYS_brk,           214
    .equ EBADF,             9
    .equ EFAULT,            14
    .equ ENOSYS,            38
    .equ EXIT_SIGNAL_BASE,  128             # a process killed by signal n exits with 128 + n
    .equ SIGILL,            4
    .equ SIGTRAP,           5
    .equ SIGBUS,            7
    .equ SIGSEGV,           11
    .equ SIGKILL,           9
    .equ EXIT_STATUS_MASK,  0xff            # exit(n) reports n & 0xff, as Linux
    .equ EXIT_KERNEL_FAILURE, 1             # status of a kernel panic or an unexpected M-mode trap

# --- memory layout ---
# Physical: the image is loaded at 0x8000_0000 (text, then rodata, then data,
# then bss, each group from a fresh page).  The kernel maps RAM 1:1 with
# megapages, so in S-mode a kernel address is also its physical address.
    .equ RAM_BASE,          0x80000000
    .equ KERNEL_MEGAPAGES,  4           # the kernel maps the first 16 MiB of RAM (image and frame pool)
    .equ FRAME_POOL_PAGES,  64          # frames for second-level tables and user pages (256 KiB)
    .equ KERNEL_STACK_SIZE, 4096
# Virtual, for the user program:
#   0x0001_0000  its image: text (R X), rodata (R), data (R W), at the same
#                offsets from each other as where they were loaded, so the
#                PC-relative addresses the assembler computed stay right
#   image end    the heap: [heap base, break), moved by brk, mapped on demand
#   0x7fff_0000  the stack: 16 pages below 0x8000_0000, mapped on demand
#   0x8000_0000  the kernel (no U bit: the user cannot touch it)
    .equ USER_BASE,         0x00010000
    .equ USER_HEAP_MAX,     64 * PAGE_SIZE      # brk refuses to grow the heap beyond this
    .equ USER_STACK_TOP,    0x80000000
    .equ USER_STACK_SIZE,   16 * PAGE_SIZE
    .equ USER_STACK_BOTTOM, USER_STACK_TOP - USER_STACK_SIZE
