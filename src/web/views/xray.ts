// The Translation X-ray: the recorded accesses of the last instructions, and
// for the one selected, its translation step by step (src/inspect's
// explanation, checked against the hart's own walk) and what the kernel did.
import { CAUSE_NAMES, type TranslationExplanation } from '../../inspect/index.js';
import { byId, el, replaceChildren } from '../dom.js';
import { hex } from '../../format.js';
import type { AccessRecord, MachineState } from '../protocol.js';

const DECISIONS: Record<string, string> = {
  pointer: 'V = 1, R = W = X = 0: a pointer to the next level',
  leaf: 'V = 1 and R or X set: a leaf',
  'not-valid': 'V = 0: not valid, page fault',
  'reserved-w-without-r': 'W = 1 without R: reserved, page fault',
  'pointer-at-level-0': 'a pointer at level 0: page fault',
  'access-fault': 'the PTE address is not RAM: access fault',
};

/** Which record is selected: its instruction number and access, so the choice survives new states. */
let selected: { seq: number; access: string } | null = null;

export function renderXray(state: MachineState): void {
  const dataOnly = (document.getElementById('xray-data-only') as HTMLInputElement | null)?.checked ?? false;
  const records = [...state.history].reverse().filter((r) => !dataOnly || r.access !== 'fetch' || r.kernel !== null);
  if (selected === null || !records.some((r) => isSelected(r))) {
    const latestFault = records.find((r) => r.kernel !== null);
    const pick = latestFault ?? records.find((r) => r.access !== 'fetch') ?? records[0];
    selected = pick === undefined ? null : { seq: pick.seq, access: pick.access };
  }
  const list = records.map((r) => {
    const row = el('div', [isSelected(r) ? 'selected' : '', verdictClass(r)].join(' ').trim(),
      `#${r.seq}`.padEnd(7), `pid ${r.pid} `, r.access.padEnd(6), hex(r.va), '  ', verdictShort(r), '  ', el('span', 'dim', r.text));
    row.dataset.seq = String(r.seq);
    row.dataset.access = r.access;
    row.addEventListener('click', () => {
      selected = { seq: r.seq, access: r.access };
      renderXray(state);
    });
    return row;
  });
  replaceChildren(byId('xray-list'), ...(list.length > 0 ? list : [el('div', 'dim', 'Step or run: the last instructions\' accesses appear here.')]));
  const r = records.find((x) => isSelected(x));
  replaceChildren(byId('xray-detail'), ...(r === undefined ? [] : detail(r, state.history)));
}

function isSelected(r: AccessRecord): boolean {
  return selected !== null && r.seq === selected.seq && r.access === selected.access;
}

function verdictClass(r: AccessRecord): string {
  return r.kernel !== null || r.hart?.cause != null ? 'fault' : '';
}

function verdictShort(r: AccessRecord): string {
  if (r.hart === null) return 'fault';
  if (r.hart.cause !== null) return `fault ${r.hart.cause}`;
  return `${r.tlbHit ? 'TLB hit ' : 'walk    '} -> ${hex(r.hart.pa!)}`;
}

function detail(r: AccessRecord, history: readonly AccessRecord[]): Node[] {
  const out: Node[] = [el('div', { class: 'mono', id: 'xray-access', 'data-va': String(r.va), 'data-access': r.access, 'data-pid': String(r.pid) }, `#${r.seq} pid ${r.pid} pc ${hex(r.pc)}  ${r.text}`),
    el('div', 'mono', `${r.access} at virtual address ${hex(r.va)}; the TLB ${r.tlbHit ? 'held it (a hit: no walk needed; the walk is shown as the hardware would do it)' : 'did not hold it: the hardware walks the page table'}`)];
  const x = r.explanation;
  if (x === null) {
    out.push(el('p', 'dim', 'This access was not translated before the instruction ran; the kernel\'s report follows.'));
  } else {
    out.push(...explanation(x));
    out.push(hartAgreement(r, x));
  }
  if (r.kernel !== null) out.push(el('div', 'verdict fault', `kernel: ${r.kernel}`), afterFix(r, history));
  return out;
}

// The same access when the instruction ran again after the kernel's fix, if it is in the history.
function afterFix(r: AccessRecord, history: readonly AccessRecord[]): HTMLElement {
  const again = history.find((x) => x.seq > r.seq && x.pid === r.pid && x.access === r.access && x.va === r.va);
  const x = again?.explanation;
  if (again === undefined || x == null) return el('div', 'dim', 'Step on to see the instruction run again with the fixed page table.');
  const leaf = x.steps[x.steps.length - 1]?.pte;
  const res = x.result;
  return el('div', 'step leaf',
    `#${again.seq} runs it again: leaf PTE ${leaf == null ? '-' : hex(leaf.value)} `, el('span', 'bits', leaf?.bits ?? ''),
    res.kind === 'pa' ? ` -> physical address ${hex(res.pa)}` : ` -> ${res.name} again`);
}

function explanation(x: TranslationExplanation): Node[] {
  const nodes: Node[] = [vaSplit(x)];
  nodes.push(el('div', 'step', `satp ${hex(x.satp.value)}: mode ${x.satp.mode}, ASID ${x.satp.asid}, root table PPN ${hex(x.satp.ppn, 5)} -> ${hex(x.satp.rootPa)}`));
  for (const s of x.steps) {
    const cls = s.decision === 'leaf' ? 'step leaf' : s.decision === 'pointer' ? 'step' : 'step bad';
    const pte = s.pte;
    nodes.push(el('div', { class: cls, 'data-pte-address': String(s.pteAddress), 'data-pte': String(pte?.value ?? '') },
      el('div', '', `level ${s.level}: PTE address = ${hex(s.tablePa)} + VPN[${s.level}] ${s.vpn} x 4 = ${hex(s.pteAddress)}`),
      pte === null ? null : el('div', '', `PTE ${hex(pte.value)}  bits `, el('span', 'bits', pte.bits),
        `  PPN ${hex(pte.ppn, 5)}${pte.cow ? '  (copy-on-write mark)' : ''}${pte.protNone ? '  (PROT_NONE mark)' : ''}`),
      el('div', 'dim', DECISIONS[s.decision] ?? s.decision)));
  }
  for (const c of x.checks) nodes.push(el('div', `check ${c.ok ? 'ok' : 'fail'}`, `${c.check}: ${c.why}`));
  const res = x.result;
  nodes.push(res.kind === 'pa'
    ? el('div', { class: 'verdict', 'data-pa': String(res.pa) }, `physical address ${hex(res.pa)} (${res.pageSize === 4 * 1024 * 1024 ? '4 MiB megapage' : '4 KiB page'}${res.adUpdate !== 'none' ? `; the hart sets ${res.adUpdate}` : ''})`)
    : el('div', { class: 'verdict fault', 'data-cause': String(res.cause) }, `${res.name} (cause ${res.cause}), stval = ${hex(res.tval)}`));
  return nodes;
}

function vaSplit(x: TranslationExplanation): HTMLElement {
  const box = (cls: string, label: string, value: string): HTMLElement => el('div', cls, el('small', '', label), value);
  return el('div', 'vsplit',
    box('vpn1', 'VPN[1] bits 31:22', `${x.vpn[1]} (${hex(x.vpn[1]!, 3)})`),
    box('vpn0', 'VPN[0] bits 21:12', `${x.vpn[0]} (${hex(x.vpn[0]!, 3)})`),
    box('off', 'offset bits 11:0', hex(x.offset, 3)));
}

// The explanation reads memory; the hart walks it itself: they must agree.
function hartAgreement(r: AccessRecord, x: TranslationExplanation): HTMLElement {
  const h = r.hart!;
  const sameSteps = h.steps.length === x.steps.length && h.steps.every((s, i) => s.pteAddress === x.steps[i]!.pteAddress && s.pte === x.steps[i]!.pte?.value);
  const sameResult = x.result.kind === 'pa' ? h.pa === x.result.pa : h.cause === x.result.cause;
  const hart = h.cause !== null ? `${CAUSE_NAMES[h.cause] ?? 'exception'} (cause ${h.cause})` : `PA ${hex(h.pa!)}`;
  return el('div', sameSteps && sameResult ? 'dim' : 'verdict fault',
    `the hart's own walk: ${h.steps.length} PTE read(s), ${hart}${sameSteps && sameResult ? ' — agrees' : ' — DIFFERS from the explanation'}`);
}
