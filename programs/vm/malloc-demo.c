/*
 * vm/malloc-demo.c: where malloc gets memory from, by size.
 *
 * What it shows: our malloc (programs/runtime/malloc.c) serves requests
 * smaller than MMAP_THRESHOLD (128 KiB) from the heap, which it grows with
 * brk; larger requests get a mapping of their own from mmap, far away from
 * the heap, returned to the kernel by free with munmap.
 *
 * What to look for: the small blocks sit close together just above the
 * program's data; the big ones are in a different region.  Only the brk
 * blocks move the break.  A freed small block is reused by the next
 * request of the same size.
 *
 * Exit status: 0
 */
#include <stdint.h>

#include "../runtime/malloc.h"
#include "../runtime/printf.h"
#include "../runtime/syscall.h"

static const uint32_t sizes[] = { 16, 100, 1000, 4000, 100000, 131072, 1000000 };
#define COUNT (sizeof sizes / sizeof sizes[0])

int main(void)
{
    void *blocks[COUNT];
    long start = sys_brk(0);

    for (unsigned i = 0; i < COUNT; i++) {
        blocks[i] = malloc(sizes[i]);
        printf("malloc(%7u) = %p  from %s\n", sizes[i], blocks[i],
               malloc_from_mmap(blocks[i]) ? "mmap" : "brk");
    }
    printf("the break moved by %u bytes\n", (unsigned)(sys_brk(0) - start));

    free(blocks[1]);
    void *again = malloc(sizes[1]);
    printf("free + malloc(%u) again reused the same block: %s\n",
           sizes[1], again == blocks[1] ? "yes" : "no");

    for (unsigned i = 0; i < COUNT; i++)
        if (i != 1)
            free(blocks[i]);
    free(again);
    printf("freed everything; the break moved by %u bytes in all\n",
           (unsigned)(sys_brk(0) - start));
    return 0;
}
