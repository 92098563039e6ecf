# Misaligned loads and stores complete in hardware (mmulab's choice, which
# riscv-tests' ma_data, lh/lw/sh/sw-misaligned and ma_addr accept): the
# bytes land little-endian at the exact address, across 8-, 16- and 64-byte
# boundaries and across a 4 KiB page boundary, without a trap. LR/SC and
# AMOs stay aligned-only: a misaligned LR raises load address misaligned (4),
# SC and AMOs store/AMO address misaligned (6), with mtval = the address and
# no write. (Priv. spec, "Exception codes"; unpriv. spec, "Misaligned
# accesses" and Zaamo/Zalrsc: misaligned atomics may raise an exception.)

.macro LOAD_IS n, insn, offset, expected
    CHECK \n
    li a1, \expected
    \insn a2, \offset(s0)
    FAIL_UNLESS_EQ a1, a2
.endm

.macro STORE_THEN_LOAD n, st, ld, st_offset, ld_offset, value, expected
    CHECK \n
    li a1, \value
    \st a1, \st_offset(s0)
    li a1, \expected
    \ld a2, \ld_offset(s0)
    FAIL_UNLESS_EQ a1, a2
.endm

main:
    la s0, bytes
    # bytes[i] = i for i = 0..127: a load at offset k reads k, k+1, ...
    li a0, 0
1:  add a1, s0, a0
    sb a0, 0(a1)
    addi a0, a0, 1
    li a1, 128
    bne a0, a1, 1b

    LOAD_IS 1, lh,  1, 0x0201
    LOAD_IS 2, lhu, 7, 0x0807
    LOAD_IS 3, lw,  1, 0x04030201
    LOAD_IS 4, lw,  6, 0x09080706
    LOAD_IS 5, lw, 15, 0x1211100f
    LOAD_IS 6, lw, 61, 0x403f3e3d
    LOAD_IS 7, lh, 63, 0x403f

    STORE_THEN_LOAD  8, sh, lbu, 63, 64, 0xa5b6, 0xa5
    STORE_THEN_LOAD  9, sw, lw, 29, 29, 0x8badf00d, 0x8badf00d
    STORE_THEN_LOAD 10, sw, lhu, 30, 32, 0xc0ffee11, 0xc0ff
    STORE_THEN_LOAD 11, sw, lb, 13, 16, 0x80aabbcc, 0xffffff80
    FAIL_IF_TRAPPED

    # Across the page boundary at `page_end`: the first bytes on one page,
    # the rest on the next.
    CHECK 12
    la s1, page_end
    li a1, 0x44332211
    sw a1, -3(s1)
    lw a2, -3(s1)
    FAIL_UNLESS_EQ a1, a2
    lbu a2, 0(s1)
    li a1, 0x44
    FAIL_UNLESS_EQ a1, a2
    lh a2, -1(s1)
    li a1, 0x4433
    FAIL_UNLESS_EQ a1, a2
    FAIL_IF_TRAPPED

    # Atomics: misaligned is an exception with mtval = the address.
    CHECK 13
    addi a0, s0, 2
    lr.w a1, (a0)
    FAIL_UNLESS_TRAP CAUSE_MISALIGNED_LOAD
    FAIL_UNLESS_EQ s10, a0

    CHECK 14
    CLEAR_TRAPS
    addi a0, s0, 1
    li a1, -1
    sc.w a2, a1, (a0)
    FAIL_UNLESS_TRAP CAUSE_MISALIGNED_STORE
    FAIL_UNLESS_EQ s10, a0

    CHECK 15
    CLEAR_TRAPS
    addi a0, s0, 3
    lw a3, 0(a0)
    li a1, -1
    amoadd.w a2, a1, (a0)
    FAIL_UNLESS_TRAP CAUSE_MISALIGNED_STORE
    FAIL_UNLESS_EQ s10, a0
    lw a4, 0(a0)                # the AMO wrote nothing
    FAIL_UNLESS_EQ a3, a4

    j report

.data
.align 6
bytes: .zero 128

# A word-aligned spot 3 bytes before a page boundary, in .data's last page.
.align 12
.zero 4096
page_end:
.zero 16
