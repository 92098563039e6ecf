# isa/compressed.s: the C extension: 16-bit encodings of common instructions.
#
# What it shows: each c.* instruction is a 2-byte shorthand for one 4-byte
# instruction (c.addi a0, 5 is addi a0, a0, 5).  They exist to make code
# smaller; they compute exactly what their long forms compute.  Many take
# only registers x8..x15 (s0, s1, a0..a5) and small immediates.
#
# What to look for: the sizes (distance between two labels): 2 bytes for a
# c.* instruction, and the assembler picks the short form on its own when
# an ordinary instruction fits (addi a0, a0, 1 is 2 bytes, addi a0, a0, 100
# is 4); c.lui's 6-bit immediate is sign-extended (0xfffff -> 0xfffff000);
# c.jal saves "its own address + 2", not + 4.
#
# Exit status: 0 (the number of results that differ from the spec)

    .include "../lib/syscall.s"

    .text
    .globl _start
_start:
    la      a0, li_name
    c.li    a1, -32
    li      a2, -32
    call    check
    la      a0, addi_name
    c.li    a1, -32
    c.addi  a1, 31
    li      a2, -1
    call    check
    la      a0, lui_name
    c.lui   a1, 0xfffff
    li      a2, 0xfffff000
    call    check
    la      a0, mv_add_name
    c.li    a1, 20
    c.mv    a3, a1
    c.add   a1, a3                  # 20 + 20
    li      a2, 40
    call    check

    c.li    s0, 12                  # s0 = 0b1100, s1 = 0b1010
    c.li    s1, 10
    la      a0, sub_name
    c.mv    a1, s0
    c.sub   a1, s1
    li      a2, 2
    call    check
    la      a0, and_name
    c.mv    a1, s0
    c.and   a1, s1
    li      a2, 8
    call    check
    la      a0, or_name
    c.mv    a1, s0
    c.or    a1, s1
    li      a2, 14
    call    check
    la      a0, xor_name
    c.mv    a1, s0
    c.xor   a1, s1
    li      a2, 6
    call    check
    la      a0, andi_name
    c.li    a1, 31
    c.andi  a1, -4
    li      a2, 28
    call    check
    la      a0, shifts_name
    c.li    a1, -16
    c.srai  a1, 2                   # -4
    c.slli  a1, 4                   # -64 = 0xffffffc0
    c.srli  a1, 24                  # 0xff
    li      a2, 0xff
    call    check

    la      s0, scratch             # c.sw / c.lw need a base in x8..x15
    li      a1, 0x5a5a1234
    c.sw    a1, 4(s0)
    c.lw    a1, 4(s0)
    la      a0, lw_sw_name
    li      a2, 0x5a5a1234
    call    check

    c.addi16sp sp, -32              # a 32-byte frame, the stack stays aligned
    li      a1, 777
    c.swsp  a1, 12(sp)
    c.lwsp  a1, 12(sp)
    c.addi4spn a3, sp, 8            # a3 = sp + 8
    sub     a4, a3, sp
    c.addi16sp sp, 32
    la      a0, sp_name
    li      a2, 777
    call    check
    la      a0, addi4spn_name
    mv      a1, a4
    li      a2, 8
    call    check

    la      a0, beqz_name           # c.beqz / c.bnez: 1 if taken
    li      a1, 1
    c.li    a3, 0
    c.beqz  a3, 1f
    li      a1, 0
1:  li      a2, 1
    call    check
    la      a0, bnez_name
    li      a1, 1
    c.li    a3, 0
    c.bnez  a3, 1f
    li      a1, 0
1:  li      a2, 0
    call    check

2:  c.jal   1f                      # link = address of c.jal + 2
1:  la      t1, 2b
    sub     a1, ra, t1
    la      a0, jal_name
    li      a2, 2
    call    check
    la      t0, double
    li      a0, 21
    c.jalr  t0                      # call through a register
    mv      a1, a0
    la      a0, jalr_name
    li      a2, 42
    call    check
    c.j     1f
    c.li    a1, 0                   # skipped
1:
    la      a0, addi_small_name     # how big are these instructions?
    la      t0, 1f
    la      t1, 2f
    sub     a1, t1, t0
    li      a2, 2
    call    check
    la      a0, addi_big_name
    la      t0, 2f
    la      t1, 3f
    sub     a1, t1, t0
    li      a2, 4
    call    check
    call    finish_checks
1:  addi    a0, a0, 1               # assembled as c.addi
2:  addi    a0, a0, 100             # too big for c.addi (-32..31)
3:

# double(a0) -> 2 * a0, returning with c.jr
double:
    c.add   a0, a0
    c.jr    ra

    .section .rodata
li_name:          .asciz "c.li -32"
addi_name:        .asciz "c.addi -32 + 31"
lui_name:         .asciz "c.lui 0xfffff"
mv_add_name:      .asciz "c.mv + c.add 20 + 20"
sub_name:         .asciz "c.sub 12 - 10"
and_name:         .asciz "c.and 12 & 10"
or_name:          .asciz "c.or  12 | 10"
xor_name:         .asciz "c.xor 12 ^ 10"
andi_name:        .asciz "c.andi 31 & -4"
shifts_name:      .asciz "c.srai/c.slli/c.srli -16 >> 2 << 4 >>> 24"
lw_sw_name:       .asciz "c.sw then c.lw"
sp_name:          .asciz "c.swsp then c.lwsp"
addi4spn_name:    .asciz "c.addi4spn 8, minus sp"
beqz_name:        .asciz "c.beqz 0"
bnez_name:        .asciz "c.bnez 0"
jal_name:         .asciz "c.jal: link minus its own address"
jalr_name:        .asciz "c.jalr to double(21)"
addi_small_name:  .asciz "size of addi a0, a0, 1"
addi_big_name:    .asciz "size of addi a0, a0, 100"

    .data
    .balign 4
scratch:    .word 0, 0

    .include "../lib/print.s"
    .include "../lib/check.s"
