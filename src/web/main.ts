// The playground page: the controls, the Worker client, and the views. The
// Worker (worker.ts) owns the emulator; every answer is a whole
// MachineState, which the views draw (marking what changed since the last).
import { byId, el, replaceChildren } from './dom.js';
import { Editor } from './editor.js';
import type { TlbShape } from '../machine/index.js';
import { count } from '../format.js';
import { elfBytes, libraryPrograms, sourceText } from './library.js';
import { DEFAULT_CONFIG, type MachineConfig, type MachineState, type Request, type Response } from './protocol.js';
import { renderConsole, renderDisassembly, renderLog, renderProcesses, renderRegisters } from './views/machine.js';
import { renderFrames, renderPageTable } from './views/memory.js';
import { renderTlb } from './views/tlb.js';
import { renderXray } from './views/xray.js';

/** Each kind of Request without its id (send() numbers them). */
type WithoutId<T> = T extends unknown ? Omit<T, 'id'> : never;
type RequestBody = WithoutId<Request>;

const worker = new Worker('worker.js');
const editor = new Editor();
let nextId = 1;
let state: MachineState | null = null;
let running = false;
let activeTab = 'xray';
/** The program the editor shows (path under programs/). */
let programPath = 'hello.s';

worker.onmessage = (event: MessageEvent<Response>) => {
  const msg = event.data;
  if (msg.type === 'progress') {
    setStatus(`running… ${count(msg.instructions)} instructions`);
    if (msg.state !== null) draw(msg.state);
    return;
  }
  setRunning(false);
  // Answers so far: lets a test (or a curious reader) wait for one.
  document.body.dataset.answers = String(Number(document.body.dataset.answers ?? 0) + 1);
  if (msg.type === 'error') {
    setStatus(msg.message.split('\n')[0]!, true);
    editor.showErrors(msg.diagnostics, programPath);
    return;
  }
  draw(msg.state);
  setStatus(statusLine(msg.state));
};

function send(body: RequestBody): void {
  const req = { ...body, id: nextId++ } as Request;
  if (req.type !== 'pause' && req.type !== 'select') setRunning(true);
  worker.postMessage(req);
}

function draw(next: MachineState): void {
  const previous = state;
  state = next;
  renderRegisters(next, previous);
  renderDisassembly(next);
  renderProcesses(next, (pid) => send({ type: 'select', pid }));
  renderLog(next);
  renderConsole(next);
  renderActiveTab();
}

function renderActiveTab(): void {
  if (state === null) return;
  if (activeTab === 'xray') renderXray(state);
  if (activeTab === 'pt') renderPageTable(state);
  if (activeTab === 'frames') renderFrames(state);
  if (activeTab === 'tlb') renderTlb(state);
}

function statusLine(s: MachineState): string {
  const where = s.pidOnHart === null ? '' : ` · pid ${s.pidOnHart} pc 0x${s.pc.toString(16)}`;
  return `${s.program} · ${count(s.instructions)} instructions · ${s.status}${where}`;
}

function setStatus(text: string, error = false): void {
  const st = byId('status');
  st.textContent = text;
  st.classList.toggle('error', error);
}

// While the Worker works, only Pause makes sense.
function setRunning(on: boolean): void {
  running = on;
  for (const id of ['load', 'run', 'step', 'over', 'runto', 'back', 'reset']) byId<HTMLButtonElement>(id).disabled = on;
  byId<HTMLButtonElement>('pause').disabled = !on;
}

function config(): MachineConfig {
  const num = (id: string): number => Number(byId<HTMLInputElement>(id).value);
  const shape: TlbShape = {
    entries: num('opt-entries'), ways: num('opt-ways'), policy: byId<HTMLSelectElement>('opt-policy').value as TlbShape['policy'],
  };
  return {
    ...DEFAULT_CONFIG,
    ramBytes: num('opt-ram') * 1024 * 1024,
    tlb: byId<HTMLInputElement>('opt-split').checked ? { itlb: shape, dtlb: shape } : shape,
    ad: byId<HTMLSelectElement>('opt-ad').value as MachineConfig['ad'],
    asid: byId<HTMLInputElement>('opt-asid').checked,
    eager: byId<HTMLInputElement>('opt-eager').checked,
    quantum: num('opt-quantum'),
    seed: num('opt-seed'),
  };
}

function load(): void {
  const args = byId<HTMLInputElement>('args').value.split(/\s+/).filter((a) => a !== '');
  const program = programPath.endsWith('.elf')
    ? { kind: 'elf' as const, name: programPath, bytes: elfBytes(programPath) }
    : { kind: 'asm' as const, name: programPath, text: editor.value };
  editor.showErrors([], programPath);
  send({ type: 'load', program, args, config: config() });
}

function pickProgram(path: string): void {
  programPath = path;
  if (path.endsWith('.elf')) {
    const c = path.replace(/\.elf$/, '.c');
    let source: string;
    try { source = sourceText(c); } catch { source = ''; }
    editor.show(source === '' ? `(no source for ${path})` : source, true);
    byId('source-kind').textContent = `${c}: C source (read-only); the committed ELF runs`;
  } else {
    editor.show(sourceText(path), false);
    byId('source-kind').textContent = `${path}: assembly, edit freely`;
  }
}

function backCount(): number {
  return Math.max(1, Math.floor(Number(byId<HTMLInputElement>('backn').value)) || 1);
}

function setUpControls(): void {
  const picker = byId<HTMLSelectElement>('program');
  replaceChildren(picker, ...libraryPrograms().map((p) => el('option', { value: p.path }, p.path)));
  picker.value = programPath;
  picker.addEventListener('change', () => { pickProgram(picker.value); load(); });
  const on = (id: string, f: () => void): void => byId(id).addEventListener('click', f);
  on('load', load);
  on('run', () => send({ type: 'run', until: 'end' }));
  on('pause', () => send({ type: 'pause' }));
  on('step', () => send({ type: 'step', count: 1 }));
  on('over', () => send({ type: 'stepOver' }));
  on('runto', () => send({ type: 'run', until: byId<HTMLSelectElement>('until').value as 'fault' }));
  on('back', () => send({ type: 'back', count: backCount() }));
  on('reset', () => send({ type: 'reset' }));
  byId('console-pid').addEventListener('change', () => { if (state !== null) renderConsole(state); });
  byId('xray-data-only').addEventListener('change', () => { if (state !== null) renderXray(state); });
  document.querySelectorAll<HTMLButtonElement>('.tabs button').forEach((b) => {
    b.addEventListener('click', () => showTab(b.dataset.tab!));
  });
  document.addEventListener('keydown', onKey);
}

function showTab(tab: string): void {
  activeTab = tab;
  document.querySelectorAll<HTMLButtonElement>('.tabs button').forEach((b) => b.classList.toggle('active', b.dataset.tab === tab));
  document.querySelectorAll<HTMLElement>('.tab').forEach((t) => { t.hidden = t.id !== `tab-${tab}`; });
  renderActiveTab();
}

// Keys act unless the reader is typing (Ctrl+Enter assembles from anywhere).
function onKey(ev: KeyboardEvent): void {
  if (ev.key === 'Enter' && (ev.ctrlKey || ev.metaKey)) {
    ev.preventDefault();
    if (!running) load();
    return;
  }
  const target = ev.target as HTMLElement;
  if (target.tagName === 'TEXTAREA' || target.tagName === 'INPUT' || target.tagName === 'SELECT' || ev.ctrlKey || ev.metaKey || ev.altKey) return;
  if (ev.key === 'p' || ev.key === 'Escape') { send({ type: 'pause' }); return; }
  if (running) return;
  const actions: Record<string, () => void> = {
    s: () => send({ type: 'step', count: 1 }),
    n: () => send({ type: 'stepOver' }),
    r: () => send({ type: 'run', until: 'end' }),
    f: () => send({ type: 'run', until: byId<HTMLSelectElement>('until').value as 'fault' }),
    b: () => send({ type: 'back', count: backCount() }),
    B: () => send({ type: 'back', count: 10 }),
    '0': () => send({ type: 'reset' }),
  };
  const action = actions[ev.key];
  if (action !== undefined) {
    ev.preventDefault();
    action();
  }
}

setUpControls();
pickProgram(programPath);
load();
