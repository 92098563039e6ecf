// Asking the hart itself to translate for a given satp, as the check that
// explainTranslation walks exactly as Machine.translate does.
import { CSR_SATP } from '../kernel/index.js';
import type { Machine, Translation } from '../machine/index.js';
import type { Access } from './translate.js';

const PRV_U = 0;

/**
 * Machine.translate at U-mode with `satp` loaded, for a process that may not
 * be the one on the hart; the hart's satp and privilege are put back after.
 */
export function hardwareTranslate(machine: Machine, satp: number, va: number, access: Access): Translation {
  const savedSatp = machine.readCsr(CSR_SATP);
  const savedPriv = machine.priv;
  machine.writeCsr(CSR_SATP, satp);
  machine.priv = PRV_U;
  try {
    return machine.translate(va, access);
  } finally {
    machine.priv = savedPriv;
    machine.writeCsr(CSR_SATP, savedSatp);
  }
}
