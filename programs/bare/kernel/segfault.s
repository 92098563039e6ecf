# bare/kernel/segfault.s: the kernel of main.s running user-segfault.s, a
# user program that loads through a wild pointer.  The kernel's page-fault
# handler finds the address outside the stack and the heap and kills it.
#
# Run it:  mmulab run --bare programs/bare/kernel/segfault.s
#
# Exit status: 139

    .include "kernel.inc"
    .include "user-segfault.s"
    .include "user-end.inc"
