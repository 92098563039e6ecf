// Output of `mmulab bench`'s translation experiments: plain-text tables,
// the JSON document, and hand-written SVG line charts (log2 x axis, one
// line per TLB shape, a legend).
import { SV32_WALK_LEVELS, type CostModel } from './cost-model.js';
import type { SwitchResult } from './context-switch.js';
import type { PeersResult } from './peers.js';
import { shapeName, type ReachResult, type Ways } from './tlb-reach.js';

/** Columns padded to their widest cell, two spaces apart. */
export function formatTable(rows: readonly (readonly string[])[]): string {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((row) => (row[c] ?? '').length)));
  return rows.map((row) => row.map((cell, c) => cell.padEnd(widths[c]!)).join('  ').trimEnd() + '\n').join('');
}

const percent = (rate: number): string => `${(rate * 100).toFixed(2)}%`;
const cyclesText = (cycles: number): string => cycles.toFixed(1);

export function waysName(ways: Ways): string {
  return ways === 'full' ? 'fully associative' : ways === 1 ? 'direct-mapped' : `${ways}-way`;
}

/** One table per associativity: rows N pages, columns TLB sizes, cells "miss rate / cycles per access". */
export function reachTables(result: ReachResult, cost: CostModel): string {
  const { grid } = result;
  let out = `TLB reach: DTLB misses per access / translation cycles per access (h = ${cost.hitCycles}, ` +
    `m = ${cost.memCycles}, ${SV32_WALK_LEVELS} PTE reads per miss); split TLBs, ITLB ${result.itlb.entries} entries ` +
    'fully associative so instruction fetch does not pollute the DTLB; LRU; counted after the pages are mapped.\n' +
    'The N pages are consecutive, so they spread evenly over the sets: below the reach a set never holds more pages ' +
    'than it has ways, beyond it every set cycles through more, and the associativity does not move the knee.\n';
  for (const ways of grid.ways) {
    const rows: string[][] = [['pages', ...grid.entries.map((e) => `${e} entries`)]];
    for (const pages of grid.pages) {
      rows.push([String(pages), ...grid.entries.map((entries) => {
        const p = result.points.find((q) => q.ways === ways && q.entries === entries && q.pages === pages)!;
        return `${percent(p.missRate)} / ${cyclesText(p.cycles)}`;
      })]);
    }
    out += `\n${waysName(ways)} DTLB\n` + formatTable(rows);
  }
  return out;
}

export function switchTable(result: SwitchResult): string {
  const rows: string[][] = [['procs', 'pages', 'quantum', 'switches', 'ASID misses', 'rate', 'cycles', 'flush misses', 'rate', 'cycles']];
  for (const p of result.points.filter((q) => q.asid)) {
    const f = result.points.find((q) => !q.asid && q.processes === p.processes && q.pages === p.pages && q.quantum === p.quantum)!;
    rows.push([
      String(p.processes), String(p.pages), String(p.quantum), String(p.contextSwitches),
      String(p.misses), percent(p.missRate), cyclesText(p.cycles), String(f.misses), percent(f.missRate), cyclesText(f.cycles),
    ]);
  }
  return `Context switches: DTLB ${result.dtlb.entries} entries fully associative LRU; with ASIDs vs a full flush at every switch\n` +
    formatTable(rows);
}

export function peersTable(result: PeersResult): string {
  let out = 'Peers: wall time per run (median, start-up included), mmulab / QEMU\n';
  if (result.comparisons.length > 0) {
    const rows: string[][] = [['program', 'peer', 'mmulab s', 'peer s', 'ratio', 'runs']];
    for (const c of result.comparisons) {
      rows.push([c.name, c.peer, c.mmulabSeconds.toFixed(3), c.peerSeconds.toFixed(3), c.ratio.toFixed(2), String(c.runs)]);
    }
    out += formatTable(rows);
  }
  for (const s of result.skipped) out += `skipped: ${s}\n`;
  return out;
}

// ---- SVG ----

export interface Series {
  name: string;
  /** [x, y] with x > 0 (the x axis is log2). */
  points: [number, number][];
}

export interface Chart {
  title: string;
  xLabel: string;
  yLabel: string;
  series: Series[];
}

const WIDTH = 760;
const HEIGHT = 440;
const PLOT = { left: 70, right: 540, top: 40, bottom: 380 };
/** Distinct line colours, one per series (repeating after ten). */
const COLOURS = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b', '#e377c2', '#7f7f7f', '#bcbd22', '#17becf'];
const Y_TICKS = 5;

export function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** A round upper bound for the y axis: 1, 2 or 5 times a power of ten. */
export function niceMax(value: number): number {
  if (value <= 0) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  return [1, 2, 5, 10].map((k) => k * power).find((v) => v >= value)!;
}

/** A line chart with a log2 x axis (a tick at every power of two in range) and a linear y axis from 0. */
export function lineChart(chart: Chart): string {
  const xs = chart.series.flatMap((s) => s.points.map(([x]) => Math.log2(x)));
  const x0 = Math.floor(Math.min(...xs));
  const x1 = Math.max(Math.ceil(Math.max(...xs)), x0 + 1);
  const yMax = niceMax(Math.max(...chart.series.flatMap((s) => s.points.map(([, y]) => y))));
  const px = (x: number): number => PLOT.left + ((Math.log2(x) - x0) / (x1 - x0)) * (PLOT.right - PLOT.left);
  const py = (y: number): number => PLOT.bottom - (y / yMax) * (PLOT.bottom - PLOT.top);
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}" font-family="sans-serif" font-size="12">`,
    `<rect width="${WIDTH}" height="${HEIGHT}" fill="white"/>`,
    `<text x="${WIDTH / 2}" y="22" text-anchor="middle" font-size="14">${escapeXml(chart.title)}</text>`,
    `<line x1="${PLOT.left}" y1="${PLOT.bottom}" x2="${PLOT.right}" y2="${PLOT.bottom}" stroke="black"/>`,
    `<line x1="${PLOT.left}" y1="${PLOT.top}" x2="${PLOT.left}" y2="${PLOT.bottom}" stroke="black"/>`,
  ];
  for (let e = x0; e <= x1; e++) {
    const x = px(2 ** e).toFixed(1);
    out.push(`<line x1="${x}" y1="${PLOT.bottom}" x2="${x}" y2="${PLOT.bottom + 5}" stroke="black"/>`);
    out.push(`<text x="${x}" y="${PLOT.bottom + 18}" text-anchor="middle">${2 ** e}</text>`);
  }
  for (let i = 0; i <= Y_TICKS; i++) {
    const value = (yMax * i) / Y_TICKS;
    const y = py(value).toFixed(1);
    out.push(`<line x1="${PLOT.left - 5}" y1="${y}" x2="${PLOT.right}" y2="${y}" stroke="${i === 0 ? 'black' : '#ddd'}"/>`);
    out.push(`<text x="${PLOT.left - 8}" y="${y}" text-anchor="end" dominant-baseline="middle">${Number(value.toPrecision(4))}</text>`);
  }
  out.push(`<text x="${(PLOT.left + PLOT.right) / 2}" y="${PLOT.bottom + 40}" text-anchor="middle">${escapeXml(chart.xLabel)}</text>`);
  out.push(`<text transform="translate(18 ${(PLOT.top + PLOT.bottom) / 2}) rotate(-90)" text-anchor="middle">${escapeXml(chart.yLabel)}</text>`);
  chart.series.forEach((s, i) => {
    const colour = COLOURS[i % COLOURS.length]!;
    const points = s.points.map(([x, y]) => `${px(x).toFixed(1)},${py(y).toFixed(1)}`).join(' ');
    out.push(`<polyline fill="none" stroke="${colour}" stroke-width="2" points="${points}"/>`);
    const ly = PLOT.top + 10 + i * 18;
    out.push(`<line x1="${PLOT.right + 20}" y1="${ly}" x2="${PLOT.right + 44}" y2="${ly}" stroke="${colour}" stroke-width="2"/>`);
    out.push(`<text x="${PLOT.right + 50}" y="${ly}" dominant-baseline="middle">${escapeXml(s.name)}</text>`);
  });
  out.push('</svg>');
  return out.join('\n') + '\n';
}

/** One chart per associativity: cycles per access against N, a line per TLB size; the knee sits at each TLB's reach. */
export function reachCharts(result: ReachResult, cost: CostModel): { file: string; svg: string }[] {
  return result.grid.ways.map((ways) => ({
    file: `tlb-reach-${ways === 'full' ? 'full' : `${ways}-way`}.svg`,
    svg: lineChart({
      title: `TLB reach, ${waysName(ways)} LRU DTLB (h = ${cost.hitCycles}, m = ${cost.memCycles})`,
      xLabel: 'pages touched (N), one load per page per round',
      yLabel: 'translation cycles per access',
      series: result.grid.entries.map((entries) => ({
        name: shapeName(entries, ways),
        points: result.points.filter((p) => p.ways === ways && p.entries === entries).map((p) => [p.pages, p.cycles]),
      })),
    }),
  }));
}

/** Cycles per access against the quantum, a line per (processes, pages, ASID or flush). */
export function switchChart(result: SwitchResult): { file: string; svg: string } {
  const series: Series[] = [];
  for (const processes of result.grid.processes) {
    for (const pages of result.grid.pages) {
      for (const asid of [true, false]) {
        series.push({
          name: `${processes} x ${pages} pages, ${asid ? 'ASIDs' : 'flush'}`,
          points: result.points
            .filter((p) => p.processes === processes && p.pages === pages && p.asid === asid)
            .map((p) => [p.quantum, p.cycles]),
        });
      }
    }
  }
  return {
    file: 'context-switch.svg',
    svg: lineChart({ title: 'Context switches: ASIDs vs a TLB flush per switch', xLabel: 'quantum (instructions)', yLabel: 'translation cycles per access', series }),
  };
}
