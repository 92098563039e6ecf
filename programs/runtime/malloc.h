/*
 * malloc.h: a small, readable memory allocator.
 *
 * Requests below MMAP_THRESHOLD bytes are carved out of the heap, which
 * grows with brk; larger ones get pages of their own from mmap and go back
 * to the kernel with munmap as soon as they are freed.
 */
#ifndef MALLOC_H
#define MALLOC_H

#include <stddef.h>

#define MMAP_THRESHOLD (128 * 1024)

void *malloc(size_t size);
void free(void *pointer);

/* 1 if the block came from mmap, 0 if it lives in the brk heap. */
int malloc_from_mmap(const void *pointer);

#endif
