// The guest kernel's test cases, shared by test/unit/bare-kernel.test.ts
// (mmulab's Machine) and test/diff/bare-kernel.test.ts (QEMU): each is a
// bare-metal program, the kernel with one user program, and what it must
// print and the status it must end with.  The user programs beyond main.s
// and segfault.s are short probes of one kernel path each.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { assemble, type AssembleResult } from '../../../src/asm/index.js';
import { MmulabError } from '../../../src/errors.js';

/** A case asks for a symbol its program does not define. */
export class KernelCaseError extends MmulabError {
  override name = 'KernelCaseError';
}

export const KERNEL_DIR = 'programs/bare/kernel';

/** Where the kernel maps the user image (defs.inc USER_BASE). */
const USER_BASE = 0x0001_0000;
/** What user.s and user-segfault.s print first (as programs/hello.s). */
export const GREETING = 'Hello from RISC-V user mode!\n';
/** Linux's status for a process killed by SIGSEGV: 128 + 11. */
export const SEGFAULT_STATUS = 139;

export interface KernelCase {
  name: string;
  /** A program file in KERNEL_DIR ... */
  file?: string;
  /** ... or the source of a user program, assembled between kernel.inc and user-end.inc. */
  user?: string;
  /** The console output, given the assembled program (for addresses in messages). */
  console: (program: AssembleResult) => string;
  status: number;
}

/** Assembles a case with mmulab's assembler (bare layout). */
export function assembleCase(c: KernelCase): AssembleResult {
  if (c.file !== undefined) {
    const path = join(KERNEL_DIR, c.file);
    return assemble(readFileSync(path, 'utf8'), { file: path, layout: 'bare' });
  }
  const source = `    .include "kernel.inc"\n${c.user ?? ''}\n    .include "user-end.inc"\n`;
  return assemble(source, { file: join(KERNEL_DIR, `${c.name.replace(/\W+/g, '-')}.s`), layout: 'bare' });
}

/** The user address of the image's physical address `pa` (the kernel maps user_text_start at USER_BASE). */
export function toUserAddress(program: AssembleResult, pa: number): number {
  const base = program.symbols.get('user_text_start');
  if (base === undefined) throw new KernelCaseError('no user_text_start: not a kernel program');
  return pa - base + USER_BASE;
}

/** The user address of `label`. */
export function userAddress(program: AssembleResult, label: string): number {
  const at = program.symbols.get(label);
  if (at === undefined) throw new KernelCaseError(`no symbol ${label}`);
  return toUserAddress(program, at);
}

export const hex = (n: number): string => `0x${(n >>> 0).toString(16).padStart(8, '0')}`;

/** The access of a page fault, by scause. */
const PAGE_FAULT_ACCESS: Record<number, string> = { 12: 'fetch', 13: 'load', 15: 'store' };

/** The kernel's report of a fatal trap (trap.inc kill_user). */
export function fatalTrapLine(what: string, scause: number, pc: number, stval: number): string {
  const access = PAGE_FAULT_ACCESS[scause];
  const where = access === undefined ? '' : `${access} at ${hex(stval)} `;
  return `${what}: ${where}pc ${hex(pc)} scause ${scause} stval ${hex(stval)}\n`;
}

/** A user program: `body` in .user.text from user_start, then exit(a0). */
function userProgram(body: string): string {
  return `
    .section .user.text, "ax"
user_start:
${body}
    li      a7, SYS_exit
    ecall
`;
}

const WILD = 0x1234_5678;

export const KERNEL_CASES: KernelCase[] = [
  {
    name: 'main.s: greeting, demand-paged stack and heap, brk, exit 0',
    file: 'main.s',
    console: () => `${GREETING}This line was copied across two heap pages.\n`,
    status: 0,
  },
  {
    name: 'segfault.s: a wild pointer kills the program',
    file: 'segfault.s',
    console: (p) => GREETING + fatalTrapLine('segfault', 13, userAddress(p, 'wild_load'), WILD),
    status: SEGFAULT_STATUS,
  },
  {
    name: 'an unknown system call returns -ENOSYS',
    user: userProgram('    li a7, 1000\n    ecall\n    neg a0, a0'),
    console: () => '',
    status: 38,
  },
  {
    name: 'write to a file descriptor other than 1 returns -EBADF',
    user: userProgram('    li a0, 2\n    la a1, user_start\n    li a2, 1\n    li a7, SYS_write\n    ecall\n    neg a0, a0'),
    console: () => '',
    status: 9,
  },
  {
    name: 'write from an address the user cannot read returns -EFAULT',
    user: userProgram(`    li a0, 1\n    li a1, ${WILD}\n    li a2, 4\n    li a7, SYS_write\n    ecall\n    neg a0, a0`),
    console: () => '',
    status: 14,
  },
  {
    name: 'write from a heap page never touched: the kernel maps a zeroed page itself',
    user: userProgram(`    li a0, 0
    li a7, SYS_brk
    ecall
    mv s0, a0
    li t0, 4096
    add a0, s0, t0
    ecall
    li a0, 1
    mv a1, s0
    li a2, 4
    li a7, SYS_write
    ecall`),
    console: () => '\0\0\0\0',
    status: 4,
  },
  {
    name: 'a write running past the break stops there and returns the bytes written',
    user: userProgram(`    li a0, 0
    li a7, SYS_brk
    ecall
    li t0, 4096
    add a0, a0, t0
    ecall                     # the break: one page above the heap's start
    li t0, 'h'
    sb t0, -2(a0)
    li t0, 'i'
    sb t0, -1(a0)
    addi a1, a0, -2
    li a0, 1
    li a2, 8
    li a7, SYS_write
    ecall`),
    console: () => 'hi',
    status: 2,
  },
  {
    name: 'brk refuses to grow the heap beyond 64 pages and below its start',
    user: userProgram(`    li a0, 0
    li a7, SYS_brk
    ecall
    mv s0, a0
    li t0, 64 * 4096 + 1
    add a0, s0, t0
    ecall
    bne a0, s0, 1f            # refused: the break stays
    addi a0, s0, -1
    ecall
    bne a0, s0, 1f            # below the start: refused too
    li t0, 64 * 4096
    add a0, s0, t0
    ecall
    sub a0, a0, s0            # granted: 64 pages
    srli a0, a0, 12
    j 2f
1:  li a0, 1
2:`),
    console: () => '',
    status: 64,
  },
  {
    name: 'exit reports its status modulo 256',
    user: userProgram('    li a0, 300'),
    console: () => '',
    status: 44,
  },
  {
    name: 'a store into its own text is a segfault (the page is mapped R X)',
    user: userProgram('    la t0, user_start\nfault:\n    sw zero, 0(t0)'),
    console: (p) => {
      const text = userAddress(p, 'user_start');
      return fatalTrapLine('segfault', 15, userAddress(p, 'fault'), text);
    },
    status: SEGFAULT_STATUS,
  },
  {
    name: 'a store below the stack region is a segfault',
    user: userProgram('    li t0, 16 * 4096\n    sub t0, sp, t0\nfault:\n    sw zero, -4(t0)'),
    console: (p) => fatalTrapLine('segfault', 15, userAddress(p, 'fault'), 0x7ffe_fffc),
    status: SEGFAULT_STATUS,
  },
  {
    name: 'a jump to the stack is a segfault (the stack is never executable)',
    user: userProgram('    addi t0, sp, -4\n    jr t0'),
    console: () => fatalTrapLine('segfault', 12, 0x7fff_fffc, 0x7fff_fffc),
    status: SEGFAULT_STATUS,
  },
  {
    name: 'a jump into the kernel is a segfault (its pages have no U bit)',
    user: userProgram('    li t0, 0x80000000\n    jr t0'),
    console: () => fatalTrapLine('segfault', 12, 0x8000_0000, 0x8000_0000),
    status: SEGFAULT_STATUS,
  },
  {
    name: 'an M-mode CSR access from U-mode is an illegal instruction (SIGILL)',
    user: userProgram('fault:\n    csrw mstatus, zero'),
    console: (p) => fatalTrapLine('illegal instruction', 2, userAddress(p, 'fault'), 0x3000_1073),
    status: 128 + 4,
  },
  {
    name: 'ebreak is a breakpoint (SIGTRAP)',
    user: userProgram('fault:\n    ebreak'),
    console: (p) => fatalTrapLine('breakpoint', 3, userAddress(p, 'fault'), userAddress(p, 'fault')),
    status: 128 + 5,
  },
  {
    // The pool has 64 frames (defs.inc FRAME_POOL_PAGES); the user image's
    // second-level table took one at boot (it also maps the heap), so 63
    // heap pages can be had, and the 64th touch finds none.
    name: 'touching more heap pages than there are frames: killed (SIGKILL)',
    user: userProgram(`    li a0, 0
    li a7, SYS_brk
    ecall
    mv s0, a0
    li t0, 64 * 4096
    add a0, s0, t0
    ecall
    mv t0, s0
1:
fault:
    sw zero, 0(t0)
    li t1, 4096
    add t0, t0, t1
    bne t0, a0, 1b
    li a0, 0`),
    console: (p) => {
      const heapBase = toUserAddress(p, p.symbols.get('user_data_end') ?? 0);
      return fatalTrapLine('out of memory', 15, userAddress(p, 'fault'), heapBase + 63 * 4096);
    },
    status: 128 + 9,
  },
];
