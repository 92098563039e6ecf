# user-end.s: where the user image ends (see kernel.s): each section is
# padded to a whole page, so no kernel data shares a page the user can reach.
    .section .user.text, "ax"
    .balign PAGE_SIZE
user_text_end:
    .section .user.rodata, "a"
    .balign PAGE_SIZE
user_rodata_end:
    .section .user.data, "aw"
    .balign PAGE_SIZE
user_data_end:
