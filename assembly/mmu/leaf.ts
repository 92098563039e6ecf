// What a PTE means for one access, decided once per PTE flag byte.
//
// Whether a PTE is a pointer, a usable leaf, a leaf needing A/D set, or a page
// fault depends only on its low byte (V R W X U G A D) and on the translation
// context: the effective privilege (U or S), mstatus.SUM, mstatus.MXR and
// menvcfg.ADUE. There are 16 contexts and 3 access types, so init() decides
// every (context, access, byte) case with the spec's rules below and stores
// the verdicts in a 12 KiB table; the walker and the TLB hit check then look
// a verdict up with one byte load instead of branching on privilege and
// mstatus for every PTE.
import {
  PRV_S, PRV_U, PTE_V, PTE_R, PTE_W, PTE_X, PTE_U, PTE_A, PTE_D,
  ACCESS_FETCH, ACCESS_LOAD, ACCESS_STORE, MSTATUS_SUM, MSTATUS_MXR,
} from '../encoding';
import { VERDICTS_LOCATION } from '../layout';
import { mstatus, menvcfgh, MENVCFGH_ADUE } from '../cpu/csr';

export const PTE_NEXT: u32 = 0;        // a valid pointer to the next level's table
export const PTE_FAULT: u32 = 1;       // a page fault (invalid, reserved, not permitted, or A/D clear under Svade)
export const PTE_LEAF: u32 = 2;        // a leaf allowing the access as it is
export const PTE_LEAF_SET_AD: u32 = 3; // a leaf allowing the access once A (and D for a store) are set (Svadu)

// Context bits: which of the 16 tables applies.
const CONTEXT_S: u32 = 1;
const CONTEXT_SUM: u32 = 2;
const CONTEXT_MXR: u32 = 4;
const CONTEXT_ADUE: u32 = 8;
const CONTEXTS: u32 = 16;

// One table: the verdicts for one (context, access type).
export const VERDICT_TABLE_SIZE: u32 = 256;

/** Whether a leaf with these PTE bits allows `access` at privilege `effPriv` (U or S). */
function leafAllows(pte: u32, access: u32, effPriv: u32, sum: bool, mxr: bool): bool {
  if (access == ACCESS_FETCH) {
    // SUM never lets S-mode execute from a user page.
    if ((pte & PTE_X) == 0) return false;
    return effPriv == PRV_U ? (pte & PTE_U) != 0 : (pte & PTE_U) == 0;
  }
  if (effPriv == PRV_U) {
    if ((pte & PTE_U) == 0) return false;
  } else if ((pte & PTE_U) != 0 && !sum) {
    return false;
  }
  if (access == ACCESS_LOAD) return (pte & PTE_R) != 0 || (mxr && (pte & PTE_X) != 0);
  return (pte & PTE_W) != 0;
}

/**
 * Whether a PTE is a usable pointer to the next level's table: V set, R W X
 * clear, and D A U clear (in a pointer they are reserved for future standard
 * use, and step 3 faults when any reserved bit is set). The walker tests this
 * before looking a verdict up, so its pointer steps need no table.
 */
@inline export function isPointer(pte: u32): bool {
  return (pte & (PTE_V | PTE_R | PTE_W | PTE_X | PTE_U | PTE_A | PTE_D)) == PTE_V;
}

/** The spec's decision for one PTE byte (Sv32 translation process, steps 3 to 7 but the superpage check). */
function decide(pte: u32, access: u32, context: u32): u32 {
  if ((pte & PTE_V) == 0 || ((pte & PTE_R) == 0 && (pte & PTE_W) != 0)) return PTE_FAULT;
  if ((pte & (PTE_R | PTE_X)) == 0) return isPointer(pte) ? PTE_NEXT : PTE_FAULT; // a pointer, reserved bits checked
  const effPriv = (context & CONTEXT_S) != 0 ? PRV_S : PRV_U;
  if (!leafAllows(pte, access, effPriv, (context & CONTEXT_SUM) != 0, (context & CONTEXT_MXR) != 0)) {
    return PTE_FAULT;
  }
  const needA = (pte & PTE_A) == 0;
  const needD = access == ACCESS_STORE && (pte & PTE_D) == 0;
  if (!needA && !needD) return PTE_LEAF;
  return (context & CONTEXT_ADUE) != 0 ? PTE_LEAF_SET_AD : PTE_FAULT;
}

/** Decides every case once (init). */
export function fillVerdicts(): void {
  for (let context: u32 = 0; context < CONTEXTS; context++) {
    for (let access: u32 = ACCESS_FETCH; access <= ACCESS_STORE; access++) {
      const table = VERDICTS_LOCATION + (context * 3 + access) * VERDICT_TABLE_SIZE;
      for (let pte: u32 = 0; pte < 256; pte++) store<u8>(table + pte, <u8>decide(pte, access, context));
    }
  }
}

/**
 * The verdict table for `access` at privilege `effPriv` (U or S) under the
 * current mstatus and menvcfg: index it with a PTE's low byte.
 */
@inline export function verdictTable(access: u32, effPriv: u32): u32 {
  const context = (effPriv & CONTEXT_S) |
    ((mstatus & MSTATUS_SUM) != 0 ? CONTEXT_SUM : 0) |
    ((mstatus & MSTATUS_MXR) != 0 ? CONTEXT_MXR : 0) |
    ((menvcfgh & MENVCFGH_ADUE) != 0 ? CONTEXT_ADUE : 0);
  return VERDICTS_LOCATION + (context * 3 + access) * VERDICT_TABLE_SIZE;
}

@inline export function verdict(table: u32, pte: u32): u32 {
  return <u32>load<u8>(table + (pte & 0xff));
}
