// Linux errno values (include/uapi/asm-generic/errno-base.h, errno.h); RISC-V
// uses the generic numbers. System calls return them negated, as Linux does.
export const EPERM = 1;
export const EBADF = 9;
export const ECHILD = 10;
export const ENOMEM = 12;
export const EACCES = 13;
export const EFAULT = 14;
export const EEXIST = 17;
export const EINVAL = 22;
export const ENAMETOOLONG = 36;
export const ENOSYS = 38;
export const EOVERFLOW = 75;
