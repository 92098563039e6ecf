/*
 * crt0.S: where a C program really starts.
 *
 * The kernel starts a new program at _start with nothing but a stack.  On
 * that stack, as the Linux ABI lays it out (lowest address first):
 *
 *     sp ->  argc
 *            argv[0] ... argv[argc - 1], NULL
 *            envp[0] ... NULL
 *            auxiliary vector (type, value pairs) ... AT_NULL
 *
 * crt0 turns that into main(argc, argv, envp) and passes main's return
 * value to exit_group, because returning from _start has nowhere to go.
 */
    .section .text.crt0, "ax"
    .globl _start
_start:
    lw      a0, 0(sp)               /* argc */
    addi    a1, sp, 4               /* argv = the words after argc */
    slli    t0, a0, 2
    add     a2, a1, t0
    addi    a2, a2, 4               /* envp = &argv[argc + 1], past argv's NULL */
    andi    sp, sp, -16             /* the calling convention wants 16-byte alignment */
    li      ra, 0                   /* no caller: ends backtraces here */
    li      s0, 0                   /* no caller's frame either */
    call    main
    call    sys_exit_group          /* a0 = main's return value */
