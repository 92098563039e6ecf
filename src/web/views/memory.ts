// The selected process's page-table tree and VMAs, and the physical frame
// map as a grid coloured by owner.
import type { FrameMap, PageTableNode, PteInfo } from '../../inspect/index.js';
import { byId, el, replaceChildren } from '../dom.js';
import { count, hex } from '../../format.js';
import type { FrameMapping, MachineState } from '../protocol.js';

const FIXED_COLOURS: Record<string, string> = { free: '#eceff1', kernel: '#455a64', 'page-table': '#f59e0b', slab: '#8d6e63' };
const PROCESS_COLOURS = ['#3b82f6', '#10b981', '#ec4899', '#8b5cf6', '#14b8a6', '#ef4444', '#84cc16', '#0ea5e9'];
const MEGAPAGE = 4 * 1024 * 1024;

export function ownerColour(owner: string): string {
  if (owner in FIXED_COLOURS) return FIXED_COLOURS[owner]!;
  const pid = Number(owner.slice(4));
  return PROCESS_COLOURS[(pid - 1) % PROCESS_COLOURS.length]!;
}

/** Which tables the reader closed, by physical address, so they stay closed across updates (trees are small: open by default). */
const closedTables = new Set<number>();

export function renderPageTable(state: MachineState): void {
  const box = byId('pt');
  if (state.pageTable === null) {
    replaceChildren(box, el('p', 'dim', 'No live process.'));
  } else {
    replaceChildren(box, el('div', 'mono', `pid ${state.selectedPid}: root table at ${hex(state.pageTable.pa)}`), table(state.pageTable));
  }
  byId('maps').textContent = state.maps.join('\n');
}

function table(node: PageTableNode): HTMLElement {
  const details = el('details', { 'data-pa': String(node.pa), 'data-level': String(node.level) });
  details.open = !closedTables.has(node.pa);
  details.addEventListener('toggle', () => {
    if (details.open) closedTables.delete(node.pa);
    else closedTables.add(node.pa);
  });
  details.append(el('summary', '', `level ${node.level} table at ${hex(node.pa)} — ${node.entries.length} valid or marked entr${node.entries.length === 1 ? 'y' : 'ies'}`));
  for (const e of node.entries) {
    const child = e.kind === 'pointer' ? node.children.find((c) => c.pa === e.pa) : undefined;
    details.append(pteLine(e));
    if (child !== undefined) details.append(table(child));
  }
  return details;
}

function pteLine(e: PteInfo): HTMLElement {
  const what = e.kind === 'pointer' ? `-> table ${hex(e.pa)}`
    : e.kind === 'leaf' ? `-> frame ${hex(e.pa)}`
      : 'not valid';
  const span = `${hex(e.va)}-${hex(e.va + e.size - 1)}`;
  return el('div', 'pte',
    `[${String(e.index).padStart(4)}] ${hex(e.value)} `, el('span', 'bits', e.bits), ` ${span} ${what}`,
    e.kind === 'leaf' && e.size === MEGAPAGE ? el('span', 'mega', ' 4 MiB megapage') : null,
    e.cow ? el('span', 'dim', ' copy-on-write') : null,
    e.protNone ? el('span', 'dim', ' PROT_NONE') : null);
}

/** Frames per row of the grid, and each cell's size in CSS pixels, chosen to fit the panel. */
function gridShape(frames: number, width: number): { columns: number; cell: number } {
  for (const cell of [8, 6, 5, 4, 3, 2]) {
    const columns = Math.max(16, Math.floor(width / cell));
    if (Math.ceil(frames / columns) * cell <= 420) return { columns, cell };
  }
  return { columns: Math.floor(width / 1), cell: 1 };
}

export function renderFrames(state: MachineState): void {
  const map = state.frames;
  replaceChildren(byId('frames-legend'), ...Object.entries(map.counts).map(([owner, n]) => {
    const item = el('span', { 'data-owner': owner, 'data-count': String(n) }, el('i', { style: `background:${ownerColour(owner)}` }), `${owner} ${count(n)}`);
    return item;
  }));
  const canvas = byId<HTMLCanvasElement>('frames');
  const width = Math.max(200, canvas.parentElement!.clientWidth - 20);
  const { columns, cell } = gridShape(map.frames, width);
  const rows = Math.ceil(map.frames / columns);
  canvas.width = columns * cell;
  canvas.height = rows * cell;
  const g = canvas.getContext('2d')!;
  let i = 0;
  for (const run of map.runs) {
    g.fillStyle = ownerColour(run.owner);
    for (let k = 0; k < run.frames; k++, i++) g.fillRect((i % columns) * cell, Math.floor(i / columns) * cell, cell - (cell > 3 ? 1 : 0), cell - (cell > 3 ? 1 : 0));
  }
  canvas.onmousemove = (ev) => {
    const r = canvas.getBoundingClientRect();
    const index = Math.floor((ev.clientY - r.top) / cell) * columns + Math.floor((ev.clientX - r.left) / cell);
    byId('frame-hover').textContent = describeFrame(map, index) + mappedBy(state.frameMappings, index);
  };
}

function mappedBy(mappings: readonly FrameMapping[], index: number): string {
  const users = mappings.filter((u) => u.frame === index).map((u) => `pid ${u.pid} at ${hex(u.va)}`);
  return users.length === 0 ? '' : `; mapped by ${users.join(', ')}`;
}

function describeFrame(map: FrameMap, index: number): string {
  if (index < 0 || index >= map.frames) return '';
  let first = 0;
  for (const run of map.runs) {
    if (index < first + run.frames) {
      const pa = map.ramBase + index * 4096;
      return `frame ${index} at ${hex(pa)}: ${run.owner} (a run of ${run.frames} frame${run.frames === 1 ? '' : 's'} from ${hex(run.pa)})`;
    }
    first += run.frames;
  }
  return '';
}
