// `mmulab inspect` and `mmulab translate` as a user runs them: golden text
// output, JSON checked for its schema and values, SVG checked well-formed,
// every bad option with its exact message and exit status, determinism.
// Set UPDATE_GOLDEN=1 to rewrite the golden files after a deliberate change.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { InspectReport, PageTableNode, PteInfo, TlbEntryView, TranslationExplanation } from '../../src/inspect/index.js';

function mmulab(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync('node', ['dist/mmulab.js', ...args], { encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function golden(name: string, actual: string): void {
  const path = `test/golden/inspect/${name}`;
  if (process.env.UPDATE_GOLDEN === '1') writeFileSync(path, actual);
  expect(existsSync(path), `${path} is missing: run with UPDATE_GOLDEN=1 to create it`).toBe(true);
  expect(actual).toBe(readFileSync(path, 'utf8'));
}

function ok(...args: string[]): string {
  const r = mmulab(...args);
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  return r.stdout;
}

function leaves(node: PageTableNode): PteInfo[] {
  return [...node.entries.filter((e) => e.kind === 'leaf'), ...node.children.flatMap(leaves)];
}

describe('mmulab inspect --format text', () => {
  it('shows hello.s just before its exit', () => {
    golden('hello-exit.txt', ok('inspect', 'programs/hello.s', '--ram', '1M'));
  });

  it('shows parent and child of fork-cow at the child\'s second copy-on-write fault', () => {
    golden('fork-cow-fault6.txt', ok('inspect', 'programs/vm/fork-cow.elf', '--ram', '1M', '--at-fault', '6'));
  });

  it('shows a small fully associative FIFO TLB without ASIDs after 5,000 instructions of tlb-reach', () => {
    golden('tlb-reach-at5000.txt', ok('inspect', 'programs/vm/tlb-reach.elf', '--ram', '1M', '--at', '5000',
      '--tlb', '8:8:fifo', '--no-asid'));
  });
});

describe('mmulab translate', () => {
  it('explains a copy-on-write store fault, a store to text and a NULL store in the faulting child', () => {
    golden('fork-cow-translate.txt', ok('translate', 'programs/vm/fork-cow.elf', '0x12000', '0x10004', '0',
      '--ram', '1M', '--at-fault', '5', '--access', 'store'));
  });

  it('explains loads and fetches of hello.s under Svade', () => {
    golden('hello-translate-svade.txt', ok('translate', 'programs/hello.s', '0x10010', '0x7ffffffc', '0x11000', '0x80000000',
      '--ram', '1M', '--ad', 'fault', '--access', 'fetch'));
  });

  it('writes JSON whose steps are the PTEs inspect shows', () => {
    const t = JSON.parse(ok('translate', 'programs/vm/fork-cow.elf', '0x12000', '77832', '--format', 'json', '--ram', '1M',
      '--at-fault', '5', '--pid', '1')) as { pid: number; translations: (TranslationExplanation & { tlb: TlbEntryView[] })[] };
    const r = JSON.parse(ok('inspect', 'programs/vm/fork-cow.elf', '--format', 'json', '--ram', '1M', '--at-fault', '5')) as InspectReport;
    expect(t.pid).toBe(1);
    const parent = r.processes.find((p) => p.pid === 1)!;
    for (const x of t.translations) {
      expect(x.schema).toBe('mmulab-translate/1');
      expect(x.satp.value).toBe(parent.satp);
      const leaf = leaves(parent.pageTable).find((e) => e.va === x.va - (x.va % 4096))!;
      expect(x.steps.at(-1)!.pte).toEqual({ ...leaf, va: leaf.va });
      expect(x.result).toEqual({ kind: 'pa', pa: leaf.pa + (x.va % 4096), pageSize: 4096, adUpdate: 'none' });
      // The parent is not on the hart; its TLB entries for these pages, if any, point at the same frame.
      for (const hit of x.tlb) expect([hit.asid, hit.pa]).toEqual([parent.asid, leaf.pa]);
    }
  });
});

describe('mmulab inspect --format json', () => {
  it('follows the schema, with frame counts summing to RAM and maps matching the text', () => {
    const r = JSON.parse(ok('inspect', 'programs/vm/fork-cow.elf', '--format', 'json', '--ram', '1M', '--at-fault', '6')) as InspectReport;
    expect(Object.keys(r)).toEqual(['schema', 'pause', 'machine', 'processes', 'frames', 'tlb']);
    expect(r.schema).toBe('mmulab-inspect/1');
    expect(r.pause).toEqual({
      kind: 'fault', instructions: 1666, k: 6,
      fault: { pid: 2, va: 0x13008, access: 'store', pc: 0x107b8, faultClass: 'copy-on-write' },
    });
    expect(r.machine).toMatchObject({ ramBytes: 1 << 20, ad: 'update', satp: 0x80880009, privilege: 0 });
    expect(r.processes.map((p) => [p.pid, p.asid, p.onHart])).toEqual([[1, 1, false], [2, 2, true]]);
    expect(r.frames.frames).toBe(256);
    expect(Object.values(r.frames.counts).reduce((a, b) => a + b, 0)).toBe(256);
    expect(r.frames.counts).toEqual({ 'free': 243, 'page-table': 6, 'slab': 1, 'pid 1': 5, 'pid 2': 1 });
    // Each process's leaf frames are owned by it or (shared copy-on-write) by its parent.
    const ownerAt = (pa: number): string => r.frames.runs.find((run) => pa >= run.pa && pa < run.pa + run.frames * 4096)!.owner;
    for (const p of r.processes) for (const e of leaves(p.pageTable)) expect(['pid 1', `pid ${p.pid}`]).toContain(ownerAt(e.pa));
    expect(r.processes[1]!.maps[0]).toBe('00010000-00011000 r-xp 00001000 00:00 0          programs/vm/fork-cow.elf');
    for (const t of r.tlb) expect(Object.keys(t)).toEqual(['tlb', 'set', 'way', 'asid', 'global', 'vpn', 'ppn', 'va', 'pa', 'pageSize', 'bits', 'pid']);
  });
});

describe('the run options', () => {
  it('reach the kernel and the machine: --eager maps at exec, split TLBs hold fetches apart', () => {
    const report = (...args: string[]): InspectReport => JSON.parse(ok('inspect', '--format', 'json', '--ram', '1M', ...args)) as InspectReport;
    expect(report('programs/hello.s', '--at', '0').processes[0]!.mappedPages).toBe(1); // only the stack page
    expect(report('programs/hello.s', '--at', '0', '--eager').processes[0]!.mappedPages).toBe(3);
    const split = report('programs/vm/tlb-reach.elf', '--at', '3000', '--itlb', '4:2', '--dtlb', '16:4:fifo');
    const itlb = split.tlb.filter((t) => t.tlb === 'itlb');
    const dtlb = split.tlb.filter((t) => t.tlb === 'dtlb');
    expect(itlb.length).toBeGreaterThan(0);
    expect(dtlb.length).toBeGreaterThan(0);
    expect(itlb.every((t) => t.bits[3] === 'X' && t.set < 2 && t.way < 2)).toBe(true);
    expect(dtlb.every((t) => t.set < 4 && t.way < 4)).toBe(true);
    expect(split.tlb.length).toBe(itlb.length + dtlb.length);
  });
});

// Tags balanced, attributes quoted, only the five predefined entities: enough to prove the SVG is XML.
function checkWellFormed(xml: string): string[] {
  const body = xml.replace(/^<\?xml[^?]*\?>\s*/, '');
  const stack: string[] = [];
  const names: string[] = [];
  const tag = /<(\/?)([A-Za-z][\w-]*)((?:\s+[\w:-]+="[^"<]*")*)\s*(\/?)>|([^<]+)/gy;
  let m: RegExpExecArray | null;
  let at = 0;
  while (at < body.length && (m = tag.exec(body)) !== null) {
    at = tag.lastIndex;
    if (m[5] !== undefined) {
      expect(m[5].replace(/&(amp|lt|gt|quot|apos);/g, '')).not.toMatch(/[&<>]/);
      continue;
    }
    const [, close, name, , selfClose] = m;
    if (close) expect(stack.pop()).toBe(name);
    else if (!selfClose) stack.push(name!);
    if (!close) names.push(name!);
  }
  expect(at).toBe(body.length);
  expect(stack).toEqual([]);
  return names;
}

describe('mmulab inspect --format svg', () => {
  it('is well-formed SVG with a group per process and the frame map', () => {
    const svg = ok('inspect', 'programs/vm/fork-cow.elf', '--format', 'svg', '--ram', '1M', '--at-fault', '6');
    const names = checkWellFormed(svg);
    expect(names[0]).toBe('svg');
    expect(svg).toContain('<g class="process" id="pid-1">');
    expect(svg).toContain('<g class="process" id="pid-2">');
    expect(svg).toContain('<g class="frames">');
    expect(svg.match(/class="tlb-entry"/g)!.length).toBe(3); // as in the text golden
    expect(svg).toContain('>unified set 2 way 0  ASID 2 (pid 2)  VPN 0x00012 → PPN 0x8000c  4K  VRW-U-AD</text>');
    // 4 pointers, one arrow each; 12 frame runs in the one row in use (see the text golden's runs).
    expect(names.filter((n) => n === 'path').length).toBe(1 + 4);
    expect(svg.match(/class="frame-run"/g)!.length).toBe(10);
    expect(svg).toContain('>[0x012..0x013] 2 pages → frames 0x80006..0x80007 VR--U-AD COW</text>');
  });

  it('rejects a checker-breaking document (the checker itself can fail)', () => {
    expect(() => checkWellFormed('<svg><g></svg>')).toThrow();
  });
});

describe('bad input: one line, exit status 2', () => {
  const cases: [string, string[], string][] = [
    ['a VA that is not a number', ['translate', 'programs/hello.s', 'main'],
      "mmulab: 'main' is not a virtual address: expected a 32-bit number, hex (0x7fff0000) or decimal\n"],
    ['a VA beyond 32 bits', ['translate', 'programs/hello.s', '0x100000000'],
      "mmulab: '0x100000000' is not a virtual address: expected a 32-bit number, hex (0x7fff0000) or decimal\n"],
    ['--at beyond the end', ['inspect', 'programs/hello.s', '--at', '1000000'],
      'mmulab: --at 1000000: the program ended after 12 instructions\n'],
    ['--at exactly at the end', ['translate', 'programs/hello.s', '0x10000', '--at', '12'],
      'mmulab: --at 12: the program ended after 12 instructions\n'],
    ['--at-fault beyond the faults', ['inspect', 'programs/hello.s', '--at-fault', '2'],
      'mmulab: --at-fault 2: the programs raised only 1 page fault (besides 2 the kernel took itself while copying to or from user memory)\n'],
    ['--at-fault beyond the faults of a cut-off run', ['inspect', 'programs/vm/tlb-reach.elf', '--at-fault', '500', '--max-instructions', '1000'],
      'mmulab: --at-fault 500: the programs raised only 65 page faults (besides 1 the kernel took itself while copying to or from user memory) in the first 1000 instructions (see --max-instructions)\n'],
    ['an unknown pid', ['translate', 'programs/vm/fork-cow.elf', '0x10000', '--pid', '3', '--at-fault', '5'],
      'mmulab: no live process with pid 3 at that moment (live: 1, 2)\n'],
    ['two moments', ['inspect', 'programs/hello.s', '--at', '5', '--at-fault', '1'],
      'mmulab: --at, --at-fault and --at-exit exclude each other: choose one moment\n'],
    ['a program still running at the limit', ['inspect', 'programs/vm/tlb-reach.elf', '--max-instructions', '100'],
      'mmulab: still running after 100 instructions; raise --max-instructions to inspect it at its exit\n'],
    ['a missing program', ['inspect', 'nope.elf'], 'mmulab: nope.elf: no such file or directory\n'],
    ['--itlb alone', ['inspect', 'programs/hello.s', '--itlb', '8'],
      'mmulab: --itlb and --dtlb go together (split TLBs); use --tlb for one unified TLB\n'],
  ];
  for (const [what, args, message] of cases) {
    it(what, () => {
      const r = mmulab(...args);
      expect(r.stderr).toBe(message);
      expect(r.stdout).toBe('');
      expect(r.status).toBe(2);
    });
  }

  it('rejects malformed option values through commander, with exit status 2', () => {
    const format = mmulab('inspect', 'programs/hello.s', '--format', 'xml');
    expect(format.status).toBe(2);
    expect(format.stderr).toContain("error: option '--format <format>' argument 'xml' is invalid. Allowed choices are text, json, svg.");
    const access = mmulab('translate', 'programs/hello.s', '0', '--access', 'write');
    expect(access.status).toBe(2);
    expect(access.stderr).toContain("error: option '--access <access>' argument 'write' is invalid. Allowed choices are load, store, fetch.");
    const at = mmulab('inspect', 'programs/hello.s', '--at', '-1');
    expect(at.status).toBe(2);
    expect(at.stderr).toContain("error: option '--at <n>' argument '-1' is invalid. expected a whole number from 0 to 1000000000000000");
  });
});

describe('determinism', () => {
  it('gives byte-identical output on two runs, in every format', () => {
    for (const format of ['text', 'json', 'svg']) {
      const args = ['inspect', 'programs/vm/tlb-reach.elf', '--ram', '2M', '--tlb', '16:4:random', '--seed', '9', '--format', format];
      expect(ok(...args)).toBe(ok(...args));
    }
  });
});
