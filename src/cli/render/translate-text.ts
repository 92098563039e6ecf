// `mmulab translate --format text`: one translation, step by step.
import type { PauseInfo, PermissionCheck, TlbEntryView, TranslationExplanation, TranslationStep } from '../../inspect/index.js';
import { hex } from '../../format.js';
import { describePause } from './text-format.js';

export function renderTranslationText(pause: PauseInfo, pid: number, all: readonly (TranslationExplanation & { tlb: TlbEntryView[] })[]): string {
  const blocks = all.map((t) => explanationLines(pid, t).join('\n'));
  return `mmulab translate: ${describePause(pause)}\n\n` + blocks.join('\n\n') + '\n';
}

function explanationLines(pid: number, t: TranslationExplanation & { tlb: TlbEntryView[] }): string[] {
  const [vpn0, vpn1] = [t.vpn[0]!, t.vpn[1]!];
  const lines = [
    `${t.access} of ${hex(t.va, 8)} by pid ${pid} in ${t.privilege}-mode` +
      ` (mstatus.SUM ${Number(t.sum)}, MXR ${Number(t.mxr)}; A/D ${t.ad === 'update' ? 'set by the hart (Svadu)' : 'by page fault (Svade)'})`,
    `  VA      = VPN[1] ${hex(vpn1, 3)} | VPN[0] ${hex(vpn0, 3)} | offset ${hex(t.offset, 3)}`,
    `          = ${bin(vpn1, 10)} | ${bin(vpn0, 10)} | ${bin(t.offset, 12)}`,
    `  satp    = ${hex(t.satp.value, 8)}: MODE ${t.satp.mode === 'Sv32' ? 1 : 0} (${t.satp.mode}), ASID ${t.satp.asid}, PPN ${hex(t.satp.ppn, 5)}` +
      ` → root table at ${hex(t.satp.rootPa, 8)}`,
  ];
  if (t.satp.mode === 'Bare') lines.push('  satp.MODE is Bare: no translation');
  else lines.push(...tlbLines(t.tlb, t.satp.asid, t.access));
  for (const s of t.steps) lines.push(...stepLines(s));
  if (t.checks.length > 0) lines.push('  leaf checks:', ...t.checks.map(checkLine));
  const r = t.result;
  if (r.kind === 'pa') {
    const page = r.pa - (t.va % (r.pageSize || 1));
    lines.push(`  result  = PA ${hex(r.pa, 8)}` +
      (r.pageSize > 0 ? ` (${r.pageSize >= 1 << 20 ? '4 MiB megapage' : '4 KiB page'} at ${hex(page, 8)} + ${hex(t.va % r.pageSize, 3)})` : ''));
  } else {
    lines.push(`  result  = ${r.name} (cause ${r.cause}), stval = ${hex(r.tval, 8)}`);
  }
  return lines;
}

// What the TLB holds for this VA now: the hart looks there before it walks.
function tlbLines(hits: readonly TlbEntryView[], asid: number, access: string): string[] {
  if (hits.length === 0) return [`  TLB     : no entry for this page and ASID ${asid}: a miss, so the hart walks the page table:`];
  return hits.map((h) => `  TLB     : ${h.tlb} set ${h.set} way ${h.way} holds VPN ${hex(h.vpn, 5)} → PPN ${hex(h.ppn, 5)} ${h.bits}` +
    `${h.global ? ' global' : ` ASID ${h.asid}`}: used if its cached bits allow a ${access}, else the hart walks:`);
}

function bin(value: number, width: number): string {
  return value.toString(2).padStart(width, '0');
}

const DECISIONS: Record<TranslationStep['decision'], string> = {
  'pointer': 'V = 1, R = W = X = 0: a pointer to the next level',
  'leaf': 'V = 1 and R or X set: a leaf',
  'not-valid': 'V = 0: not valid, a page fault',
  'reserved-w-without-r': 'W = 1 without R: a reserved encoding, a page fault',
  'pointer-at-level-0': 'a pointer at level 0: no leaf found, a page fault',
  'reserved-bits-in-pointer': 'R = W = X = 0 but D, A or U set: bits the spec reserves in a pointer, a page fault',
  'access-fault': 'the PTE address is not RAM: an access fault',
};

function stepLines(s: TranslationStep): string[] {
  const lines = [`  level ${s.level}: PTE address = ${hex(s.tablePa, 8)} + VPN[${s.level}] ${hex(s.vpn, 3)} × 4 = ${hex(s.pteAddress, 8)}`];
  if (s.pte !== null) {
    lines.push(`           PTE ${hex(s.pte.value, 8)}: ${s.pte.bits} PPN ${hex(s.pte.ppn, 5)}` +
      `${s.pte.cow ? ' (RSW: copy-on-write)' : ''}${s.pte.protNone ? ' (PROT_NONE)' : ''}`);
  }
  lines.push(`           ${DECISIONS[s.decision]}${s.decision === 'pointer' ? ` at ${hex(s.pte!.pa, 8)}` : ''}`);
  return lines;
}

function checkLine(c: PermissionCheck): string {
  return `    ${c.check.padEnd(20)} ${c.ok ? 'ok  ' : 'FAIL'}  ${c.why}`;
}
