// One Sv32 translation explained step by step, in the order of the
// privileged spec's "Virtual Address Translation Process": the VA split,
// satp, each level's PTE address and PTE, the leaf/pointer decision, the
// permission checks, superpage alignment, A/D, and the physical address or
// the page fault. It reads memory only; the hart's own walker
// (Machine.translate) must come to the same result, step for step.
import {
  CAUSE_FETCH_ACCESS, CAUSE_FETCH_PAGE_FAULT, CAUSE_LOAD_ACCESS, CAUSE_LOAD_PAGE_FAULT, CAUSE_STORE_ACCESS,
  CAUSE_STORE_PAGE_FAULT, levelPageSize, PGSHIFT, PTE_A, PTE_D, PTE_R, PTE_U, PTE_V, PTE_W, PTE_X, type Access, type PagingMode,
} from '../kernel/index.js';
import { decodePte } from './pte.js';
import type { ReadPhys32 } from './page-table.js';
import type { PteInfo } from './types.js';

export type { Access };

export const CAUSE_NAMES: Readonly<Record<number, string>> = {
  [CAUSE_FETCH_ACCESS]: 'instruction access fault',
  [CAUSE_LOAD_ACCESS]: 'load access fault',
  [CAUSE_STORE_ACCESS]: 'store/AMO access fault',
  [CAUSE_FETCH_PAGE_FAULT]: 'instruction page fault',
  [CAUSE_LOAD_PAGE_FAULT]: 'load page fault',
  [CAUSE_STORE_PAGE_FAULT]: 'store/AMO page fault',
};

const PAGE_FAULT: Record<Access, number> = { fetch: CAUSE_FETCH_PAGE_FAULT, load: CAUSE_LOAD_PAGE_FAULT, store: CAUSE_STORE_PAGE_FAULT };
const ACCESS_FAULT: Record<Access, number> = { fetch: CAUSE_FETCH_ACCESS, load: CAUSE_LOAD_ACCESS, store: CAUSE_STORE_ACCESS };

export interface TranslateInput {
  mode: PagingMode;
  read: ReadPhys32;
  /** Whether [pa, pa + 4) is RAM (a PTE read elsewhere is an access fault). */
  inRam: (pa: number) => boolean;
  satp: number;
  va: number;
  access: Access;
  privilege: 'U' | 'S';
  /** mstatus.SUM and mstatus.MXR. */
  sum: boolean;
  mxr: boolean;
  /** 'update': the hart sets A/D (Svadu); 'fault': a page fault (Svade). */
  ad: 'update' | 'fault';
}

/** What the walker decided at one level. */
export type StepDecision =
  | 'pointer' | 'leaf' | 'not-valid' | 'reserved-w-without-r' | 'reserved-bits-in-pointer' | 'pointer-at-level-0' | 'access-fault';

export interface TranslationStep {
  level: number;
  /** a: the table's physical address (satp.PPN × 4096, or the previous pointer's PPN × 4096). */
  tablePa: number;
  vpn: number;
  /** a + VPN[level] × 4. */
  pteAddress: number;
  /** The PTE read, or null when its address is not RAM (access fault). */
  pte: PteInfo | null;
  decision: StepDecision;
}

export interface PermissionCheck {
  check: string;
  ok: boolean;
  why: string;
}

export type TranslationResult =
  | { kind: 'pa'; pa: number; pageSize: number; adUpdate: 'none' | 'A' | 'A+D' | 'D' }
  | { kind: 'fault'; cause: number; name: string; tval: number };

export interface TranslationExplanation {
  schema: 'mmulab-translate/1';
  va: number;
  access: Access;
  privilege: 'U' | 'S';
  /** VPN[i] at index i, and the page offset. */
  vpn: number[];
  offset: number;
  satp: { value: number; mode: 'Bare' | 'Sv32'; asid: number; ppn: number; rootPa: number };
  sum: boolean;
  mxr: boolean;
  ad: 'update' | 'fault';
  steps: TranslationStep[];
  /** The leaf's checks in the walker's order, up to the first that fails. */
  checks: PermissionCheck[];
  result: TranslationResult;
}

export function explainTranslation(input: TranslateInput): TranslationExplanation {
  const { mode, va, access } = input;
  const satpPpn = input.satp % 2 ** mode.ppnBits;
  const out: TranslationExplanation = {
    schema: 'mmulab-translate/1', va, access, privilege: input.privilege,
    vpn: Array.from({ length: mode.levels }, (_, level) => vpnOf(mode, va, level)),
    offset: va % 2 ** PGSHIFT,
    satp: {
      value: input.satp, mode: input.satp >>> mode.satpModeShift === mode.satpMode ? 'Sv32' : 'Bare',
      asid: (input.satp >>> mode.asidShift) % 2 ** mode.asidBits, ppn: satpPpn, rootPa: satpPpn * 2 ** PGSHIFT,
    },
    sum: input.sum, mxr: input.mxr, ad: input.ad, steps: [], checks: [],
    result: { kind: 'pa', pa: va, pageSize: 0, adUpdate: 'none' },
  };
  if (out.satp.mode === 'Bare') return out; // no translation: pa = va
  out.result = walk(input, out);
  return out;
}

function vpnOf(mode: PagingMode, va: number, level: number): number {
  return Math.floor(va / levelPageSize(mode, level)) % 2 ** mode.vpnBits;
}

function fault(cause: number, va: number): TranslationResult {
  return { kind: 'fault', cause, name: CAUSE_NAMES[cause]!, tval: va };
}

// Steps 2-4 of the spec's process: read each level's PTE, stop at a leaf.
function walk(input: TranslateInput, out: TranslationExplanation): TranslationResult {
  const { mode, va, access } = input;
  let tablePa = out.satp.rootPa;
  for (let level = mode.levels - 1; level >= 0; level--) {
    const vpn = out.vpn[level]!;
    const pteAddress = tablePa + vpn * mode.pteBytes;
    const step: TranslationStep = { level, tablePa, vpn, pteAddress, pte: null, decision: 'access-fault' };
    out.steps.push(step);
    if (!input.inRam(pteAddress)) return fault(ACCESS_FAULT[access], va);
    const tableVa = va - (va % levelPageSize(mode, level + 1));
    const pte = decodePte(mode, level, level === mode.levels - 1 ? 0 : tableVa, tablePa, vpn, input.read(pteAddress));
    step.pte = pte;
    if ((pte.value & PTE_V) === 0) {
      step.decision = 'not-valid';
      return fault(PAGE_FAULT[access], va);
    }
    if ((pte.value & PTE_R) === 0 && (pte.value & PTE_W) !== 0) {
      step.decision = 'reserved-w-without-r';
      return fault(PAGE_FAULT[access], va);
    }
    if ((pte.value & (PTE_R | PTE_X)) !== 0) {
      step.decision = 'leaf';
      return leaf(input, out, level, pte);
    }
    // D, A and U are reserved in a pointer, and step 3 faults on any reserved bit.
    if ((pte.value & (PTE_D | PTE_A | PTE_U)) !== 0) {
      step.decision = 'reserved-bits-in-pointer';
      return fault(PAGE_FAULT[access], va);
    }
    if (level === 0) {
      step.decision = 'pointer-at-level-0';
      return fault(PAGE_FAULT[access], va);
    }
    step.decision = 'pointer';
    tablePa = pte.pa;
  }
  throw new Error('unreachable: the loop returns at level 0');
}

// Steps 5-8: permissions, superpage alignment, A/D, the physical address.
function leaf(input: TranslateInput, out: TranslationExplanation, level: number, pte: PteInfo): TranslationResult {
  const { mode, va, access } = input;
  const checks = out.checks;
  const pass = (check: string, ok: boolean, why: string): boolean => {
    checks.push({ check, ok, why });
    return ok;
  };
  const v = pte.value;
  const u = (v & PTE_U) !== 0;
  let ok = privilegeCheck(input, u, pass);
  if (ok && access === 'fetch') ok = pass('X', (v & PTE_X) !== 0, (v & PTE_X) !== 0 ? 'X = 1: executable' : 'X = 0: not executable');
  if (ok && access === 'load') {
    const r = (v & PTE_R) !== 0;
    const viaMxr = !r && input.mxr && (v & PTE_X) !== 0;
    ok = pass('R', r || viaMxr,
      r ? 'R = 1: readable' : viaMxr ? 'R = 0 but X = 1 and mstatus.MXR = 1: readable' :
        `R = 0${(v & PTE_X) !== 0 ? ' (X = 1, but mstatus.MXR = 0)' : ''}: not readable`);
  }
  if (ok && access === 'store') ok = pass('W', (v & PTE_W) !== 0, (v & PTE_W) !== 0 ? 'W = 1: writable' : 'W = 0: not writable');
  if (!ok) return fault(PAGE_FAULT[access], va);
  const lowBits = level * mode.vpnBits;
  if (level > 0 && !pass('superpage alignment', pte.ppn % 2 ** lowBits === 0,
    `a level-${level} leaf needs PPN[${level - 1}:0] = 0 (PPN 0x${pte.ppn.toString(16)})`)) {
    return fault(PAGE_FAULT[access], va);
  }
  const needA = (v & PTE_A) === 0;
  const needD = access === 'store' && (v & PTE_D) === 0;
  const adUpdate = needA && needD ? 'A+D' : needA ? 'A' : needD ? 'D' : 'none';
  if (adUpdate === 'none') {
    pass('A/D', true, access === 'store' ? 'A = 1 and D = 1' : 'A = 1');
  } else if (!pass('A/D', input.ad === 'update',
    input.ad === 'update' ? `${adUpdate} clear: the hart sets ${adUpdate} (Svadu)` : `${adUpdate} clear: a page fault for the kernel to set ${adUpdate} (Svade)`)) {
    return fault(PAGE_FAULT[access], va);
  }
  // The page's frame, plus the VA bits below the leaf's level (a superpage keeps VPN[0]).
  const pageSize = levelPageSize(mode, level);
  const pa = (pte.ppn - (pte.ppn % 2 ** lowBits)) * 2 ** PGSHIFT + (va % pageSize);
  return { kind: 'pa', pa, pageSize, adUpdate };
}

function privilegeCheck(input: TranslateInput, u: boolean, pass: (c: string, ok: boolean, why: string) => boolean): boolean {
  if (input.privilege === 'U') return pass('U', u, u ? 'U = 1: a user page, U-mode may use it' : 'U = 0: a supervisor page, U-mode may not use it');
  if (input.access === 'fetch') return pass('U', !u, u ? 'U = 1: S-mode never executes user pages' : 'U = 0: a supervisor page');
  if (!u) return pass('U', true, 'U = 0: a supervisor page');
  return pass('U', input.sum, input.sum ? 'U = 1 and mstatus.SUM = 1: S-mode may access it' : 'U = 1 and mstatus.SUM = 0: S-mode may not access it');
}
