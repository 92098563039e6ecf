# Every pseudo-instruction of the spec's tables that applies to RV32IMAC.
.text
.globl _start
_start:
    nop
    mv a0, a1
    mv s0, sp
    not a0, a1
    neg a0, a1
    seqz a0, a1
    snez a0, a1
    sltz a0, a1
    sgtz a0, a1
    sgt a0, a1, a2
    sgtu a0, a1, a2
    beqz a0, near
    bnez a0, near
    beqz t0, near
    bnez t0, near
    blez a0, near
    bgez a0, near
    bltz a0, near
    bgtz a0, near
    bgt a0, a1, near
    ble a0, a1, near
    bgtu a0, a1, near
    bleu a0, a1, near
    beq a0, zero, near
    bne s1, x0, near
near:
    j near
    jal near
    jal ra, near
    jal t0, near
    jr a0
    jr a0, 12
    jr 16(a1)
    jalr a0
    jalr a0, 8
    jalr 4(a2)
    jalr t0, a1
    jalr t0, a1, -4
    jalr ra, 0(a0)
    ret
    call func
    call t0, func
    tail func
    jump func, t2
    la a0, data_item
    lla a1, data_item
    lb a0, data_item
    lh a1, data_item
    lw a2, data_item
    lbu a3, data_item
    lhu a4, data_item
    sb a0, data_item, t0
    sh a1, data_item, t1
    sw a2, data_item, t2
    csrr a0, mstatus
    csrw mtvec, a0
    csrs mie, a1
    csrc mip, a2
    csrwi mscratch, 7
    csrsi mstatus, 8
    csrci mstatus, 31
    csrw satp, 0
    csrs 0x300, 1
    csrrw a0, mscratch, 3
    csrrs a0, 0x7c0, a1
    rdcycle a0
    rdcycleh a1
    rdtime a2
    rdtimeh a3
    rdinstret a4
    rdinstreth a5
    fence
    fence rw, rw
    fence i, o
    fence.i
    fence.tso
    sfence.vma
    sfence.vma a0
    sfence.vma a0, a1
    ecall
    ebreak
    unimp
    mret
    sret
    wfi
    add a0, a0, 5
    and a0, a0, 7
    or a0, a1, 0x7f
    xor a0, a1, -1
    sll a0, a0, 3
    srl a1, a1, 4
    sra a2, a2, 5
    slt a0, a1, -3
    sltu a0, a1, 3
    zext.b a0, a1
func:
    lui a0, %hi(data_item)
    addi a0, a0, %lo(data_item)
    lw a1, %lo(data_item)(a0)
    sw a1, %lo(data_item)(a0)
1:  auipc a0, %pcrel_hi(data_item)
    addi a0, a0, %pcrel_lo(1b)
2:  auipc t0, %pcrel_hi(data_item + 8)
    lw t1, %pcrel_lo(2b)(t0)
    sw t1, %pcrel_lo(2b)(t0)
    jalr ra, %lo(func)(t0)
    ret
.data
data_item: .word 1, 2, 3, 4
