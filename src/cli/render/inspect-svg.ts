// `mmulab inspect --format svg`: the page-table trees and the frame map as
// one hand-written SVG picture, coloured by owner (a process's pages, its
// frames and its TLB entries share its colour).
import type { FrameMap, InspectReport, LeafRun, PageTableNode, ProcessView, PteInfo, TlbEntryView } from '../../inspect/index.js';
import { hex } from '../../format.js';
import { describePause, sizeName } from './text-format.js';

const WIDTH = 980;
const ROW = 18;
const FONT = 'font-family="monospace" font-size="12"';
const ROOT_X = 20;
const ROOT_W = 330;
const LEAF_X = 410;
const LEAF_W = 550;
const CELL = 13;
/** Characters of 12px monospace that fit across the picture. */
const LINE_CHARS = 130;
const COLUMNS = 64;

const FIXED_COLOURS: Record<string, string> = {
  free: '#eeeeee', kernel: '#555555', 'page-table': '#f0b429', slab: '#9b59b6',
};
const PID_COLOURS = ['#4e79a7', '#59a14f', '#e15759', '#76b7b2', '#f28e2b', '#b07aa1', '#9c755f', '#bab0ac'];

/** The colour of a frame owner ('free', 'kernel', 'page-table', 'slab', 'pid N'). */
export function ownerColour(owner: string): string {
  return FIXED_COLOURS[owner] ?? PID_COLOURS[(Number(owner.slice(4)) - 1) % PID_COLOURS.length]!;
}

function esc(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function text(x: number, y: number, s: string, extra = ''): string {
  return `<text x="${x}" y="${y}" ${FONT}${extra}>${esc(s)}</text>`;
}

function rect(x: number, y: number, w: number, h: number, fill: string, extra = ''): string {
  return `<rect x="${x}" y="${y}" width="${w}" height="${h}" fill="${fill}" stroke="#333333" stroke-width="0.5"${extra}/>`;
}

// Break text at spaces into lines of at most `width` characters.
function wrap(s: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of s.split(' ')) {
    if (line !== '' && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else {
      line = line === '' ? word : `${line} ${word}`;
    }
  }
  return [...lines, line];
}

export function renderInspectSvg(r: InspectReport): string {
  const parts: string[] = [];
  let y = 24;
  for (const line of wrap(`mmulab inspect: ${describePause(r.pause)}`, LINE_CHARS)) {
    parts.push(text(20, y, line, ' font-weight="bold"'));
    y += 16;
  }
  const ownerAt = (pa: number): string => r.frames.runs.find((run) => pa >= run.pa && pa < run.pa + run.frames * 4096)?.owner ?? 'free';
  parts.push(text(20, y + 4, 'Leaves are coloured by the owner of their frame (pale: copy-on-write), pointers yellow; frames below.', ' fill="#555555"'));
  y += 8;
  for (const p of r.processes) y = processSvg(p, ownerAt, y + 20, parts);
  y = frameMapSvg(r.frames, y + 30, parts);
  y = tlbSvg(r.tlb, y + 30, parts);
  const height = y + 20;
  return `<?xml version="1.0" encoding="UTF-8"?>\n` +
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}">\n` +
    `<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="8" markerHeight="8" orient="auto">` +
    `<path d="M0,0 L10,5 L0,10 z" fill="#333333"/></marker></defs>\n` +
    `<rect x="0" y="0" width="${WIDTH}" height="${height}" fill="#ffffff"/>\n` +
    parts.join('\n') + '\n</svg>\n';
}

// The root table on the left, its level-0 tables stacked on the right, an arrow from each pointer.
// Leaves take the colour of their frame's owner, so pages shared after fork show the parent's colour.
function processSvg(p: ProcessView, ownerAt: (pa: number) => string, top: number, parts: string[]): number {
  const colour = ownerColour(`pid ${p.pid}`);
  parts.push(`<g class="process" id="pid-${p.pid}">`);
  parts.push(text(20, top, `pid ${p.pid} ${p.name}: ASID ${p.asid}, satp ${hex(p.satp, 8)}, ${p.mappedPages} pages mapped`,
    ` font-weight="bold" fill="${colour}"`));
  const root = p.pageTable;
  const rootTop = top + 12;
  parts.push(rect(ROOT_X, rootTop, ROOT_W, ROW, '#dddddd'), text(ROOT_X + 6, rootTop + 13, `L${root.level} table at ${hex(root.pa, 8)}`));
  let leafTop = rootTop;
  let child = 0;
  root.entries.forEach((e, i) => {
    const rowY = rootTop + ROW * (i + 1);
    const fill = e.kind === 'pointer' ? '#f9e3a6' : e.kind === 'leaf' ? ownerColour(ownerAt(e.pa)) : '#ffffff';
    parts.push(rect(ROOT_X, rowY, ROOT_W, ROW, fill, ' fill-opacity="0.6"'), text(ROOT_X + 6, rowY + 13, rootEntryLabel(e)));
    if (e.kind !== 'pointer') return;
    const table = root.children[child++]!;
    parts.push(`<path d="M${ROOT_X + ROOT_W},${rowY + ROW / 2} C${ROOT_X + ROOT_W + 30},${rowY + ROW / 2} ` +
      `${LEAF_X - 30},${leafTop + ROW / 2} ${LEAF_X},${leafTop + ROW / 2}" fill="none" stroke="#333333" marker-end="url(#arrow)"/>`);
    leafTop = leafTableSvg(table, e.va, leafTop, ownerAt, parts) + 12;
  });
  parts.push('</g>');
  return Math.max(rootTop + ROW * (root.entries.length + 1), leafTop);
}

function rootEntryLabel(e: PteInfo): string {
  const head = `[${hex(e.index, 3)}] ${hex(e.value, 8)} ${e.bits}`;
  if (e.kind === 'pointer') return `${head} → L0`;
  if (e.kind === 'leaf') return `${head} 4 MiB megapage`;
  return `${head} not valid`;
}

function leafTableSvg(table: PageTableNode, va: number, top: number, ownerAt: (pa: number) => string, parts: string[]): number {
  parts.push(rect(LEAF_X, top, LEAF_W, ROW, '#dddddd'),
    text(LEAF_X + 6, top + 13, `L${table.level} table at ${hex(table.pa, 8)} (VA ${hex(va, 8)}-${hex(va + (4 << 20) - 1, 8)})`));
  const rows = [
    ...table.runs.map((run) => ({ label: runLabel(run), fill: ownerColour(ownerAt(run.firstPpn * 4096)), opacity: run.cow ? '0.35' : '0.7' })),
    ...table.entries.filter((e) => e.kind !== 'leaf').map((e) => ({ label: `[${hex(e.index, 3)}] ${hex(e.value, 8)} ${e.bits} not valid`, fill: '#ffffff', opacity: '1' })),
  ];
  rows.forEach((row, i) => {
    const y = top + ROW * (i + 1);
    parts.push(rect(LEAF_X, y, LEAF_W, ROW, row.fill, ` fill-opacity="${row.opacity}"`), text(LEAF_X + 6, y + 13, row.label));
  });
  return top + ROW * (rows.length + 1);
}

function runLabel(run: LeafRun): string {
  const cow = run.cow ? ' COW' : '';
  if (run.count === 1) return `[${hex(run.firstIndex, 3)}] VA ${hex(run.firstVa, 8)} → frame ${hex(run.firstPpn, 5)} ${run.bits}${cow}`;
  return `[${hex(run.firstIndex, 3)}..${hex(run.firstIndex + run.count - 1, 3)}] ${run.count} pages → frames ` +
    `${hex(run.firstPpn, 5)}..${hex(run.firstPpn + run.count - 1, 5)} ${run.bits}${cow}`;
}

// One square a frame, 64 a row, up to the last frame in use; runs in a row drawn as one rectangle.
function frameMapSvg(f: FrameMap, top: number, parts: string[]): number {
  parts.push('<g class="frames">', text(20, top, `physical frames: ${f.frames} in all (4 KiB each, ${COLUMNS} a row)`, ' font-weight="bold"'));
  let y = top + 12;
  Object.entries(f.counts).forEach(([owner, n], i) => {
    const x = 20 + i * 150;
    parts.push(rect(x, y, 12, 12, ownerColour(owner)), text(x + 18, y + 10, `${owner}: ${n}`));
  });
  y += 24;
  const used = f.runs.reduce((end, run, i) => (run.owner === 'free' && i === f.runs.length - 1 ? end : end + run.frames), 0);
  const rows = Math.max(1, Math.ceil(used / COLUMNS));
  let frame = 0;
  for (const run of f.runs) {
    for (let left = run.frames; left > 0 && frame < rows * COLUMNS;) {
      const col = frame % COLUMNS;
      const n = Math.min(left, COLUMNS - col);
      const row = Math.floor(frame / COLUMNS);
      parts.push(`<rect class="frame-run" x="${110 + col * CELL}" y="${y + row * CELL}" width="${n * CELL}" height="${CELL}" ` +
        `fill="${ownerColour(run.owner)}" stroke="#333333" stroke-width="0.5">` +
        `<title>${esc(`${hex(f.ramBase + frame * 4096, 8)}: ${n} × ${run.owner}`)}</title></rect>`);
      frame += n;
      left -= n;
    }
  }
  for (let row = 0; row < rows; row++) parts.push(text(20, y + row * CELL + 11, hex(f.ramBase + row * COLUMNS * 4096, 8)));
  y += rows * CELL;
  if (f.frames > rows * COLUMNS) {
    y += 16;
    parts.push(text(110, y, `... ${f.frames - rows * COLUMNS} more frames, all free`));
  }
  parts.push('</g>');
  return y;
}

// The valid TLB entries, one row each, in the colour of the process whose ASID tags them.
function tlbSvg(tlb: readonly TlbEntryView[], top: number, parts: string[]): number {
  parts.push('<g class="tlb">', text(20, top, `TLB: ${tlb.length} valid ${tlb.length === 1 ? 'entry' : 'entries'}`, ' font-weight="bold"'));
  let y = top + 10;
  for (const t of tlb) {
    const fill = t.pid === null ? '#ffffff' : ownerColour(`pid ${t.pid}`);
    parts.push(rect(20, y, 640, ROW, fill, ' fill-opacity="0.5" class="tlb-entry"'),
      text(26, y + 13, `${t.tlb} set ${t.set} way ${t.way}  ASID ${t.asid}${t.pid === null ? '' : ` (pid ${t.pid})`}  ` +
        `VPN ${hex(t.vpn, 5)} → PPN ${hex(t.ppn, 5)}  ${sizeName(t.pageSize)}  ${t.bits}${t.global ? '  global' : ''}`));
    y += ROW;
  }
  parts.push('</g>');
  return y;
}
