/*
 * vm/stack-growth.c: the stack grows down, a page at a time.
 *
 * What it shows: each call of descend() makes a stack frame of a little
 * more than 4 KiB (a 4096-byte local array plus saved registers) and
 * touches it.  The kernel gave the process only the top pages of its stack;
 * touching the page below the lowest one faults, and the kernel extends the
 * stack with a new page instead of killing the process.
 *
 * What to look for: the frame addresses go DOWN by the same amount at each
 * depth, and the page number (address >> 12) drops at every level: each
 * new level is a page the process has never touched before.
 *
 * Exit status: 0
 */
#include <stdint.h>

#include "../runtime/printf.h"

#define DEPTH 16

static uintptr_t main_frame;

static int descend(int depth)
{
    volatile char frame[4096];
    frame[0] = (char)depth;         /* touch this frame's memory */
    uintptr_t here = (uintptr_t)frame;
    printf("depth %2d: frame at %p, page 0x%05x, %5u bytes below main\n",
           depth, frame, here >> 12, (unsigned)(main_frame - here));
    int deeper = depth < DEPTH ? descend(depth + 1) : 0;
    return deeper + frame[0];       /* using frame afterwards keeps it alive */
}

int main(void)
{
    volatile int marker = 0;
    main_frame = (uintptr_t)&marker;
    int sum = descend(1);
    printf("sum of depths 1..%d = %d\n", DEPTH, sum);
    return marker;
}
