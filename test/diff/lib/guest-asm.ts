// Pieces of assembly text shared by the generators of random guest programs
// (random-render.ts, mmu-program.ts, word-program.ts).

/** An immediate as GNU as reads it: unsigned 32-bit, lower-case hex with 0x. */
export const hex = (v: number): string => `0x${(v >>> 0).toString(16)}`;

/** The ECALL instruction word. */
export const ECALL = 0x00000073;

/** mstatus.MPP (bits 12:11): the privilege MRET returns to. */
export const MSTATUS_MPP_SHIFT = 11;

/** Privilege levels as MPP encodes them. */
export const PRIVILEGE = { U: 0, S: 1, M: 3 } as const;
