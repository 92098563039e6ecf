# bare/kernel/main.s: a small guest kernel, in RISC-V assembly, running a
# user program under Sv32 virtual memory.  Normally mmulab's kernel is
# TypeScript on the host; here every step of the trap path is a guest
# instruction you can trace.
#
# Run it:   mmulab run --bare programs/bare/kernel/main.s
#           The summary counts 12 traps: 7 ecalls and 5 page faults, all
#           taken in S-mode; segfault.s is the same kernel with a user
#           program that follows a wild pointer.
# Trace it: `--trace trap` (once the CLI has it) shows each U -> S trap
#           (scause, sepc, stval) and each sret back to U-mode.
#
# Stage 1, M-mode (boot.inc).  The hart starts at 0x8000_0000 in M-mode
#   with translation off.  Look for: mtvec, one PMP entry for all of
#   memory, medeleg/mideleg handing the user's exceptions to S-mode, and an
#   mret into S-mode.  M-mode is never entered again unless something goes
#   wrong (then it prints "machine trap: ..." and exits with status 1).
# Stage 2, S-mode, page tables (kernel.inc, vm.inc, kalloc.inc).  The
#   kernel maps itself 1:1 with four 4 MiB megapages (global, no U), maps
#   the user image at 0x0001_0000 with 4 KiB pages (text R X, rodata R,
#   data R W, all U), writes satp (Sv32, ASID 1, the root table),
#   sfence.vma, and srets to U-mode.  Look for: the user's first fetch at
#   0x0001_0000 walking two levels; the kernel's walks stopping at the root
#   (megapages).
# Stage 3, the trap path (trap.inc, syscall.inc).  Every ecall and page
#   fault of the user program goes straight to stvec in S-mode (delegated:
#   M-mode sees none of them).  trap_entry saves the 31 registers in the
#   trap frame that sscratch points to, handle_trap dispatches on scause,
#   trap_return restores them and srets.  Look for:
#   - ecall (scause 8): write prints through HTIF, brk moves the heap's
#     end, exit ends the run; sepc += 4 skips the ecall;
#   - a load or store page fault (scause 13, 15) in the stack or below the
#     heap's break: the kernel maps a zeroed frame, sfence.vma, and the
#     sret retries the same instruction;
#   - anywhere else: "segfault: ..." and exit status 139 (segfault.s).
#
# Compare with the host's TypeScript kernel: user.s also runs on its own,
# at the same addresses, with the same system calls and output
# (mmulab run --eager programs/bare/kernel/user.s): there the host services
# each trap.
#
# Exit status: 0

    .include "kernel.inc"
    .include "user.s"
    .include "user-end.inc"
