// Names for trace lines: trap causes (privileged spec, mcause table),
// privilege levels, registers.
import { ABI_NAMES } from '../../asm/isa.js';

const EXCEPTION_NAMES: readonly string[] = [
  'instruction address misaligned', 'instruction access fault', 'illegal instruction', 'breakpoint',
  'load address misaligned', 'load access fault', 'store/AMO address misaligned', 'store/AMO access fault',
  'environment call from U-mode', 'environment call from S-mode', 'reserved (10)', 'environment call from M-mode',
  'instruction page fault', 'load page fault', 'reserved (14)', 'store/AMO page fault',
];
const INTERRUPT_NAMES: Readonly<Record<number, string>> = {
  1: 'supervisor software interrupt', 3: 'machine software interrupt', 5: 'supervisor timer interrupt',
  7: 'machine timer interrupt', 9: 'supervisor external interrupt', 11: 'machine external interrupt',
};
const CAUSE_INTERRUPT = 0x8000_0000;

/** mcause/scause by name (bit 31: an interrupt). */
export function causeName(cause: number): string {
  const code = (cause & 0x7fff_ffff) >>> 0;
  const name = (cause & CAUSE_INTERRUPT) !== 0 ? INTERRUPT_NAMES[code] : EXCEPTION_NAMES[code];
  return name ?? `cause ${code}`;
}

/** U, S or M. */
export function privName(p: number): string {
  return ['U', 'S', '?', 'M'][p] ?? '?';
}

/** `x10/a0`. */
export function regName(i: number): string {
  return `x${i}/${ABI_NAMES[i]}`;
}


