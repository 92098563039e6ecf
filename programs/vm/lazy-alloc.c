/*
 * vm/lazy-alloc.c: virtual memory is not physical memory.
 *
 * What it shows: mmap of 256 MiB succeeds at once, even on a machine with
 * less RAM than that (mmulab's default machine has 128 MiB), because the
 * kernel only records the range.  Physical pages are handed out one at a
 * time, when a page is first touched.  Here only 4 of the 65536 pages are
 * ever touched, far apart.
 *
 * What to look for: in mmulab, 4 page faults and 4 frames of RAM taken,
 * not 65536; the untouched pages never cost anything.  The sum read back
 * shows the 4 touched pages kept their values.
 *
 * Exit status: 0
 */
#include <stdint.h>

#include "../runtime/printf.h"
#include "../runtime/syscall.h"

#define AREA_BYTES (256u * 1024 * 1024)
#define TOUCHED 4

int main(void)
{
    volatile uint8_t *area = sys_mmap(0, AREA_BYTES, PROT_READ | PROT_WRITE,
                                      MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (SYSCALL_FAILED(area)) {
        printf("mmap of 256 MiB failed: %d\n", (int)(long)area);
        return 1;
    }
    printf("mmap reserved %u MiB (%u pages) at %p\n", AREA_BYTES >> 20,
           AREA_BYTES / PAGE_SIZE, (void *)area);

    const uint32_t stride = AREA_BYTES / TOUCHED;   /* 64 MiB apart */
    for (uint32_t i = 0; i < TOUCHED; i++) {
        area[i * stride] = (uint8_t)(i + 1);
        printf("touched page %5u at offset %9u\n", i * stride / PAGE_SIZE, i * stride);
    }
    uint32_t sum = 0;
    for (uint32_t i = 0; i < TOUCHED; i++)
        sum += area[i * stride];
    printf("%d of %u pages touched; their bytes add up to %u\n",
           TOUCHED, AREA_BYTES / PAGE_SIZE, sum);
    return 0;
}
