/*
 * string.c: byte-at-a-time versions: slow but obviously correct.
 *
 * The loops are written so that clang does not recognise them as memset or
 * memcpy and replace them with a call to themselves.
 */
#include "string.h"

void *memset(void *destination, int byte, size_t count)
{
    volatile unsigned char *d = destination;
    for (size_t i = 0; i < count; i++)
        d[i] = (unsigned char)byte;
    return destination;
}

void *memcpy(void *destination, const void *source, size_t count)
{
    volatile unsigned char *d = destination;
    const unsigned char *s = source;
    for (size_t i = 0; i < count; i++)
        d[i] = s[i];
    return destination;
}

size_t strlen(const char *string)
{
    size_t length = 0;
    while (string[length] != '\0')
        length++;
    return length;
}
