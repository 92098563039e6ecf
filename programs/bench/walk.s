# walk.s: loads that miss a tiny data TLB every time: 256 4 KiB pages at VA
# 0x4000_0000 (mapped in bench_map through one level-0 table), touched with a
# 4 KiB stride over 32 of them, so with a one-entry data TLB every load
# walks both levels. 100,000 passes of 32 loads.
    .include "sv32-s-mode.s"

    .text
# bench_map(a0 = root): root[256] -> l0_table; l0_table[i] -> RAM page 0x8040_0000 + i * 4096.
bench_map:
    la      t0, l0_table
    srli    t1, t0, 12
    slli    t1, t1, 10
    ori     t1, t1, 1                   # V: a pointer
    li      t2, 1024                    # root index 256 (VA 0x4000_0000) * 4
    add     t2, a0, t2
    sw      t1, 0(t2)
    li      t1, 0x80400000 >> 12
    slli    t1, t1, 10
    ori     t1, t1, 0xc7                # V R W A D
    li      t3, 256
    li      t4, 1 << 10
1:  sw      t1, 0(t0)
    add     t1, t1, t4
    addi    t0, t0, 4
    addi    t3, t3, -1
    bnez    t3, 1b
    ret

s_main:
    li      t0, 100000
    li      t6, 0x40000000
1:  mv      t1, t6
    li      t5, 8
2:  lw      t2, 0(t1)
    li      t3, 4096
    add     t1, t1, t3
    lw      t2, 0(t1)
    add     t1, t1, t3
    lw      t2, 0(t1)
    add     t1, t1, t3
    lw      t2, 0(t1)
    add     t1, t1, t3
    addi    t5, t5, -1
    bnez    t5, 2b
    addi    t0, t0, -1
    bnez    t0, 1b
    li      a0, 0
    ecall

    .bss
    .balign 4096
l0_table: .space 4096
