/*
 * vm/mmap-demo.c: mmap, demand paging, munmap, and a segmentation fault.
 *
 * What it shows: mmap only reserves a range of virtual addresses; no page
 * of memory is given yet.  The first touch of each page causes a page fault
 * that the kernel handles by supplying a zero-filled page ("demand
 * paging"), and the program never notices.  munmap removes the range, and
 * then a touch is a fault the kernel cannot fix: it kills the process with
 * SIGSEGV.
 *
 * What to look for: in mmulab, one page fault per page on the first touch
 * and none on the second; fresh pages read as 0; the last touch kills the
 * process, so "not reached" is never printed.
 *
 * Exit status: killed by SIGSEGV
 */
#include "../runtime/printf.h"
#include "../runtime/syscall.h"

#define PAGES 4

int main(void)
{
    volatile char *area = sys_mmap(0, PAGES * PAGE_SIZE, PROT_READ | PROT_WRITE,
                                   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (SYSCALL_FAILED(area)) {
        printf("mmap failed: %d\n", (int)(long)area);
        return 1;
    }
    printf("mmap reserved %d pages at %p\n", PAGES, (void *)area);

    for (int page = 0; page < PAGES; page++) {
        volatile char *p = area + page * PAGE_SIZE;
        char before = *p;           /* first touch: a page fault */
        *p = (char)('A' + page);    /* the page is there now: no fault */
        printf("page %d at %p: read %d on first touch, then wrote '%c'\n",
               page, (void *)p, before, *p);
    }

    long result = sys_munmap((void *)area, PAGES * PAGE_SIZE);
    printf("munmap returned %d\n", (int)result);
    printf("touching %p again: expect a segmentation fault\n", (void *)area);
    area[0] = 'Z';
    printf("not reached\n");
    return 1;
}
