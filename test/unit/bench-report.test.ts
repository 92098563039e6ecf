// The bench's output: tables with exact text, SVG charts that are
// well-formed XML with the axes, one polyline per series and a legend.
import { describe, expect, it } from 'vitest';
import { DEFAULT_COST_MODEL } from '../../src/bench/cost-model.js';
import type { SwitchResult } from '../../src/bench/context-switch.js';
import type { PeersResult } from '../../src/bench/peers.js';
import {
  escapeXml, formatTable, lineChart, niceMax, peersTable, reachCharts, reachTables, switchChart, switchTable,
} from '../../src/bench/report.js';
import type { ReachResult } from '../../src/bench/tlb-reach.js';

/** Checks that every tag closes in order (a small XML well-formedness check); returns the element names. */
function xmlElements(xml: string): string[] {
  const stack: string[] = [];
  const names: string[] = [];
  const text = xml.replace(/"[^"]*"/g, '""');
  for (const m of text.matchAll(/<(\/?)([a-zA-Z][\w:-]*)[^<>]*?(\/?)>/g)) {
    const [, closing, name, selfClosing] = m;
    if (closing) {
      expect(stack.pop(), `</${name}>`).toBe(name);
    } else {
      names.push(name!);
      if (!selfClosing) stack.push(name!);
    }
  }
  expect(stack).toEqual([]);
  expect(text.replace(/<[^<>]*>/g, '')).not.toMatch(/[<>]/); // no stray brackets
  return names;
}

const reach: ReachResult = {
  grid: { pages: [1, 2, 4], entries: [2, 4], ways: ['full'], accesses: 8, minRounds: 2 },
  itlb: { entries: 64, ways: 64, policy: 'lru' },
  points: [
    { pages: 1, rounds: 8, entries: 2, ways: 'full', accesses: 8, misses: 1, missRate: 0.125, cycles: 26 },
    { pages: 2, rounds: 4, entries: 2, ways: 'full', accesses: 8, misses: 2, missRate: 0.25, cycles: 51 },
    { pages: 4, rounds: 2, entries: 2, ways: 'full', accesses: 8, misses: 8, missRate: 1, cycles: 201 },
    { pages: 1, rounds: 8, entries: 4, ways: 'full', accesses: 8, misses: 1, missRate: 0.125, cycles: 26 },
    { pages: 2, rounds: 4, entries: 4, ways: 'full', accesses: 8, misses: 2, missRate: 0.25, cycles: 51 },
    { pages: 4, rounds: 2, entries: 4, ways: 'full', accesses: 8, misses: 4, missRate: 0.5, cycles: 101 },
  ],
};

describe('bench tables', () => {
  it('pads columns to the widest cell', () => {
    expect(formatTable([['a', 'bb'], ['ccc', 'd']])).toBe('a    bb\nccc  d\n');
  });

  it('prints the TLB-reach grid as miss rate / cycles', () => {
    const lines = reachTables(reach, DEFAULT_COST_MODEL).split('\n');
    expect(lines[0]).toMatch(/^TLB reach: DTLB misses per access \/ translation cycles per access \(h = 1, m = 100, 2 PTE reads per miss\)/);
    expect(lines.slice(2)).toEqual([
      '',
      'fully associative DTLB',
      'pages  2 entries        4 entries',
      '1      12.50% / 26.0    12.50% / 26.0',
      '2      25.00% / 51.0    25.00% / 51.0',
      '4      100.00% / 201.0  50.00% / 101.0',
      '',
    ]);
  });

  it('prints context switches side by side and peers with what was skipped', () => {
    const base = { processes: 2, pages: 16, rounds: 4, quantum: 1000, contextSwitches: 10, accesses: 154 };
    const switches: SwitchResult = {
      grid: { processes: [2], pages: [16], quanta: [1000], instructionsPerProcess: 1 },
      itlb: reach.itlb, dtlb: { entries: 256, ways: 256, policy: 'lru' },
      points: [
        { ...base, asid: true, misses: 34, missRate: 34 / 154, cycles: 1 + (34 / 154) * 200 },
        { ...base, asid: false, misses: 130, missRate: 130 / 154, cycles: 1 + (130 / 154) * 200 },
      ],
    };
    expect(switchTable(switches).split('\n').slice(1, 3)).toEqual([
      'procs  pages  quantum  switches  ASID misses  rate    cycles  flush misses  rate    cycles',
      '2      16     1000     10        34           22.08%  45.2    130           84.42%  169.8',
    ]);
    const peers: PeersResult = {
      tools: { 'qemu-riscv32': 'qemu-riscv32 version 7.2', 'qemu-system-riscv32': null },
      comparisons: [{ name: 'x', peer: 'qemu-riscv32', mmulabSeconds: 0.5, peerSeconds: 0.1, ratio: 5, runs: 3 }],
      skipped: ['y: qemu-system-riscv32 is not installed'],
    };
    expect(peersTable(peers).split('\n').slice(1)).toEqual([
      'program  peer          mmulab s  peer s  ratio  runs',
      'x        qemu-riscv32  0.500     0.100   5.00   3',
      'skipped: y: qemu-system-riscv32 is not installed',
      '',
    ]);
    const chart = switchChart(switches);
    expect(chart.file).toBe('context-switch.svg');
    expect(xmlElements(chart.svg).filter((n) => n === 'polyline').length).toBe(2);
  });
});

describe('bench SVG charts', () => {
  it('rounds the y axis up to 1, 2 or 5 times a power of ten, and escapes text', () => {
    expect([niceMax(201), niceMax(1), niceMax(0.3), niceMax(0), niceMax(1000)]).toEqual([500, 1, 0.5, 1, 1000]);
    expect(escapeXml('a<b & "c">')).toBe('a&lt;b &amp; &quot;c&quot;&gt;');
  });

  it('draws one chart per associativity: log2 ticks, a polyline and a legend entry per TLB size', () => {
    const charts = reachCharts(reach, DEFAULT_COST_MODEL);
    expect(charts.map((c) => c.file)).toEqual(['tlb-reach-full.svg']);
    const svg = charts[0]!.svg;
    const names = xmlElements(svg);
    expect(names[0]).toBe('svg');
    expect(names.filter((n) => n === 'polyline').length).toBe(2);
    expect(svg).toContain('>2 full</text>');
    expect(svg).toContain('>4 full</text>');
    // x ticks at 1, 2, 4 on the log2 axis: evenly spaced from x = 70 to 540.
    expect(svg).toContain('<text x="70.0" y="398" text-anchor="middle">1</text>');
    expect(svg).toContain('<text x="305.0" y="398" text-anchor="middle">2</text>');
    expect(svg).toContain('<text x="540.0" y="398" text-anchor="middle">4</text>');
    // y from 0 to 500: 201 cycles at 380 - 201/500 * 340.
    expect(svg).toContain('points="70.0,362.3 305.0,345.3 540.0,243.3"');
  });

  it('escapes titles and labels', () => {
    const svg = lineChart({ title: 'a < b', xLabel: 'x & y', yLabel: 'y', series: [{ name: '"s"', points: [[1, 1], [8, 2]] }] });
    expect(svg).toContain('a &lt; b');
    expect(svg).toContain('x &amp; y');
    expect(svg).toContain('&quot;s&quot;');
    xmlElements(svg);
  });
});
