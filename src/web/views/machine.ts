// Registers and CSRs (changed ones marked), disassembly around pc, the
// process list, and the log of traps, faults and system calls.
import { ABI_NAMES } from '../../asm/isa.js';
import { byId, el, replaceChildren } from '../dom.js';
import { count, hex } from '../../format.js';
import type { MachineState } from '../protocol.js';

export function renderRegisters(state: MachineState, previous: MachineState | null): void {
  // Marks compare with the same process of the same program (a switch or a new program changes everything).
  const same = previous !== null && previous.pidOnHart === state.pidOnHart && previous.program === state.program;
  const regs = state.regs.map((v, i) => {
    const changed = same && previous.regs[i] !== v;
    return el('div', changed ? 'reg changed' : 'reg', el('span', 'name', ABI_NAMES[i] ?? `x${i}`), ' ', hex(v));
  });
  const pcChanged = same && previous.pc !== state.pc;
  regs.unshift(el('div', pcChanged ? 'reg changed' : 'reg', el('span', 'name', 'pc'), ' ', hex(state.pc)));
  replaceChildren(byId('regs'), ...regs);
  replaceChildren(byId('csrs'), ...state.csrs.map((c) => {
    const old = same ? previous.csrs.find((p) => p.name === c.name) : undefined;
    return el('div', old !== undefined && old.value !== c.value ? 'reg changed' : 'reg', el('span', 'name', c.name), ' ', hex(c.value));
  }));
  byId('hart').textContent = state.pidOnHart === null ? '(no process on the hart)' : `pid ${state.pidOnHart}, U-mode`;
}

export function renderDisassembly(state: MachineState): void {
  const lines = state.disasm.map((l) => el('div', l.current ? 'current' : '',
    el('span', 'addr', l.pc.toString(16).padStart(8, '0') + ':  '),
    (l.hex ?? '').padEnd(10), l.text));
  replaceChildren(byId('disasm'), ...(lines.length > 0 ? lines : [el('div', 'dim', 'No process on the hart.')]));
  if (state.pidOnHart === null && lines.length > 0) byId('disasm').prepend(el('div', 'dim', 'The program starts here:'));
  byId('disasm').querySelector('.current')?.scrollIntoView({ block: 'nearest' });
}

export function renderProcesses(state: MachineState, select: (pid: number) => void): void {
  const head = el('tr', '', el('th', '', 'pid'), el('th', '', 'parent'), el('th', '', 'name'), el('th', '', 'state'), el('th', '', 'instructions'));
  const rows = state.processes.map((p) => {
    const tr = el('tr', p.pid === state.selectedPid ? 'selected' : '',
      el('td', '', String(p.pid)), el('td', '', p.parent === null ? '-' : String(p.parent)), el('td', '', p.name),
      el('td', '', p.state), el('td', '', count(p.instructions)));
    tr.dataset.pid = String(p.pid);
    tr.title = 'Show this process\'s page table';
    tr.addEventListener('click', () => select(p.pid));
    return tr;
  });
  replaceChildren(byId('procs'), head, ...rows);
}

export function renderLog(state: MachineState): void {
  const box = byId('log');
  replaceChildren(box, ...state.log.slice(-400).map((e) =>
    el('div', e.kind, el('span', 'at', `#${e.at}`.padEnd(9)), e.kind === 'syscall' || e.kind === 'fault' ? `pid ${e.pid}: ${e.text}` : e.text)));
  const panel = box.parentElement!; // the panel scrolls, not the list
  panel.scrollTop = panel.scrollHeight; // the newest events matter most
}

export function renderConsole(state: MachineState): void {
  const pick = byId<HTMLSelectElement>('console-pid');
  const wanted = pick.value;
  const pids = state.processes.map((p) => String(p.pid));
  replaceChildren(pick, el('option', { value: 'all' }, 'all processes'),
    ...pids.map((pid) => el('option', { value: pid }, `pid ${pid}`)));
  pick.value = pids.includes(wanted) ? wanted : 'all';
  const chunks = state.console.filter((c) => pick.value === 'all' || String(c.pid) === pick.value);
  const out = byId('console');
  replaceChildren(out, ...chunks.map((c) => el('span', c.fd === 2 ? 'stderr' : '', c.text)));
  out.scrollTop = out.scrollHeight;
}
