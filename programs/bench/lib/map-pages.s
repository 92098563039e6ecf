# lib/map-pages.s: a bench_map (see sv32-s-mode.s) that maps MAP_PAGES
# (at most 16,384; set it with .equ before including this file) 4 KiB pages
# (V R W A D) at VA 0x4000_0000 through L0_TABLES consecutive level-0
# tables (1,024 PTEs each): root[256 + k] -> l0_tables + k * 4096, and
# PTE i (of all the tables in a row) -> RAM page 0x8040_0000 + i * 4096.
    .equ    L0_TABLES, (MAP_PAGES + 1023) / 1024

    .text
bench_map:
    la      t0, l0_tables
    srli    t1, t0, 12
    slli    t1, t1, 10
    ori     t1, t1, 1                   # V: a pointer
    li      t2, 1024                    # root index 256 (VA 0x4000_0000) * 4
    add     t2, a0, t2
    li      t3, L0_TABLES
    li      t4, 1 << 10                 # the next table: one page on, as a PTE PPN step
1:  sw      t1, 0(t2)
    add     t1, t1, t4
    addi    t2, t2, 4
    addi    t3, t3, -1
    bnez    t3, 1b
    li      t1, 0x80400000 >> 12
    slli    t1, t1, 10
    ori     t1, t1, 0xc7                # V R W A D
    li      t3, MAP_PAGES
1:  sw      t1, 0(t0)
    add     t1, t1, t4
    addi    t0, t0, 4
    addi    t3, t3, -1
    bnez    t3, 1b
    ret

    .bss
    .balign 4096
l0_tables: .space L0_TABLES * 4096
