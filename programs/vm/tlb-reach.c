/*
 * vm/tlb-reach.c: a working set of N pages, touched over and over.
 *
 * What it shows: every memory access needs a translation; the TLB caches
 * recent ones.  This program touches one word in each of N pages, ROUNDS
 * times.  While N pages fit in the TLB, only the first round misses; once
 * N exceeds the TLB's reach (entries x 4 KiB), every round misses again.
 *
 * What to look for: run it with different N (mmulab run
 * programs/vm/tlb-reach.elf 8, then 64, 512...) and compare the TLB miss
 * counts mmulab reports.  The printed checksum depends only on N and
 * ROUNDS, so it is the same on every machine.
 *
 * usage: tlb-reach.elf [pages (default 64)] [rounds (default 16)]
 * Exit status: 0 (2 for a bad argument)
 */
#include <stdint.h>

#include "../runtime/printf.h"
#include "../runtime/syscall.h"

#define DEFAULT_PAGES 64
#define DEFAULT_ROUNDS 16
#define MAX_PAGES 65536          /* 256 MiB of address space */

/* A decimal number from 1 to max, or 0 if the text is not one. */
static uint32_t parse_count(const char *text, uint32_t max)
{
    uint32_t value = 0;
    if (*text == '\0')
        return 0;
    for (; *text != '\0'; text++) {
        if (*text < '0' || *text > '9')
            return 0;
        value = value * 10 + (uint32_t)(*text - '0');
        if (value > max)
            return 0;
    }
    return value;
}

int main(int argc, char **argv)
{
    uint32_t pages = argc > 1 ? parse_count(argv[1], MAX_PAGES) : DEFAULT_PAGES;
    uint32_t rounds = argc > 2 ? parse_count(argv[2], 1000000) : DEFAULT_ROUNDS;
    if (pages == 0 || rounds == 0) {
        printf("usage: tlb-reach [pages 1..%d] [rounds 1..1000000]\n", MAX_PAGES);
        return 2;
    }

    volatile uint32_t *memory = sys_mmap(0, pages * PAGE_SIZE, PROT_READ | PROT_WRITE,
                                         MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (SYSCALL_FAILED(memory)) {
        printf("mmap of %u pages failed: %d\n", pages, (int)(long)memory);
        return 1;
    }

    const uint32_t words_per_page = PAGE_SIZE / sizeof(uint32_t);
    for (uint32_t round = 0; round < rounds; round++)
        for (uint32_t page = 0; page < pages; page++)
            memory[page * words_per_page] += page + round;

    uint32_t checksum = 0;
    for (uint32_t page = 0; page < pages; page++)
        checksum += memory[page * words_per_page];
    printf("touched %u pages %u times each: checksum %u\n", pages, rounds, checksum);
    return 0;
}
