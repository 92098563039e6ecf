// What firmware does for a supervisor before entering it, for the hosts that
// play the firmware's part (the kernel, the benchmarks, the tests).
import type { Machine } from './machine.js';

// PMP (privileged spec, "Physical Memory Protection"): entry 0's CSRs and pmpNcfg fields.
export const CSR_PMPCFG0 = 0x3a0;
export const CSR_PMPADDR0 = 0x3b0;
export const PMP_R = 1 << 0;
export const PMP_W = 1 << 1;
export const PMP_X = 1 << 2;
export const PMP_A_NAPOT = 3 << 3;
/** NAPOT, 31 trailing ones: a 2^34-byte region at 0, the whole 34-bit physical address space. */
export const PMPADDR_ALL_34_BIT = 0x7fff_ffff;

/**
 * With PMP implemented, S- and U-mode may touch no physical memory until
 * M-mode grants it; as OpenSBI does before entering a kernel, open all of it
 * with one unlocked entry (which leaves M-mode unrestricted). A reset (as
 * loadBareMetal does) turns it off again.
 */
export function openPmpForSupervisor(machine: Machine): void {
  machine.writeCsr(CSR_PMPADDR0, PMPADDR_ALL_34_BIT);
  machine.writeCsr(CSR_PMPCFG0, PMP_A_NAPOT | PMP_R | PMP_W | PMP_X);
}
