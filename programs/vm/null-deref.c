/*
 * vm/null-deref.c: following a null pointer is a page fault.
 *
 * What it shows: address 0 lies in page 0, which no program has mapped
 * (that is on purpose: it turns the most common pointer bug into a crash
 * instead of silent garbage).  The load faults, the kernel finds no mapping
 * for the address, and it kills the process with SIGSEGV.
 *
 * What to look for: in mmulab, the load page fault at address 0 (scause =
 * 13, stval = 0) and the kernel's SIGSEGV; the last printf never runs.
 *
 * Exit status: killed by SIGSEGV
 */
#include "../runtime/printf.h"

int main(void)
{
    /* volatile: the compiler must really load the pointer and then read
     * through it, instead of treating the null dereference as impossible */
    int *volatile pointer = 0;
    printf("reading the int at address %p\n", (void *)pointer);
    int value = *pointer;
    printf("not reached: %d\n", value);
    return 1;
}
