/*
 * malloc.c: a first-fit allocator over an "implicit free list".
 *
 * The heap is one contiguous run of blocks from heap_start up to the break
 * (heap_end).  Every block starts with a header giving its total size, so
 * stepping from one header to the next walks every block in address order:
 *
 *   heap_start                                               heap_end (break)
 *   | hdr | payload ... | hdr | payload ........ | hdr | payload |
 *
 * malloc walks the blocks and takes the first free one that is big enough,
 * splitting off what it does not need.  free just marks the block free;
 * neighbouring free blocks are merged (coalesced) during the next walk.
 * When nothing fits, the heap grows with brk by whole pages.
 *
 * Big requests (MMAP_THRESHOLD and up) skip all this: they get their own
 * mapping, which free hands straight back to the kernel with munmap.
 */
#include <stdint.h>

#include "malloc.h"
#include "syscall.h"

/* 8 bytes, so payloads stay 8-byte aligned like the ABI expects. */
struct header {
    uint32_t size;      /* bytes in the whole block, header included */
    uint32_t flags;
};

#define BLOCK_IN_USE    0x1
#define BLOCK_FROM_MMAP 0x2

#define ALIGNMENT 8
/* A split-off remainder smaller than this would be useless: keep it in the block. */
#define MIN_BLOCK_SIZE (sizeof(struct header) + ALIGNMENT)

/* Anything bigger could not fit in a 32-bit address space anyway, and
 * would make the size arithmetic below wrap around. */
#define MAX_REQUEST 0x7fff0000u

static char *heap_start;    /* first block; 0 until the first small malloc */
static char *heap_end;      /* the break: one past the last block */

static size_t round_up(size_t value, size_t multiple)
{
    return (value + multiple - 1) / multiple * multiple;
}

static struct header *header_of(const void *pointer)
{
    return (struct header *)pointer - 1;
}

static void *payload_of(struct header *block)
{
    return block + 1;
}

static struct header *next_block(struct header *block)
{
    return (struct header *)((char *)block + block->size);
}

static int is_free(struct header *block)
{
    return (block->flags & BLOCK_IN_USE) == 0;
}

/* Big blocks: a private anonymous mapping of whole pages. */
static void *malloc_from_mmap_pages(size_t total)
{
    size_t length = round_up(total, PAGE_SIZE);
    void *mapping = sys_mmap(0, length, PROT_READ | PROT_WRITE,
                             MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (SYSCALL_FAILED(mapping))
        return 0;
    struct header *block = mapping;
    block->size = length;
    block->flags = BLOCK_IN_USE | BLOCK_FROM_MMAP;
    return payload_of(block);
}

/* Merges every free block that directly follows `block` into it. */
static void coalesce(struct header *block)
{
    for (;;) {
        struct header *next = next_block(block);
        if ((char *)next >= heap_end || !is_free(next))
            return;
        block->size += next->size;
    }
}

/* Cuts `block` down to `total` bytes when the rest is worth keeping as a
 * free block of its own. */
static void split(struct header *block, size_t total)
{
    if (block->size - total < MIN_BLOCK_SIZE)
        return;
    struct header *rest = (struct header *)((char *)block + total);
    rest->size = block->size - total;
    rest->flags = 0;
    block->size = total;
}

/* First fit: the first free block (after merging its free neighbours)
 * that holds `total` bytes, or 0. */
static struct header *find_free_block(size_t total)
{
    for (struct header *block = (struct header *)heap_start;
         (char *)block < heap_end; block = next_block(block)) {
        if (is_free(block)) {
            coalesce(block);
            if (block->size >= total)
                return block;
        }
    }
    return 0;
}

/* Moves the break up by whole pages, enough for `total` bytes, and makes
 * the new space one free block. */
static struct header *grow_heap(size_t total)
{
    if (heap_start == 0) {
        heap_start = (char *)round_up((size_t)sys_brk(0), ALIGNMENT);
        heap_end = heap_start;
    }
    size_t increment = round_up(total, PAGE_SIZE);
    char *wanted = heap_end + increment;
    if ((char *)sys_brk(wanted) != wanted)
        return 0;       /* the kernel refused: out of memory */
    struct header *block = (struct header *)heap_end;
    block->size = increment;
    block->flags = 0;
    heap_end = wanted;
    return block;
}

void *malloc(size_t size)
{
    if (size > MAX_REQUEST)
        return 0;
    size_t total = round_up(size, ALIGNMENT) + sizeof(struct header);
    if (total < MIN_BLOCK_SIZE)
        total = MIN_BLOCK_SIZE;     /* malloc(0) still gets a block of its own */
    if (size >= MMAP_THRESHOLD)
        return malloc_from_mmap_pages(total);

    struct header *block = find_free_block(total);
    if (block == 0)
        block = grow_heap(total);
    if (block == 0)
        return 0;
    split(block, total);
    block->flags = BLOCK_IN_USE;
    return payload_of(block);
}

void free(void *pointer)
{
    if (pointer == 0)
        return;
    struct header *block = header_of(pointer);
    if (block->flags & BLOCK_FROM_MMAP)
        sys_munmap(block, block->size);
    else
        block->flags = 0;   /* merged with its free neighbours on a later walk */
}

int malloc_from_mmap(const void *pointer)
{
    return (header_of(pointer)->flags & BLOCK_FROM_MMAP) != 0;
}
