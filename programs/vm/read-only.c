/*
 * vm/read-only.c: page permissions: a store to a read-only page faults.
 *
 * What it shows: every page has its own permissions (the R, W and X bits
 * of its page-table entry).  mprotect changes them for a range of pages.
 * Reading a read-only page works; a store to it is a page fault that the
 * kernel cannot fix, so it kills the process with SIGSEGV.
 *
 * What to look for: the same page is written, made read-only, read, and
 * written again; in mmulab, the last store is a store page fault (scause =
 * 15) on a PTE that is valid but has W = 0.
 *
 * Exit status: killed by SIGSEGV
 */
#include "../runtime/printf.h"
#include "../runtime/syscall.h"

int main(void)
{
    volatile char *page = sys_mmap(0, PAGE_SIZE, PROT_READ | PROT_WRITE,
                                   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (SYSCALL_FAILED(page)) {
        printf("mmap failed: %d\n", (int)(long)page);
        return 1;
    }
    page[0] = 'A';
    printf("wrote '%c' to a read-write page\n", page[0]);

    long result = sys_mprotect((void *)page, PAGE_SIZE, PROT_READ);
    printf("mprotect(PROT_READ) returned %d\n", (int)result);
    printf("reading the read-only page still works: '%c'\n", page[0]);

    printf("writing to it: expect a segmentation fault\n");
    page[0] = 'B';
    printf("not reached\n");
    return 1;
}
