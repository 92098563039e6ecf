/*
 * vm/fork-cow.c: fork gives the child a copy of memory (copy-on-write).
 *
 * What it shows: after fork, parent and child have the SAME virtual
 * addresses but separate memory.  A kernel need not copy every page at
 * fork: it marks them read-only in both processes and copies a page only
 * when one of them writes to it (copy-on-write).  The child writes to a
 * global and to a heap block; the parent waits for it with waitid and then
 * still sees its own values.
 *
 * What to look for: `counter` is at the same address in both processes,
 * but holds 99 in the child and 42 in the parent; in mmulab, the child's
 * first write is a store page fault that copies one page.
 *
 * Exit status: 0
 */
#include "../runtime/malloc.h"
#include "../runtime/printf.h"
#include "../runtime/syscall.h"

int counter = 42;

int main(void)
{
    char *note = malloc(16);
    note[0] = 'P';
    note[1] = '\0';
    long parent = sys_getpid();
    printf("parent: counter at %p = %d, note = \"%s\"\n", (void *)&counter, counter, note);

    long child = sys_fork();
    if (child < 0) {
        printf("fork failed: %d\n", (int)child);
        return 1;
    }
    if (child == 0) {
        counter = 99;               /* the child's write: a private copy */
        note[0] = 'C';
        printf("child:  counter at %p = %d, note = \"%s\"\n", (void *)&counter, counter, note);
        printf("child:  my parent is the process that forked me: %s\n",
               sys_getppid() == parent ? "yes" : "no");
        sys_exit_group(7);
    }

    struct child_info info;
    long result = sys_waitid(P_PID, (int)child, &info, WEXITED);
    printf("parent: waitid returned %d; the child %s with status %d\n", (int)result,
           info.code == CLD_EXITED ? "exited" : "was killed", info.status);
    printf("parent: it was the child fork returned: %s\n", info.pid == child ? "yes" : "no");
    printf("parent: counter at %p = %d, note = \"%s\"\n", (void *)&counter, counter, note);
    return 0;
}
