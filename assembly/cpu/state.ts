// The hart's architectural state that is not a CSR: privilege, pc between
// runs, the retired-instruction count, the LR/SC reservation, plus the
// signals the hardware raises to the run loop (a pending exception, a stop).
import { PRV_M } from '../encoding';
import { REGS_LOCATION } from '../layout';

export let priv: u32 = PRV_M;
export let hartPc: u32 = 0;

// Instructions retired since reset. minstret, mcycle and mtime are all this
// count plus a per-counter offset (one cycle and one mtime tick per retired
// instruction), so a write to one of them only changes its offset.
export let retired: u64 = 0;

// The retired count at which the run loop must next re-examine interrupts;
// anything that may change what is pending or enabled sets it to 0.
export let eventAt: u64 = 0;

// An exception raised by a helper (memory access, CSR, ...): the run loop
// checks trapCause >= 0 after each such call and enters the trap.
export let trapCause: i32 = -1;
export let trapTval: u32 = 0;

// Set (through stopAfterThis) when the current run() slice must end after
// this instruction.
export let stopCode: i32 = -1;

/** Ends the run() slice after the current instruction with STOP_* code. */
export function stopAfterThis(code: i32): void {
  stopCode = code;
  eventAt = 0; // the loop looks at stopCode when it re-checks interrupts
}

// Hosted mode: a trap entering S-mode stops run() with its details here.
export let hostTraps: bool = false;
export let lastTrapCause: u32 = 0;
export let lastTrapTval: u32 = 0;
export let lastTrapEpc: u32 = 0;
export let lastTrapFromPriv: u32 = 0;

// The LR/SC reservation (a physical address; one word).
export let reservationValid: bool = false;
export let reservationAddr: u64 = 0;

/** Records an exception for the run loop to take. */
export function raise(cause: u32, tval: u32): void {
  trapCause = <i32>cause;
  trapTval = tval;
}

@inline export function getReg(i: u32): u32 {
  return load<u32>(REGS_LOCATION + (i << 2));
}

@inline export function setReg(i: u32, v: u32): void {
  store<u32>(REGS_LOCATION + (i << 2), v);
}

// The same by byte offset (i * 4), as pre-decoded records hold register fields.
@inline export function regAt(offset: u32): u32 {
  return load<u32>(REGS_LOCATION + offset);
}

@inline export function setRegAt(offset: u32, v: u32): void {
  store<u32>(REGS_LOCATION + offset, v);
}

/** Forces the next loop iteration to re-check interrupts. */
@inline export function recheckInterrupts(): void {
  eventAt = 0;
}
