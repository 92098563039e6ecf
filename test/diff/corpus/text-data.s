# .text starts 2-byte aligned even when it holds only data, and is padded to it.
.text
table: .byte 1, 2, 3
.section .text.other, "ax"
.byte 4
.data
.byte 5
