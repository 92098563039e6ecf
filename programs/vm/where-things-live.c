/*
 * vm/where-things-live.c: the layout of a process's address space.
 *
 * What it shows: the address of one thing of each kind: code, read-only
 * data, initialized data, zeroed data (bss), the heap (malloc), an
 * anonymous mmap, and the stack.  Each address is split into its virtual
 * page number (address >> 12) and the offset within that 4 KiB page.
 *
 * What to look for: code, rodata, data and bss sit at fixed low addresses
 * chosen by the linker (programs/runtime/link.ld): code, read-only data and
 * writable data each on pages of their own, with bss right after data; the
 * heap starts on the page after bss and grows up; mmap areas and the stack
 * are placed by the kernel far above, so their exact addresses differ
 * between kernels and runs.  The last line checks the order.
 *
 * Exit status: 0
 */
#include <stdint.h>

#include "../runtime/malloc.h"
#include "../runtime/printf.h"
#include "../runtime/syscall.h"

const char greeting[] = "hello";    /* .rodata: never written */
int initialized = 42;               /* .data: has a value in the ELF file */
int zeroed;                         /* .bss: only its size is in the file */

static void show(const char *what, const void *address)
{
    uint32_t a = (uint32_t)(uintptr_t)address;
    printf("%s %p  page 0x%05x offset 0x%03x\n", what, address, a >> 12, a & 0xfff);
}

int main(int argc, char **argv)
{
    int local = argc;               /* a variable in main's stack frame */
    char *heap = malloc(16);
    char *mapped = sys_mmap(0, PAGE_SIZE, PROT_READ | PROT_WRITE,
                            MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

    show("code   (main)         ", (const void *)main);
    show("rodata (a constant)   ", greeting);
    show("data   (initialized)  ", &initialized);
    show("bss    (zeroed)       ", &zeroed);
    show("heap   (malloc)       ", heap);
    show("mmap   (anonymous)    ", mapped);
    show("stack  (a local)      ", &local);
    show("stack  (argv[0] text) ", argv[0]);

    int in_order = (uintptr_t)main < (uintptr_t)greeting &&
                   (uintptr_t)greeting < (uintptr_t)&initialized &&
                   (uintptr_t)&initialized < (uintptr_t)&zeroed &&
                   (uintptr_t)&zeroed < (uintptr_t)heap &&
                   (uintptr_t)heap < (uintptr_t)mapped &&
                   (uintptr_t)mapped < (uintptr_t)&local;
    printf("code < rodata < data < bss < heap < mmap < stack: %s\n",
           in_order ? "yes" : "no");
    return 0;
}
