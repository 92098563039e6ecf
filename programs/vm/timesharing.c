/*
 * vm/timesharing.c: two processes sharing one CPU.
 *
 * What it shows: after fork there are two processes, and both loop
 * printing their pid and a counter, doing some busy work between lines.
 * Neither ever gives up the CPU on its own: the kernel's timer interrupt
 * takes it away and switches to the other process (preemptive scheduling),
 * which switches the page table (satp) and flushes the TLB.
 *
 * What to look for: the lines of the two pids interleave; the exact order
 * depends on the time slice and differs between runs and kernels, but each
 * process counts 1..5 in order.  The parent waits for the child at the end.
 *
 * Exit status: 0
 */
#include "../runtime/printf.h"
#include "../runtime/syscall.h"

#define LINES 5
#define WORK_PER_LINE 300000

static void busy_work(void)
{
    for (volatile int i = 0; i < WORK_PER_LINE; i++)
        ;
}

int main(void)
{
    long child = sys_fork();
    if (child < 0) {
        printf("fork failed: %d\n", (int)child);
        return 1;
    }
    const char *who = child == 0 ? "child " : "parent";
    long pid = sys_getpid();
    for (int count = 1; count <= LINES; count++) {
        busy_work();
        printf("%s pid %d: count %d\n", who, (int)pid, count);
    }
    if (child == 0)
        return 0;

    struct child_info info;
    sys_waitid(P_PID, (int)child, &info, WEXITED);
    printf("parent: child %d finished with status %d\n", info.pid, info.status);
    return 0;
}
