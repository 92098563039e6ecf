import {
  ELF32_EHDR_SIZE, ELF32_PHDR_SIZE, EM_RISCV, ET_EXEC, PT_INTERP, PT_LOAD, PT_PHDR, type ElfFile,
} from '../elf/index.js';
import { AddressSpace, STACK_TOP } from './addrspace.js';
import { KernelInputError } from './errors.js';
import type { Kmem } from './kmem.js';
import { loadSegments } from './loader.js';
import { PGSIZE } from './param.js';
import { copyToUser } from './uaccess.js';

/**
 * exec: a new address space holding a program (xv6's exec.c, Linux's
 * load_elf_binary + create_elf_tables): the PT_LOAD segments as VMAs, and
 * an initial stack laid out exactly as Linux lays it out for RISC-V, from
 * the top of the stack down:
 *
 *   STACK_TOP - 4 .. STACK_TOP   a zero word
 *   filename string              (AT_EXECFN points here)
 *   envp strings, argv strings   argv[0]'s text lowest
 *   (aligned down to 16)
 *   16 random bytes              (AT_RANDOM points here)
 *   (aligned down so sp ends 16-byte aligned)
 *   auxv pairs ... AT_NULL, 0
 *   NULL, envp[m-1] .. envp[0]
 *   NULL, argv[n-1] .. argv[0]
 *   argc                         <- sp
 *
 * mmulab does not randomize: the stack top is fixed and arch_align_stack
 * only aligns. Registers other than sp start at zero.
 */

// Auxiliary vector types (include/uapi/linux/auxvec.h).
export const AT_NULL = 0;
export const AT_PHDR = 3;
export const AT_PHENT = 4;
export const AT_PHNUM = 5;
export const AT_PAGESZ = 6;
export const AT_BASE = 7;
export const AT_FLAGS = 8;
export const AT_ENTRY = 9;
export const AT_UID = 11;
export const AT_EUID = 12;
export const AT_GID = 13;
export const AT_EGID = 14;
export const AT_HWCAP = 16;
export const AT_CLKTCK = 17;
export const AT_SECURE = 23;
export const AT_RANDOM = 25;
export const AT_EXECFN = 31;

/** e_phoff's offset in an ELF32 header. */
const ELF32_PHOFF_AT = 28;
/** AT_HWCAP on RISC-V: one bit per single-letter extension, bit = letter - 'a' (I, M, A, C here). */
export const HWCAP_RV32IMAC = [..."imac"].reduce((bits, c) => bits | (1 << (c.charCodeAt(0) - 97)), 0);
/** USER_HZ, what times(2) counts in. */
const CLOCKS_PER_SEC = 100;
/** The user every process runs as. */
export const USER_ID = 1000;
/** Linux's MAX_ARG_STRLEN: one argument or environment string, NUL included. */
const MAX_ARG_STRLEN = 32 * PGSIZE;

export interface ExecImage {
  as: AddressSpace;
  entry: number;
  sp: number;
}

export interface ExecOptions {
  /** The program's path (AT_EXECFN, the name in /proc/PID/maps). */
  path: string;
  argv: readonly string[];
  envp: readonly string[];
  /** The 16 AT_RANDOM bytes. */
  random: Uint8Array;
  stackLimit?: number;
  eager?: boolean;
}

/**
 * Build the address space of process `pid` running `elf`. Null when RAM or
 * ASIDs run out (nothing is left allocated); KernelInputError for an ELF
 * that is not a static RV32 executable or strings too long.
 */
export function exec(kmem: Kmem, pid: number, elf: ElfFile, options: ExecOptions): ExecImage | null {
  checkExecutable(elf, options);
  const as = AddressSpace.create(kmem, pid, { stackLimit: options.stackLimit });
  if (as === null) return null;
  const sp = loadSegments(as, elf.segments, { path: options.path, eager: options.eager })
    ? buildStack(as, elf, options)
    : null;
  if (sp === null) {
    as.destroy();
    return null;
  }
  return { as, entry: elf.entry, sp };
}

function checkExecutable(elf: ElfFile, options: ExecOptions): void {
  if (elf.bits !== 32 || elf.machine !== EM_RISCV || elf.type !== ET_EXEC) {
    throw new KernelInputError(`${options.path}: not a static RISC-V ELF32 executable (class ${elf.bits}, type ${elf.type}, machine ${elf.machine})`);
  }
  // mmulab has no file system to load a dynamic linker from.
  if (elf.segments.some((s) => s.type === PT_INTERP)) throw new KernelInputError(`${options.path}: dynamically linked (PT_INTERP); only static executables run`);
  for (const s of [...options.argv, ...options.envp, options.path]) {
    if (new TextEncoder().encode(s).length + 1 > MAX_ARG_STRLEN) throw new KernelInputError(`${options.path}: argument or environment string longer than ${MAX_ARG_STRLEN - 1} bytes`);
  }
  if (options.random.length !== 16) throw new KernelInputError('AT_RANDOM needs exactly 16 bytes');
}

// Write the strings, random bytes, argv/envp arrays and auxv onto the stack;
// the new sp, or null when a page could not be allocated.
function buildStack(as: AddressSpace, elf: ElfFile, options: ExecOptions): number | null {
  const stack = new StackWriter(as, STACK_TOP - 4);
  const execfn = stack.pushString(options.path);
  const envp = [...options.envp].reverse().map((s) => stack.pushString(s)).reverse();
  const argv = [...options.argv].reverse().map((s) => stack.pushString(s)).reverse();
  stack.alignDown(16);
  const random = stack.pushBytes(options.random);
  const auxv = [
    AT_HWCAP, HWCAP_RV32IMAC, AT_PAGESZ, PGSIZE, AT_CLKTCK, CLOCKS_PER_SEC,
    AT_PHDR, programHeaderAddress(elf), AT_PHENT, ELF32_PHDR_SIZE, AT_PHNUM, elf.segments.length,
    AT_BASE, 0, AT_FLAGS, 0, AT_ENTRY, elf.entry,
    AT_UID, USER_ID, AT_EUID, USER_ID, AT_GID, USER_ID, AT_EGID, USER_ID, AT_SECURE, 0,
    AT_RANDOM, random, AT_EXECFN, execfn, AT_NULL, 0,
  ];
  const table = [argv.length, ...argv, 0, ...envp, 0, ...auxv];
  // Linux's STACK_ROUND: the table's start (sp) is 16-byte aligned.
  stack.alignDown(16, table.length * 4);
  const sp = stack.pushWords(table);
  return stack.failed ? null : sp;
}

/**
 * AT_PHDR: where the program headers are in memory. Linux (since 5.18)
 * gives the address of file offset e_phoff in the PT_LOAD segment that
 * contains it, or 0. ElfFile does not keep e_phoff, so mmulab takes PT_PHDR's
 * address when there is one, else reads e_phoff from the ELF header when a
 * segment maps it (offset 0), else gives 0: the same answer for every ELF
 * whose program headers are loaded at all.
 */
export function programHeaderAddress(elf: ElfFile): number {
  const phdr = elf.segments.find((s) => s.type === PT_PHDR);
  if (phdr !== undefined) return phdr.vaddr;
  const first = elf.segments.find((s) => s.type === PT_LOAD && s.offset === 0 && s.filesz >= ELF32_EHDR_SIZE);
  if (first === undefined) return 0;
  const view = new DataView(first.data.buffer, first.data.byteOffset, first.data.byteLength);
  return (first.vaddr + view.getUint32(ELF32_PHOFF_AT, true)) >>> 0;
}

// Pushes data downwards from `sp` into user memory, remembering any failure.
class StackWriter {
  failed = false;

  constructor(private readonly as: AddressSpace, private sp: number) {}

  /** Push a NUL-terminated string; its address. */
  pushString(s: string): number {
    const text = new TextEncoder().encode(s);
    const bytes = new Uint8Array(text.length + 1);
    bytes.set(text);
    return this.pushBytes(bytes);
  }

  pushBytes(bytes: Uint8Array): number {
    this.sp -= bytes.length;
    if (!this.failed && copyToUser(this.as, this.sp, bytes) < 0) this.failed = true;
    return this.sp;
  }

  /** Push 32-bit little-endian words, the first at the lowest address; its address. */
  pushWords(words: readonly number[]): number {
    const bytes = new Uint8Array(words.length * 4);
    const view = new DataView(bytes.buffer);
    words.forEach((w, i) => view.setUint32(i * 4, w >>> 0, true));
    return this.pushBytes(bytes);
  }

  /** Move down so that sp - reserve is a multiple of `align`, then up by reserve. */
  alignDown(align: number, reserve = 0): void {
    this.sp = (this.sp - reserve - ((this.sp - reserve) % align)) + reserve;
  }
}
