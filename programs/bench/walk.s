# walk.s: loads that miss a tiny data TLB every time: 256 4 KiB pages at VA
# 0x4000_0000 (mapped in bench_map through one level-0 table), touched with a
# 4 KiB stride over 16 of them, so with a one-entry data TLB every load
# walks both levels. 200,000 passes of 16 loads.
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
    li      t0, 200000                  # passes
    li      t1, 4096
    li      a0, 0x40000000              # sixteen base registers, one page apart
    add     a1, a0, t1
    add     a2, a1, t1
    add     a3, a2, t1
    add     a4, a3, t1
    add     a5, a4, t1
    add     a6, a5, t1
    add     a7, a6, t1
    add     s2, a7, t1
    add     s3, s2, t1
    add     s4, s3, t1
    add     s5, s4, t1
    add     s6, s5, t1
    add     s7, s6, t1
    add     s8, s7, t1
    add     s9, s8, t1
1:  lw      t2, 0(a0)                   # sixteen loads, sixteen pages: sixteen walks
    lw      t2, 0(a1)
    lw      t2, 0(a2)
    lw      t2, 0(a3)
    lw      t2, 0(a4)
    lw      t2, 0(a5)
    lw      t2, 0(a6)
    lw      t2, 0(a7)
    lw      t2, 0(s2)
    lw      t2, 0(s3)
    lw      t2, 0(s4)
    lw      t2, 0(s5)
    lw      t2, 0(s6)
    lw      t2, 0(s7)
    lw      t2, 0(s8)
    lw      t2, 0(s9)
    addi    t0, t0, -1
    bnez    t0, 1b
    li      a0, 0
    ecall

    .bss
    .balign 4096
l0_table: .space 4096
