/*
 * printf.h: a minimal printf writing to standard output.
 *
 * Conversions: %d %u %x %p %s %c %%, with an optional width and '0' flag
 * (e.g. %5d, %08x).  %p prints 0x and 8 hex digits.  Each call ends with
 * one write system call (or more for long output), so lines from two
 * processes never mix within one printf.
 */
#ifndef PRINTF_H
#define PRINTF_H

int printf(const char *format, ...) __attribute__((format(printf, 1, 2)));

#endif
