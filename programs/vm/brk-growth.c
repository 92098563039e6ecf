/*
 * vm/brk-growth.c: the heap grows when malloc moves the program break.
 *
 * What it shows: the break is the end of the heap.  Our malloc
 * (programs/runtime/malloc.c) carves small blocks out of the heap and, when
 * none is free, asks the kernel with brk to move the break up by whole
 * pages.  The kernel only records the new limit; a page gets memory when it
 * is first touched.
 *
 * What to look for: 40 allocations of 1000 bytes (1008 with malloc's
 * header) move the break 4096 bytes at a time, about every 4th allocation.
 * Freeing does not move it back (this malloc keeps its heap), and the next
 * malloc reuses the first freed block instead of growing the heap.
 *
 * Exit status: 0
 */
#include <stdint.h>

#include "../runtime/malloc.h"
#include "../runtime/printf.h"
#include "../runtime/syscall.h"

#define ALLOCATIONS 40
#define BLOCK_SIZE 1000

int main(void)
{
    char *blocks[ALLOCATIONS];
    long start = sys_brk(0);
    long previous = start;
    printf("initial break %p\n", (void *)start);

    for (int i = 0; i < ALLOCATIONS; i++) {
        blocks[i] = malloc(BLOCK_SIZE);
        long now = sys_brk(0);
        if (now != previous) {
            printf("malloc #%02d moved the break to %p: +%u bytes, %u in all\n",
                   i + 1, (void *)now, (unsigned)(now - previous),
                   (unsigned)(now - start));
            previous = now;
        }
    }

    for (int i = 0; i < ALLOCATIONS; i++)
        free(blocks[i]);
    printf("after freeing all %d blocks the break moved by %u bytes\n",
           ALLOCATIONS, (unsigned)(sys_brk(0) - previous));

    char *again = malloc(BLOCK_SIZE);
    printf("malloc(%d) again reused the first block: %s; break moved by %u bytes\n",
           BLOCK_SIZE, again == blocks[0] ? "yes" : "no",
           (unsigned)(sys_brk(0) - previous));
    return 0;
}
