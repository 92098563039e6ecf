/*
 * selftest/runtime.c: a check of the C runtime itself (printf, malloc,
 * string), not a demo.
 *
 * What it shows: the printf lines below are compared character by
 * character with runtime.expected, which holds what C's printf prints for
 * the same formats; the malloc checks follow the blocks through splitting,
 * first fit, coalescing and the brk/mmap choice, and check that blocks never
 * overlap.
 *
 * What to look for: every check line ends in "ok"; a failing one says
 * "FAILED" and counts toward the exit status.
 *
 * Exit status: 0 (the number of failed checks)
 */
#include <stdint.h>

#include "../runtime/malloc.h"
#include "../runtime/printf.h"
#include "../runtime/string.h"

static int failures;

static void check(const char *what, int ok)
{
    printf("%s: %s\n", what, ok ? "ok" : "FAILED");
    if (!ok)
        failures++;
}

static void print_formats(void)
{
    printf("[%d] [%d] [%d] [%d]\n", 0, 42, -42, (int32_t)0x80000000);
    printf("[%u] [%u]\n", 42u, 0xffffffffu);
    printf("[%x] [%x] [%x]\n", 0u, 0xdeadbeefu, 255u);
    printf("[%5d] [%05d] [%05d] [%5d] [%1d]\n", 42, 42, -42, -42, 12345);
    printf("[%8x] [%08x] [%2x]\n", 0xbeefu, 0xbeefu, 0xabcdefu);
    printf("[%p] [%p]\n", (void *)0, (void *)0x10000);
    printf("[%s] [%6s] [%s]\n", "text", "abc", (char *)0);
    printf("[%c] [%3c] [%%] [100%%]\n", 'x', 'y');
    int length = printf("twelve chars");
    printf(" <- printf returned %d\n", length);
}

/* Blocks are payload rounded up to 8 plus an 8-byte header. */
static void check_malloc(void)
{
    char *a = malloc(100);
    char *b = malloc(100);
    char *c = malloc(100);
    check("malloc: consecutive blocks are 112 bytes apart",
          b - a == 112 && c - b == 112);
    check("malloc: payloads are 8-byte aligned",
          ((uintptr_t)a | (uintptr_t)b | (uintptr_t)c) % 8 == 0);

    free(b);
    char *d = malloc(50);
    check("malloc: first fit reuses a freed block (and splits it)", d == b);

    free(a);
    free(d);
    char *e = malloc(200);
    check("malloc: neighbouring free blocks are coalesced", e == a);

    char *z1 = malloc(0);
    char *z2 = malloc(0);
    check("malloc: malloc(0) gives distinct pointers", z1 != 0 && z2 != 0 && z1 != z2);

    char *small = malloc(MMAP_THRESHOLD - 1);
    char *big = malloc(MMAP_THRESHOLD);
    check("malloc: MMAP_THRESHOLD - 1 bytes come from brk", !malloc_from_mmap(small));
    check("malloc: MMAP_THRESHOLD bytes come from mmap", malloc_from_mmap(big));
    memset(big, 0x5a, MMAP_THRESHOLD);
    check("malloc: an mmap block is writable to its last byte", big[MMAP_THRESHOLD - 1] == 0x5a);
    free(big);
    free(small);

    check("malloc: an impossible size gives NULL", malloc(0x80000000u) == 0);
    free(0);
    check("malloc: free(NULL) does nothing", 1);

    free(c);
    free(e);
    free(z1);
    free(z2);
}

#define BLOCKS 64

/* Fills blocks of many sizes with their own byte, frees and reallocates
 * half of them, then checks no block was overwritten by another. */
static void check_no_overlap(void)
{
    char *blocks[BLOCKS];
    uint32_t sizes[BLOCKS];
    uint32_t seed = 12345;
    for (int i = 0; i < BLOCKS; i++) {
        seed = seed * 1103515245u + 12345u;             /* a fixed pseudo-random sequence */
        sizes[i] = 1 + (seed >> 16) % 3000;
        blocks[i] = malloc(sizes[i]);
        memset(blocks[i], i, sizes[i]);
    }
    for (int i = 0; i < BLOCKS; i += 2)
        free(blocks[i]);
    for (int i = 0; i < BLOCKS; i += 2) {
        sizes[i] = sizes[i] / 2 + 1;
        blocks[i] = malloc(sizes[i]);
        memset(blocks[i], i, sizes[i]);
    }
    int intact = 1;
    for (int i = 0; i < BLOCKS; i++)
        for (uint32_t j = 0; j < sizes[i]; j++)
            if (blocks[i][j] != (char)i)
                intact = 0;
    check("malloc: 64 blocks of mixed sizes never overlap", intact);
    for (int i = 0; i < BLOCKS; i++)
        free(blocks[i]);
}

static void check_string(void)
{
    char buffer[16];
    memset(buffer, 'x', sizeof buffer);
    memcpy(buffer + 2, "hello", 6);
    check("string: memset, memcpy and strlen",
          buffer[0] == 'x' && buffer[1] == 'x' && strlen(buffer + 2) == 5 && buffer[8] == 'x');
}

int main(void)
{
    print_formats();
    check_malloc();
    check_no_overlap();
    check_string();
    printf("%d failed\n", failures);
    return failures;
}
