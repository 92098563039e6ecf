// The playground in headless Chromium: runs a program, stops at a page fault
// and X-rays it (checked against `mmulab translate` for the same moment),
// draws the frame map (checked against `mmulab inspect`), steps back, and
// shows assembly errors at their line. Screenshots go to test/e2e/artifacts/.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { ARTIFACTS, CHROMIUM, openPlayground, type Playground } from './browser.js';

const RAM = '16M';

interface Table { pa: number; entries: { index: number; value: number; kind: string; pa: number }[]; children: Table[] }

/** PTE values of a page-table tree in the order the page lists them: each entry, then the table it points to. */
function entries(t: Table): number[] {
  return t.entries.flatMap((e) => {
    const child = e.kind === 'pointer' ? t.children.find((c) => c.pa === e.pa) : undefined;
    return [e.value, ...(child === undefined ? [] : entries(child))];
  });
} // the playground's default RAM (protocol.ts DEFAULT_CONFIG)
const hasChromium = existsSync(CHROMIUM);

function cli(...args: string[]): string {
  return execFileSync('node', ['dist/mmulab.js', ...args], { encoding: 'utf8' });
}

/** Click and wait for the Worker's answer (the page counts them in body[data-answers]). */
async function act(page: Page, selector: string): Promise<void> {
  const before = Number(await page.getAttribute('body', 'data-answers') ?? 0);
  await page.click(selector);
  await page.waitForFunction((n) => Number(document.body.dataset.answers ?? 0) > n, before);
}

async function pick(page: Page, program: string): Promise<void> {
  const before = Number(await page.getAttribute('body', 'data-answers') ?? 0);
  await page.selectOption('#program', program);
  await page.waitForFunction((n) => Number(document.body.dataset.answers ?? 0) > n, before);
}

async function instructions(page: Page): Promise<number> {
  const status = await page.textContent('#status') ?? '';
  const m = /([\d,]+) instructions/.exec(status);
  if (m === null) throw new Error(`no instruction count in the status: ${status}`);
  return Number(m[1]!.replace(/,/g, ''));
}

async function shot(page: Page, name: string): Promise<void> {
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: `${ARTIFACTS}/${name}.png` });
}

describe.skipIf(!hasChromium)('playground in Chromium', () => {
  let pg: Playground;
  beforeAll(async () => {
    if (!existsSync('dist/web/index.html')) throw new Error('build the playground first: npm run build:web');
    pg = await openPlayground();
  });
  afterAll(async () => { await pg?.close(); });

  it('runs hello.s and shows its output', async () => {
    const { page } = pg;
    await pick(page, 'hello.s');
    await act(page, '#run');
    expect(await page.textContent('#console')).toBe(readFileSync('programs/hello.expected', 'utf8'));
    expect(await page.textContent('#status')).toBe('hello.s · 12 instructions · exited');
    expect(await page.textContent('#procs')).toContain('exited (0)');
    await shot(page, 'hello-run');
  });

  it('stops at the third page fault; the X-ray shows the PTEs `mmulab translate` reads at that fault', async () => {
    const { page } = pg;
    await pick(page, 'vm/fork-cow.elf');
    for (let k = 0; k < 3; k++) await act(page, '#runto');
    const access = await page.$eval('#xray-access', (e) => ({ ...(e as HTMLElement).dataset }));
    const steps = await page.$$eval('#xray-detail [data-pte-address]', (es) =>
      es.map((e) => ({ pteAddress: Number((e as HTMLElement).dataset.pteAddress), pte: Number((e as HTMLElement).dataset.pte) })));
    const cause = await page.$eval('#xray-detail [data-cause]', (e) => Number((e as HTMLElement).dataset.cause));
    await shot(page, 'xray-fault');

    const cliJson = JSON.parse(cli('translate', '--at-fault', '3', '--ram', RAM, '--format', 'json', '--pid', access.pid!,
      '--access', access.access!, 'programs/vm/fork-cow.elf', access.va!)) as {
      pause: { instructions: number; fault: { va: number; access: string } };
      translations: { steps: { pteAddress: number; pte: { value: number } | null }[]; result: { kind: string; cause?: number } }[];
    };
    // The CLI pauses just before the faulting instruction; the playground just after the kernel handled it.
    expect(await instructions(page)).toBe(cliJson.pause.instructions + 1);
    expect(Number(access.va)).toBe(cliJson.pause.fault.va);
    expect(access.access).toBe(cliJson.pause.fault.access);
    const t = cliJson.translations[0]!;
    expect(steps).toEqual(t.steps.map((s) => ({ pteAddress: s.pteAddress, pte: s.pte!.value })));
    expect(t.result).toMatchObject({ kind: 'fault', cause });
  });

  it('draws the frame map, page table and TLB as `mmulab inspect` reads them at the same moment', async () => {
    const { page } = pg;
    await page.click('.tabs button[data-tab=frames]');
    const shown = await page.$$eval('#frames-legend [data-owner]', (es) =>
      Object.fromEntries(es.map((e) => [(e as HTMLElement).dataset.owner!, Number((e as HTMLElement).dataset.count)])));
    const n = await instructions(page);
    const report = JSON.parse(cli('inspect', '--at', String(n), '--ram', RAM, '--format', 'json', 'programs/vm/fork-cow.elf')) as {
      frames: { counts: Record<string, number>; ramBase: number };
      processes: { pid: number; pageTable: Table }[];
      tlb: { set: number; way: number; asid: number; vpn: number; ppn: number; bits: string }[];
    };
    expect(shown).toEqual(report.frames.counts);
    await page.hover('#frames', { position: { x: 1, y: 1 } });
    expect(await page.textContent('#frame-hover')).toMatch(new RegExp(`^frame 0 at 0x${report.frames.ramBase.toString(16)}: (${Object.keys(shown).join('|')}) `));
    await shot(page, 'frames');
    await page.click('.tabs button[data-tab=pt]');
    // Every nonzero PTE of pid 1's tables, as `mmulab inspect` reads them, one line each in the tree.
    const lines = await page.$$eval('#pt .pte', (es) => es.map((e) => e.textContent ?? ''));
    const ptes = entries(report.processes.find((p) => p.pid === 1)!.pageTable);
    expect(lines.map((l) => /^\[\s*\d+\] (0x[0-9a-f]{8})/.exec(l)![1])).toEqual(ptes.map((v) => `0x${v.toString(16).padStart(8, '0')}`));
    await shot(page, 'page-table');
    await page.click('.tabs button[data-tab=tlb]');
    const rows = await page.$$eval('#tlb tr', (trs) => trs.slice(1).map((tr) => Array.from(tr.children, (td) => td.textContent ?? '')));
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.map(([, set, way, asid, , vpn, , , bits]) => ({ set: Number(set), way: Number(way), asid: Number(asid), vpn: Number(vpn), bits })))
      .toEqual(report.tlb.map((e) => ({ set: e.set, way: e.way, asid: e.asid, vpn: e.vpn, bits: e.bits })));
    await shot(page, 'tlb');
    await page.click('.tabs button[data-tab=xray]');
  });

  it('steps back exactly: the registers are those of the earlier moment', async () => {
    const { page } = pg;
    await pick(page, 'isa/alu.s');
    for (let i = 0; i < 20; i++) await act(page, '#step');
    const regsAt20 = await page.textContent('#regs');
    expect(await instructions(page)).toBe(20);
    for (let i = 0; i < 7; i++) await act(page, '#step');
    expect(await page.textContent('#regs')).not.toBe(regsAt20);
    await page.fill('#backn', '7');
    await act(page, '#back');
    expect(await instructions(page)).toBe(20);
    expect(await page.textContent('#regs')).toBe(regsAt20);
    await shot(page, 'step-back');
  });

  it('steps with the keyboard (s) and runs to the end (r)', async () => {
    const { page } = pg;
    await pick(page, 'recursion.s');
    const press = async (key: string): Promise<void> => {
      const before = Number(await page.getAttribute('body', 'data-answers') ?? 0);
      await page.keyboard.press(key);
      await page.waitForFunction((n) => Number(document.body.dataset.answers ?? 0) > n, before);
    };
    await page.click('#regs'); // focus outside the editor
    await press('s');
    await press('s');
    expect(await instructions(page)).toBe(2);
    await press('r');
    expect(await page.textContent('#console')).toBe(readFileSync('programs/recursion.expected', 'utf8'));
    await page.click('.tabs button[data-tab=tlb]');
    await shot(page, 'tlb-recursion');
    await page.click('.tabs button[data-tab=xray]');
  });

  it('X-rays a copy-on-write fault after fork (the README picture)', async () => {
    const { page } = pg;
    await pick(page, 'vm/fork-cow.elf');
    for (let k = 0; k < 9 && !(await page.textContent('#xray-detail') ?? '').includes('copy-on-write'); k++) await act(page, '#runto');
    const detail = await page.textContent('#xray-detail') ?? '';
    expect(detail).toContain('kernel: page fault: store');
    expect(detail).toContain('copy-on-write, fixed');
    // A copy-on-write page is mapped read-only: the walk reaches the leaf and fails the W check.
    expect(detail).toContain('W = 0: not writable');
    expect(detail).toContain('store/AMO page fault (cause 15)');
    await shot(page, 'playground');
  });

  it('stays responsive during a long run and pauses it', async () => {
    const { page } = pg;
    await pick(page, 'hello.s');
    await page.fill('#source', '    .text\n    .globl _start\n_start:\n    addi a0, a0, 1\n    j _start\n');
    await act(page, '#load');
    const before = Number(await page.getAttribute('body', 'data-answers') ?? 0);
    await page.click('#run');
    await page.waitForFunction(() => /running… [\d,]+ instructions/.test(document.getElementById('status')?.textContent ?? ''));
    expect(await page.isEnabled('#pause')).toBe(true);
    expect(await page.isEnabled('#step')).toBe(false);
    await page.click('#pause');
    await page.waitForFunction((n) => Number(document.body.dataset.answers ?? 0) > n, before);
    expect(await page.textContent('#status')).toMatch(/^hello\.s · [\d,]+ instructions · paused · pid 1 pc 0x1000[02]$/); // c.addi is 2 bytes
    const n = await instructions(page);
    expect(n).toBeGreaterThan(1000);
    // a0 counts the loop's additions: one per two instructions after the first fetch fault.
    const a0 = await page.$eval('#regs', (e) => /a0 (0x[0-9a-f]{8})/.exec(e.textContent ?? '')![1]!);
    expect(Number(a0)).toBe(Math.floor((n - 1) / 2) + ((n - 1) % 2));
  });

  it('shows an assembly error at its line', async () => {
    const { page } = pg;
    await pick(page, 'hello.s');
    const source = (await page.inputValue('#source')).split('\n');
    source[17] = '    addi a0, a0, 5000';
    await page.fill('#source', source.join('\n'));
    await act(page, '#load');
    expect(await page.$$eval('#gutter .err', (es) => es.map((e) => (e as HTMLElement).dataset.line))).toEqual(['18']);
    expect(await page.textContent('#asm-errors')).toBe('hello.s:18:18: immediate 5000 out of range for addi (-2048..2047)');
    await shot(page, 'asm-error');
  });
});
