// `mmulab inspect --format text`: the InspectReport for people.
import type { FrameMap, InspectReport, LeafRun, PageTableNode, ProcessView, PteInfo, TlbEntryView } from '../../inspect/index.js';
import { count } from '../format.js';
import { hex } from '../../format.js';
import { describePause, sizeName } from './text-format.js';

const MAP_COLUMNS = 64;

export function renderInspectText(r: InspectReport): string {
  const onHart = r.processes.find((p) => p.onHart);
  const lines = [
    `mmulab inspect: ${describePause(r.pause)}`,
    `machine: ${sizeName(r.machine.ramBytes)} RAM (${count(r.frames.frames)} frames at ${hex(r.frames.ramBase, 8)}), ` +
      `A/D ${r.machine.ad === 'update' ? 'set by the hart (Svadu)' : 'by page faults (Svade)'}, ` +
      `satp ${hex(r.machine.satp, 8)}${onHart ? ` (pid ${onHart.pid})` : ''}, pc ${hex(r.machine.pc, 8)}`,
  ];
  if (r.processes.length === 0) lines.push('', 'no live process');
  for (const p of r.processes) lines.push('', ...processLines(p));
  lines.push('', ...frameLines(r.frames), '', ...tlbLines(r.tlb));
  return lines.join('\n') + '\n';
}

function processLines(p: ProcessView): string[] {
  return [
    `pid ${p.pid} ${p.name}: ASID ${p.asid}, satp ${hex(p.satp, 8)}, root table ${hex(p.pageTable.pa, 8)}, ` +
      `${plural(p.mappedPages, 'page', 'pages')} mapped${p.onHart ? ', on the hart' : ''}`,
    'page table (index: PTE, bits V R W X U G A D, what it maps):',
    ...tableLines(p.pageTable, '  '),
    'maps:',
    ...p.maps.map((m) => '  ' + m),
  ];
}

// A table, then each pointer's table indented below its entry.
function tableLines(node: PageTableNode, indent: string): string[] {
  const lines = [`${indent}L${node.level} table at ${hex(node.pa, 8)}: ${plural(node.entries.length, 'nonzero entry', 'nonzero entries')}`];
  let child = 0;
  // In index order: a run of leaves where it starts, other entries one by one.
  for (const e of node.entries) {
    if (e.kind === 'leaf') {
      const run = node.runs.find((r) => r.firstIndex === e.index);
      if (run !== undefined) lines.push(`${indent}  ${runLine(node, run)}`);
      continue;
    }
    lines.push(`${indent}  ${entryLine(e)}`);
    if (e.kind === 'pointer' && node.level > 0) lines.push(...tableLines(node.children[child++]!, indent + '    '));
  }
  return lines;
}

function plural(n: number, one: string, many: string): string {
  return `${count(n)} ${n === 1 ? one : many}`;
}

function vaRange(va: number, bytes: number): string {
  return `VA ${hex(va, 8)}-${hex(va + bytes - 1, 8)}`;
}

function entryLine(e: PteInfo): string {
  const head = `[${hex(e.index, 3)}] ${hex(e.value, 8)} ${e.bits}`;
  if (e.kind === 'pointer') return `${head} → L0 table at ${hex(e.pa, 8)} (${vaRange(e.va, e.size)})`;
  return `${head} not valid${e.protNone ? ': a PROT_NONE page keeping frame ' + hex(e.ppn, 5) : ''} (${vaRange(e.va, e.size)})`;
}

function runLine(node: PageTableNode, run: LeafRun): string {
  const size = node.entries.find((e) => e.index === run.firstIndex)!.size;
  const step = size / 4096;
  const mega = node.level > 0 ? ' megapage' : '';
  const cow = run.cow ? ' COW' : '';
  if (run.count === 1) {
    const e = node.entries.find((x) => x.index === run.firstIndex)!;
    return `[${hex(e.index, 3)}] ${hex(e.value, 8)} ${e.bits}${cow} → frame ${hex(e.ppn, 5)}${mega} (${vaRange(e.va, size)})`;
  }
  const last = run.firstIndex + run.count - 1;
  return `[${hex(run.firstIndex, 3)}..${hex(last, 3)}] ${run.count}${mega || ' '}pages → frames ` +
    `${hex(run.firstPpn, 5)}..${hex(run.firstPpn + (run.count - 1) * step, 5)} ${run.bits}${cow} ` +
    `(${vaRange(run.firstVa, run.count * size)})`;
}

/** One character per owner in the frame map. */
export function ownerChar(owner: string): string {
  if (owner === 'free') return '.';
  if (owner === 'kernel') return 'K';
  if (owner === 'page-table') return 'T';
  if (owner === 'slab') return 'S';
  const pid = Number(owner.slice(4));
  return pid < 10 ? String(pid) : pid < 36 ? String.fromCharCode(0x61 + pid - 10) : '+';
}

function frameLines(f: FrameMap): string[] {
  const counts = Object.entries(f.counts).map(([owner, n]) => `${owner}: ${count(n)}`).join(', ');
  const lines = [`frames: ${count(f.frames)} in all: ${counts}`, 'runs of frames with one owner:'];
  for (const run of f.runs) {
    lines.push(`  ${hex(run.pa, 8)}-${hex(run.pa + run.frames * 4096 - 1, 8)} ${String(run.frames).padStart(6)} ${run.owner}`);
  }
  const owners = f.runs.map((run) => run.owner).filter((o, i, all) => all.indexOf(o) === i);
  lines.push(`map (one character a frame, ${MAP_COLUMNS} a row; ${owners.map((o) => `${ownerChar(o)} ${o}`).join(', ')}):`);
  const chars = f.runs.map((run) => ownerChar(run.owner).repeat(run.frames)).join('');
  const used = chars.replace(/\.+$/, '').length;
  for (let i = 0; i < Math.max(used, 1); i += MAP_COLUMNS) {
    lines.push(`  ${hex(f.ramBase + i * 4096, 8)} ${chars.slice(i, i + MAP_COLUMNS)}`);
  }
  const rest = f.frames - Math.ceil(Math.max(used, 1) / MAP_COLUMNS) * MAP_COLUMNS;
  if (rest > 0) lines.push(`  ... ${count(rest)} more frames, all free`);
  return lines;
}

function tlbLines(tlb: readonly TlbEntryView[]): string[] {
  const lines = [`TLB: ${plural(tlb.length, 'valid entry', 'valid entries')}`];
  if (tlb.length === 0) return lines;
  lines.push('  tlb      set way ASID  pid  VPN        PPN      size  bits      G');
  for (const t of tlb) {
    lines.push(`  ${t.tlb.padEnd(8)} ${String(t.set).padStart(3)} ${String(t.way).padStart(3)} ${String(t.asid).padStart(4)} ` +
      `${String(t.pid ?? '-').padStart(4)}  ${hex(t.vpn, 5)} → ${hex(t.ppn, 5)}  ${sizeName(t.pageSize).padStart(4)}  ` +
      `${t.bits}  ${t.global ? 'G' : '-'}`);
  }
  return lines;
}
