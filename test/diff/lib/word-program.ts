// Random instruction words (not just valid instructions) as a privileged
// program built on programs/priv-lib.S: each word runs once, in M, S or U
// mode (paging off), with every register pointing into a scratch area, so
// whatever it loads, stores or swaps stays there. An ECALL follows the word;
// mtvec points at the slot's epilogue, so the ECALL, or the trap the word
// itself raised, lands there in M-mode, which prints the trap (cause, epc,
// tval, status) and a hash of x1..x31. For every word the two harts must
// agree on: executes or traps, which trap, the tval (for illegal
// instructions, the instruction bits), and the result.
//
// Left out, because they would leave the slot or change the machine under
// the test: control transfers (branches, JAL, JALR and their compressed
// forms), and the SYSTEM major opcode except in U-mode, where every CSR
// but the counters is out of reach (and mcounteren is 0) and xRET and
// SFENCE.VMA are illegal; WFI, whose U-mode behaviour the spec leaves to
// the implementation, stays out there too.
import { extractField } from '../../../src/asm/isa.js';
import { ECALL, MSTATUS_MPP_SHIFT, PRIVILEGE, hex } from './guest-asm.js';
import type { MemoryAccess } from './known-differences.js';
import { Rng } from './rng.js';

const OPCODE_LOAD = 0x03;
const OPCODE_STORE = 0x23;
const OPCODE_AMO = 0x2f;
const OPCODE_BRANCH = 0x63;
const OPCODE_JALR = 0x67;
const OPCODE_JAL = 0x6f;
const OPCODE_SYSTEM = 0x73;
const CONTROL_OPCODES = new Set([OPCODE_BRANCH, OPCODE_JALR, OPCODE_JAL]);
const WFI = 0x10500073;
const C_NOP = 0x0001;

export type WordMode = 'M' | 'S' | 'U';

export interface WordSlot {
  /** The 32-bit word, or the 16-bit parcel (followed by c.nop in the program). */
  word: number;
  compressed: boolean;
}

/** Whether a compressed parcel transfers control: c.jal, c.j, c.beqz, c.bnez, c.jr, c.jalr (and c.ebreak). */
function isCompressedControl(half: number): boolean {
  const quadrant = half & 3;
  const funct3 = half >>> 13;
  if (quadrant === 1) return funct3 === 1 || funct3 === 5 || funct3 === 6 || funct3 === 7;
  if (quadrant === 2 && funct3 === 4) return ((half >>> 2) & 0x1f) === 0; // rs2 = 0: c.jr, c.jalr, c.ebreak
  return false;
}

/** Whether a 32-bit word may run in `mode` (see the header). */
function allowedWord(word: number, mode: WordMode): boolean {
  const opcode = word & 0x7f;
  if (CONTROL_OPCODES.has(opcode)) return false;
  return opcode !== OPCODE_SYSTEM || (mode === 'U' && word !== WFI);
}

function randomSlot(rng: Rng, mode: WordMode): WordSlot {
  for (;;) {
    if (rng.chance(0.5)) {
      // In U-mode, one word in four is a SYSTEM one: few random words are.
      const word = (mode === 'U' && rng.chance(0.25) ? (rng.next() & ~0x7f) | OPCODE_SYSTEM : rng.next() | 3) >>> 0;
      if (allowedWord(word, mode)) return { word, compressed: false };
    } else {
      const half = (rng.next() & 0xfffc) | rng.int(0, 2);
      if (!isCompressedControl(half)) return { word: half, compressed: true };
    }
  }
}

export function makeWordSlots(seed: number, count: number, mode: WordMode): WordSlot[] {
  const rng = new Rng(seed);
  return Array.from({ length: count }, () => randomSlot(rng, mode));
}

const LOAD_SIZES: Readonly<Record<number, number>> = { 0: 1, 1: 2, 2: 4, 4: 1, 5: 2 };
const STORE_SIZES: Readonly<Record<number, number>> = { 0: 1, 1: 2, 2: 4 };

/**
 * The memory access a 32-bit load, store or AMO word makes, given the value
 * every register holds (x0 aside); undefined for anything else. (Compressed
 * loads and stores always use a base register, so they stay in RAM.)
 */
export function memoryAccessOf(slot: WordSlot, registerValue: number): MemoryAccess | undefined {
  if (slot.compressed) return undefined;
  const opcode = slot.word & 0x7f;
  const funct3 = (slot.word >>> 12) & 7;
  const base = extractField(slot.word, 'rs1') === 0 ? 0 : registerValue;
  if (opcode === OPCODE_LOAD && LOAD_SIZES[funct3]) {
    return { amo: false, address: (base + extractField(slot.word, 'imm12')) >>> 0, size: LOAD_SIZES[funct3] };
  }
  if (opcode === OPCODE_STORE && STORE_SIZES[funct3]) {
    return { amo: false, address: (base + extractField(slot.word, 'simm12')) >>> 0, size: STORE_SIZES[funct3] };
  }
  if (opcode === OPCODE_AMO && funct3 === 2) return { amo: true, address: base >>> 0, size: 4 };
  return undefined;
}

/** Where the program points every register: the middle of its scratch area. */
export const SCRATCH_POINTER_OFFSET = 2048;

export function describeSlot(slot: WordSlot): string {
  return slot.compressed ? `16-bit 0x${slot.word.toString(16).padStart(4, '0')}` : `32-bit 0x${slot.word.toString(16).padStart(8, '0')}`;
}

/**
 * One slot: in M-mode, point mtvec at the epilogue, drop any LR reservation
 * (an SC always does), point x1..x31 at the middle of the scratch area and
 * MRET into the word in `mode`; the word, then ECALL. The epilogue saves
 * x1..x31 (through sscratch), prints the trap and the registers' hash.
 */
function renderSlot(slot: WordSlot, step: number, mode: WordMode): string[] {
  const body = slot.compressed ? [`    .half ${hex(slot.word)}`, `    .half ${hex(C_NOP)}`] : [`    .word ${hex(slot.word)}`];
  return [
    `    STEP ${step}`,
    `    la t0, slot_end_${step}`,
    '    csrw mtvec, t0',
    `    li t0, ${hex(PRIVILEGE[mode] << MSTATUS_MPP_SHIFT)}`,
    '    csrw mstatus, t0',
    `    la t0, slot_word_${step}`,
    '    csrw mepc, t0',
    '    la t0, reservation_sink',
    '    sc.w zero, zero, (t0)',
    `    la x1, scratch + ${SCRATCH_POINTER_OFFSET}`,
    ...Array.from({ length: 30 }, (_, i) => `    mv x${i + 2}, x1`),
    '    mret',
    `slot_word_${step}:`,
    ...body,
    `    .word ${hex(ECALL)}`,
    '.balign 4',
    `slot_end_${step}:`,
    '    csrw sscratch, x31',
    '    la x31, regs',
    ...Array.from({ length: 30 }, (_, i) => `    sw x${i + 1}, ${4 * (i + 1)}(x31)`),
    '    csrr x1, sscratch',
    '    sw x1, 124(x31)',
    '    call print_trap',
    '    call print_state',
  ];
}

/** The program's assembly source. */
export function renderWordProgram(slots: readonly WordSlot[], mode: WordMode): string {
  return [
    '.include "priv-lib.S"',
    '.equ SCRATCH_BYTES, 4096 + 64',
    '.section .text',
    'main:',
    ...slots.flatMap((s, i) => renderSlot(s, i + 1, mode)),
    `    STEP ${slots.length + 1}`,
    '    la s1, scratch',
    '    la s2, scratch + SCRATCH_BYTES',
    '    call print_hash',
    '    j finish',
    '',
    '# print_trap: the trap that ended the slot, as the priv-lib handler prints one.',
    'print_trap:',
    '    mv s6, ra',
    "    PRINT_CSR mcause, 'C'",
    "    PRINT_CSR mepc, 'E'",
    "    PRINT_CSR mtval, 'T'",
    "    PRINT_CSR mstatus, 'S'",
    '    jr s6',
    '',
    '# print_state: PRINT the hash of the 31 saved registers.',
    'print_state:',
    '    la s1, regs + 4',
    '    la s2, regs + 128',
    '',
    '# print_hash: PRINT rotl(hash, 5) ^ word over the words from s1 to s2.',
    'print_hash:',
    '    mv s6, ra',
    '    li s0, 0',
    '1:  lw t0, 0(s1)',
    '    slli t1, s0, 5',
    '    srli s0, s0, 27',
    '    or s0, s0, t1',
    '    xor s0, s0, t0',
    '    addi s1, s1, 4',
    '    bltu s1, s2, 1b',
    '    PRINT s0',
    '    jr s6',
    '',
    '.section .data',
    '.align 12',
    'scratch: .space SCRATCH_BYTES',
    '.align 4',
    'regs: .space 128',
    'reservation_sink: .word 0',
    '',
  ].join('\n');
}
