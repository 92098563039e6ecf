// The suite: --suite names, the versioned JSON document (through the CLI,
// spawned as a user runs it), and the peers' skip when QEMU is absent.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { median, toolVersion } from '../../src/bench/peers.js';
import { BenchOptionError, hostInfo, parseSuite, SUITE_NAMES, SUITE_VERSION } from '../../src/bench/suite.js';
import { VERSION } from '../../src/cli/version.js';

function mmulab(args: string[], env: NodeJS.ProcessEnv = process.env): { status: number | null; stdout: string; stderr: string } {
  return spawnSync(process.execPath, ['dist/mmulab.js', ...args], { encoding: 'utf8', env });
}

describe('bench suite', () => {
  it('knows its suites', () => {
    expect(parseSuite('all')).toEqual(['hardware', 'mmu', 'tlb-reach', 'context-switch', 'peers']);
    expect(parseSuite('peers')).toEqual(['peers']);
    expect(SUITE_NAMES.length).toBe(5);
    expect(SUITE_VERSION).toBe(2);
    expect(() => parseSuite('tlb')).toThrow(BenchOptionError);
    expect(() => parseSuite('tlb')).toThrow("unknown suite 'tlb' (expected hardware, mmu, tlb-reach, context-switch, peers or all)");
  });

  it('describes the host', () => {
    const host = hostInfo();
    expect(host.mmulab).toBe(VERSION);
    expect(host.node).toBe(process.version);
    expect(host.cpus).toBeGreaterThan(0);
  });

  it('takes medians and finds no version of a missing tool', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 2, 3])).toBe(2.5);
    expect(toolVersion('mmulab-no-such-tool')).toBeNull();
  });
});

describe('mmulab bench (spawned)', () => {
  it('runs the quick TLB-reach and context-switch grids and writes JSON and SVG', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mmulab-bench-'));
    const json = join(dir, 'out.json');
    const svg = join(dir, 'charts');
    for (const suite of ['tlb-reach', 'context-switch']) {
      const r = mmulab(['bench', '--suite', suite, '--quick', '--json', json, '--svg', svg, '--mem-cost', '50']);
      expect(r.stderr).toBe(''); // piped: no progress line
      expect(r.status).toBe(0);
    }
    const doc = JSON.parse(readFileSync(json, 'utf8'));
    expect(Object.keys(doc)).toEqual(['suiteVersion', 'host', 'config', 'contextSwitches']);
    expect(doc.suiteVersion).toBe(SUITE_VERSION);
    expect(doc.host.mmulab).toBe(VERSION);
    expect(Object.keys(doc.host)).toEqual(['os', 'cpu', 'cpus', 'node', 'mmulab']);
    expect(doc.config).toEqual({ suites: ['context-switch'], quick: true, cost: { hitCycles: 1, memCycles: 50 } });
    expect(doc.contextSwitches.points.length).toBe(8);
    const first = doc.contextSwitches.points[0];
    expect(first).toMatchObject({ processes: 2, pages: 16, rounds: 782, quantum: 1000, asid: true, misses: 34 });
    expect(first.cycles).toBe(1 + (34 / first.accesses) * 100);
    expect(readdirSync(svg).sort()).toEqual(['context-switch.svg', 'tlb-reach-1-way.svg', 'tlb-reach-4-way.svg', 'tlb-reach-full.svg']);
  }, 60_000);

  it('writes the TLB-reach figures', () => {
    const json = join(mkdtempSync(join(tmpdir(), 'mmulab-bench-')), 'reach.json');
    const r = mmulab(['bench', '--suite', 'tlb-reach', '--quick', '--json', json]);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('128    100.00% / 201.0  100.00% / 201.0  100.00% / 201.0\n');
    const doc = JSON.parse(readFileSync(json, 'utf8'));
    expect(doc.tlbReach.points.length).toBe(72);
    expect(doc.tlbReach.points[0]).toEqual({
      pages: 1, rounds: 2048, entries: 16, ways: 1, accesses: 2048, misses: 1, missRate: 1 / 2048, cycles: 1 + 200 / 2048,
    });
    expect(doc.tlbReach.itlb).toEqual({ entries: 64, ways: 64, policy: 'lru' });
  }, 60_000);

  it('runs the MMU microbenchmarks: a table with targets and exact statistics in the JSON', () => {
    const json = join(mkdtempSync(join(tmpdir(), 'mmulab-bench-')), 'mmu.json');
    const r = mmulab(['bench', '--suite', 'mmu', '--quick', '--json', json]);
    expect(r.status).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toMatch(/^MMU microbenchmarks: .*median of 1 runs/);
    expect(lines[1]).toMatch(/^mode +measures +TLB +operations +seconds +rate \(M\/s\) +ns\/op +target +result$/);
    expect(lines[2]).toMatch(/^sv32 +hits as a load takes them \(fast cache\), 64 pages in order +unified 64 x 4-way LRU +1,000,000 .* ≥ 500 M\/s +(met|missed by \d+\.\d %)$/);
    expect(lines[6]).toMatch(/^sv32 +full walks, 4 KiB pages \(2 levels\) .* ≥ 150 M\/s +(met|missed by \d+\.\d %)$/);
    const doc = JSON.parse(readFileSync(json, 'utf8'));
    expect(Object.keys(doc)).toEqual(['suiteVersion', 'host', 'config', 'mmu']);
    expect(doc.mmu.runs).toBe(1);
    expect(doc.mmu.counts).toEqual({ translations: 1_000_000, flushes: 20_000 });
    expect(doc.mmu.figures.map((f: { name: string }) => f.name)).toEqual([
      'load-hit-sequential', 'load-hit-random', 'tlb-hit-sequential', 'tlb-hit-random', 'walk-4k', 'walk-megapage', 'sfence-all', 'sfence-asid', 'sfence-address',
    ]);
    const walk = doc.mmu.figures[4];
    expect(Object.keys(walk)).toEqual(['name', 'mode', 'measures', 'tlb', 'operations', 'seconds', 'rate', 'nsPerOperation', 'verdict', 'stats']);
    expect(walk.stats).toMatchObject({ translations: 1_000_000, walks: 1_000_000, pteReads: [1_000_000, 1_000_000] });
    expect(walk.rate).toBeCloseTo(1_000_000 / walk.seconds / 1e6, 6);
  }, 60_000);

  it('runs the guest programs, paging\'s cost, tracing and start-up: every row judged, the JSON complete', () => {
    const json = join(mkdtempSync(join(tmpdir(), 'mmulab-bench-')), 'hardware.json');
    const r = mmulab(['bench', '--suite', 'hardware', '--quick', '--json', json]);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/\nalu\.s +bare-metal, Sv32 +ALU loop +60\.0 .* ≥ 500 MIPS +(met|missed by \d+\.\d %)\n/);
    expect(r.stdout).toMatch(/\nalu +[\d.]+ +[\d.]+ +[\d.]+ +-?[\d.]+ % +< 15 % +(met|missed by \d+\.\d %)\n/);
    expect(r.stdout).toMatch(/\ntracing costs \(alu\.s, .*\) +-?[\d.]+ % +< 3 % +(met|missed by \d+\.\d %)\n/);
    expect(r.stdout).toMatch(/\nstart-up \(mmulab run .*\) +\d+ ms +< 150 ms +(met|missed by \d+\.\d %)\n/);
    const doc = JSON.parse(readFileSync(json, 'utf8'));
    expect(Object.keys(doc)).toEqual(['suiteVersion', 'host', 'config', 'hardware']);
    const { hardware } = doc;
    expect(Object.keys(hardware)).toEqual(['runs', 'programs', 'paging', 'tracing', 'startup']);
    expect(hardware.runs).toBe(1);
    const programs = hardware.programs as { program: string; instructions: number; stop: string; stats: { walks: number } }[];
    expect(programs.map((p) => p.program)).toEqual([
      'alu-bare.s', 'alu.s', 'alu-hosted.s', 'sweep-bare.s', 'sweep.s', 'sweep-hosted.s', 'random-bare.s', 'random.s',
      'random-hosted.s', 'random64-bare.s', 'random64.s', 'random64-hosted.s', 'tlb-hit.s', 'walk.s',
    ]);
    expect(programs.every((p) => p.stop === 'exit 0')).toBe(true);
    // The ALU loop bare and hosted (alu.s's count includes sv32-s-mode.s's M-mode start, machine-bench.test.ts checks it).
    expect([programs[0]!.instructions, programs[2]!.instructions]).toEqual([60_000_011, 60_000_006]);
    expect(Object.keys(hardware.programs[1])).toEqual([
      'program', 'runs', 'loop', 'measures', 'machine', 'instructions', 'seconds', 'mips', 'rate', 'of', 'verdict', 'stop', 'stats',
    ]);
    expect(hardware.programs[10].machine).toEqual({ ramBytes: 72 << 20, tlb: { entries: 64, ways: 4, policy: 'lru' } });
    expect(hardware.paging.map((p: { loop: string }) => p.loop)).toEqual(['alu', 'sweep', 'random 4 MiB', 'random 64 MiB']);
    expect(hardware.tracing.verdict.target).toEqual({ atLeast: false, value: 3, unit: '%' });
    expect(hardware.startup.verdict.target).toEqual({ atLeast: false, value: 150, unit: 'ms' });
    expect(hardware.startup.runs).toBe(1);
  }, 120_000);

  it('skips the peers when QEMU is not on the PATH', () => {
    const r = mmulab(['bench', '--suite', 'peers', '--quick'], { ...process.env, PATH: '/nonexistent' });
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(
      'Peers: wall time per run (median, start-up included), mmulab / QEMU\n' +
      'skipped: tlb-reach 64 pages x 250000 (user): qemu-riscv32 is not installed\n' +
      'skipped: tlb-reach 4096 pages x 2000 (user): qemu-riscv32 is not installed\n' +
      'skipped: alu-bare.s (bare, paging off): qemu-system-riscv32 is not installed\n' +
      'skipped: alu.s (bare-metal, Sv32): qemu-system-riscv32 is not installed\n' +
      'skipped: sweep.s (bare-metal, Sv32): qemu-system-riscv32 is not installed\n' +
      'skipped: random.s (bare-metal, Sv32): qemu-system-riscv32 is not installed\n' +
      'skipped: random64.s (bare-metal, Sv32): qemu-system-riscv32 is not installed\n',
    );
  });

  it('refuses bad options with one line and status 2', () => {
    const suite = mmulab(['bench', '--suite', 'nope']);
    expect(suite.status).toBe(2);
    expect(suite.stderr).toContain("unknown suite 'nope'");
    const cost = mmulab(['bench', '--suite', 'tlb-reach', '--quick', '--hit-cost', '-1']);
    expect(cost.status).toBe(2);
    expect(cost.stderr).toContain("--hit-cost must be a number of cycles, 0 or more (got '-1')");
  });
});
