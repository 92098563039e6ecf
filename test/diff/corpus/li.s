# li: the boundary values of each sequence GNU as picks, in rvc and norvc.
.text
_start:
    li a0, 0
    li a0, 1
    li a0, -1
    li a0, 31
    li a0, -32
    li a0, 32
    li a0, -33
    li a0, 2047
    li a0, -2047
    li a0, 2048
    li a0, -2048
    li a0, -2049
    li a0, 0x7ff
    li a0, 0x800
    li a0, 0xfff
    li a0, 0x1000
    li a0, 0x1001
    li a0, 0x1f000
    li a0, 0x20000
    li a0, 0xfffe0000
    li a0, 0xfffff000
    li a0, 0x7fffffff
    li a0, 0x80000000
    li a0, -0x80000000
    li a0, 0xffffffff
    li a0, 0xfffffff0
    li a0, 0x12345678
    li a0, 0xdeadbeef
    li a0, 123456
    li a0, -123456
    li sp, 0x1000
    li sp, 0x1100
    li zero, 5
    li zero, 0x12345
    li t6, 'A'
    li s1, 1 << 20
    .option push
    .option norvc
    li a0, 0
    li a0, 5
    li a0, 0x1000
    li a0, 0x7fffffff
    li a0, 0x12345678
    .option pop
    li a5, 0x7ffff800
    li a5, 0x7ffff7ff
    li a5, 0xfffff7ff
    li a5, 0x800007ff
    li zero, 0
    li zero, 0x1000
    li zero, 0xfffff000
    li zero, 0x1005
    li a0, 0x1001
    li a0, 0xfffff001
