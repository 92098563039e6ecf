/*
 * vm/hello.c: the C version of hello, and a look at what crt0 hands main.
 *
 * What it shows: before main runs, crt0 (programs/runtime/crt0.S) picks
 * argc and argv off the stack where the kernel left them.  printf ends in
 * the same write system call that hello.s makes by hand.
 *
 * What to look for: the arguments you pass after the program name, one
 * per line (argv[0], the program's own path, differs between runners and
 * is not printed).  Try: mmulab run programs/vm/hello.elf one two
 *
 * Exit status: 0
 */
#include "../runtime/printf.h"

int main(int argc, char **argv)
{
    printf("Hello from C on RISC-V!\n");
    printf("argc = %d\n", argc);
    for (int i = 1; i < argc; i++)
        printf("argv[%d] = \"%s\"\n", i, argv[i]);
    return 0;
}
