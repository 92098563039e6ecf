/*
 * printf.c: formats into a small buffer and writes it out with sys_write
 * whenever it fills up, and once at the end.
 */
#include <stdarg.h>
#include <stdint.h>

#include "printf.h"
#include "string.h"
#include "syscall.h"

#define STDOUT 1

struct output {
    char buffer[128];
    size_t used;
    int total;          /* characters produced so far: printf's result */
};

static void flush(struct output *out)
{
    if (out->used > 0)
        sys_write(STDOUT, out->buffer, out->used);
    out->used = 0;
}

static void put_char(struct output *out, char c)
{
    if (out->used == sizeof out->buffer)
        flush(out);
    out->buffer[out->used++] = c;
    out->total++;
}

/* Writes text, first padding it on the left to `width` with `pad`. */
static void put_padded(struct output *out, const char *text, size_t length,
                       int width, char pad)
{
    for (int i = (int)length; i < width; i++)
        put_char(out, pad);
    for (size_t i = 0; i < length; i++)
        put_char(out, text[i]);
}

/* Writes value in base 10 or 16.  Digits come out least significant first,
 * so they are collected backwards from the end of a buffer. */
static void put_unsigned(struct output *out, uint32_t value, unsigned base,
                         int negative, int width, char pad)
{
    char digits[12];
    char *p = digits + sizeof digits;
    do {
        *--p = "0123456789abcdef"[value % base];
        value /= base;
    } while (value != 0);
    if (negative) {
        if (pad == '0') {       /* "-0042": the sign goes before the zeros */
            put_char(out, '-');
            width--;
        } else {
            *--p = '-';
        }
    }
    put_padded(out, p, (size_t)(digits + sizeof digits - p), width, pad);
}

int printf(const char *format, ...)
{
    struct output out = { .used = 0, .total = 0 };
    va_list args;
    va_start(args, format);

    for (const char *f = format; *f != '\0'; f++) {
        if (*f != '%') {
            put_char(&out, *f);
            continue;
        }
        f++;
        char pad = ' ';
        if (*f == '0') {
            pad = '0';
            f++;
        }
        int width = 0;
        while (*f >= '0' && *f <= '9')
            width = width * 10 + (*f++ - '0');

        switch (*f) {
        case 'd': {
            int32_t value = va_arg(args, int32_t);
            /* negate as unsigned: -(-2147483648) does not fit in int32_t */
            uint32_t magnitude = value < 0 ? 0u - (uint32_t)value : (uint32_t)value;
            put_unsigned(&out, magnitude, 10, value < 0, width, pad);
            break;
        }
        case 'u':
            put_unsigned(&out, va_arg(args, uint32_t), 10, 0, width, pad);
            break;
        case 'x':
            put_unsigned(&out, va_arg(args, uint32_t), 16, 0, width, pad);
            break;
        case 'p':
            put_padded(&out, "0x", 2, 0, ' ');
            put_unsigned(&out, (uint32_t)(uintptr_t)va_arg(args, void *), 16, 0, 8, '0');
            break;
        case 's': {
            const char *s = va_arg(args, const char *);
            if (s == NULL)
                s = "(null)";
            put_padded(&out, s, strlen(s), width, ' ');
            break;
        }
        case 'c': {
            char c = (char)va_arg(args, int);
            put_padded(&out, &c, 1, width, ' ');
            break;
        }
        case '%':
            put_char(&out, '%');
            break;
        case '\0':              /* a lone '%' at the very end */
            f--;
            break;
        default:                /* unknown conversion: print it as it was */
            put_char(&out, '%');
            put_char(&out, *f);
            break;
        }
    }

    va_end(args);
    flush(&out);
    return out.total;
}
