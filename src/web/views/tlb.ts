// The TLB: its entries, the hit and miss counters, and a chart of the hit
// rate between successive samples (so phases of a program show).
import { byId, el, replaceChildren } from '../dom.js';
import { count, hex } from '../../format.js';
import type { MachineState } from '../protocol.js';

export function renderTlb(state: MachineState): void {
  const c = state.tlbCounters;
  const total = c.hits + c.misses;
  const rate = total === 0 ? '-' : `${((100 * c.hits) / total).toFixed(2)} %`;
  byId('tlb-counters').textContent =
    `hits ${count(c.hits)}  misses ${count(c.misses)}  hit rate ${rate}  walks ${count(c.walks)}  evictions ${count(c.evictions)}  flushed ${count(c.flushed)}`;
  drawChart(state);
  const head = el('tr', '', ...['tlb', 'set', 'way', 'ASID', 'pid', 'VPN', 'PPN', 'size', 'bits'].map((h) => el('th', '', h)));
  const rows = state.tlb.map((e) => el('tr', '',
    el('td', '', e.tlb), el('td', '', String(e.set)), el('td', '', String(e.way)), el('td', '', e.global ? 'global' : String(e.asid)),
    el('td', '', e.pid === null ? '-' : String(e.pid)), el('td', '', hex(e.vpn, 5)), el('td', '', hex(e.ppn)),
    el('td', '', e.pageSize === 4096 ? '4K' : '4M'), el('td', 'bits', e.bits)));
  replaceChildren(byId('tlb'), head, ...rows);
}

function drawChart(state: MachineState): void {
  const canvas = byId<HTMLCanvasElement>('tlb-chart');
  const w = canvas.clientWidth || 520;
  const h = canvas.clientHeight || 120;
  canvas.width = w;
  canvas.height = h;
  const g = canvas.getContext('2d')!;
  g.clearRect(0, 0, w, h);
  g.strokeStyle = '#e1e4e8';
  g.fillStyle = '#6a737d';
  g.font = '10px sans-serif';
  for (const pct of [0, 50, 100]) {
    const y = h - 14 - ((h - 24) * pct) / 100;
    g.beginPath(); g.moveTo(28, y); g.lineTo(w, y); g.stroke();
    g.fillText(`${pct}%`, 2, y + 3);
  }
  // Hit rate over each interval between samples, plotted at the interval's end.
  const s = state.tlbSamples;
  const points: { at: number; rate: number }[] = [];
  for (let i = 1; i < s.length; i++) {
    const hits = s[i]!.hits - s[i - 1]!.hits;
    const misses = s[i]!.misses - s[i - 1]!.misses;
    if (hits + misses > 0) points.push({ at: s[i]!.at, rate: hits / (hits + misses) });
  }
  g.fillText('hit rate per interval, by instructions run', 32, h - 2);
  if (points.length === 0) return;
  const maxAt = Math.max(...points.map((p) => p.at), 1);
  const label = count(maxAt);
  g.fillText(label, w - 4 - g.measureText(label).width, h - 2);
  g.strokeStyle = '#2f6feb';
  g.lineWidth = 1.5;
  g.beginPath();
  points.forEach((p, i) => {
    const x = 28 + ((w - 32) * p.at) / maxAt;
    const y = h - 14 - (h - 24) * p.rate;
    if (i === 0) g.moveTo(x, y); else g.lineTo(x, y);
  });
  g.stroke();
  g.fillStyle = '#2f6feb';
  for (const p of points) g.fillRect(28 + ((w - 32) * p.at) / maxAt - 1.5, h - 14 - (h - 24) * p.rate - 1.5, 3, 3);
}
