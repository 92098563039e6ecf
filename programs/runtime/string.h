/*
 * string.h: the three memory/string helpers the runtime needs.  The
 * compiler may also call memset and memcpy on its own (for a struct copy
 * or a zeroed array), so they must exist even in a program without a C
 * library.
 */
#ifndef STRING_H
#define STRING_H

#include <stddef.h>

void *memset(void *destination, int byte, size_t count);
void *memcpy(void *destination, const void *source, size_t count);
size_t strlen(const char *string);

#endif
