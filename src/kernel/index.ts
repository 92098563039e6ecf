// mmulab's kernel memory management: frames, slab, Sv32 page tables,
// address spaces and VMAs, page faults, and the memory system calls.
export * from './errno.js';
export { KernelInputError, KernelPanic, panic } from './errors.js';
export { PGSHIFT, PGSIZE, pgRoundDown, pgRoundUp } from './param.js';
export { ArrayPhysicalMemory, DEFAULT_RAM_BASE, DEFAULT_RAM_BYTES, type PhysicalMemory } from './phys.js';
export { FrameAllocator, MAX_ORDER, type FrameOwner, type FrameAllocatorOptions } from './frames.js';
export { SlabAllocator, SLAB_SIZE_CLASSES, type SlabCacheStats } from './slab.js';
export * from './vm.js';
export { Kmem, type AdMode, type FileImage, type KmemOptions, type SharedObject } from './kmem.js';
export * from './vma.js';
export * from './addrspace.js';
export { formatMaps, formatMapsLine } from './maps.js';
export * from './fault.js';
export * from './mm-syscalls.js';
export { forkAddressSpace } from './fork.js';
export { copyFromUser, copyStringFromUser, copyToUser } from './uaccess.js';
export { loadSegments, type LoadOptions } from './loader.js';
export { CSR_SATP } from './sched.js';
export { checkAddressSpace } from './check.js';
export { MachinePhysicalMemory, type MachineRam } from './machine-phys.js';
export {
  Kernel, type KernelEvent, type KernelOptions, type KernelStats, type ProcessResult, type RunStop, type SwitchReason,
  type TrapCost,
} from './kernel.js';
export type { KernelWork } from './work.js';
export { exitStatus, type Termination } from './proc.js';
export { CAUSE_FETCH_ACCESS, CAUSE_LOAD_ACCESS, CAUSE_STORE_ACCESS, SIGNAL_NAMES } from './trap.js';
export { SYSCALLS, type SyscallEntry } from './syscalls/table.js';
export { NS_PER_INSTRUCTION } from './syscalls/time.js';
