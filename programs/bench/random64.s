# random64.s: random.s over 64 MiB: 16,384 4 KiB pages at VA 0x4000_0000
# (sixteen level-0 tables), physical 0x8040_0000..0x8440_0000, so the
# machine needs at least 68 MiB of RAM.
    .include "sv32-s-mode.s"

    .equ    MAP_PAGES, 16384
    .include "lib/map-pages.s"

    .text
s_main:
    li      s4, 0x40000000
    .equ    RANDOM_SHIFT, 6
    .include "lib/random-loop.s"
    ecall
