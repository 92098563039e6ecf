// The inspection data model on real runs: page tables, maps, frames and the
// TLB of paused kernels, cross-checked against the hart's own walker
// (Machine.translate), kernel.maps and the frame allocator.
import { describe, expect, it } from 'vitest';
import { Kernel, type KernelOptions } from '../../src/kernel/index.js';
import {
  hardwareTranslate, inspectKernel, leafRuns, pteBits, runToPause, tlbLookup, type TlbEntryView, type BootKernel, type InspectReport,
  type PteInfo,
} from '../../src/inspect/index.js';
import { leaves, programElf } from './kernel-run-helpers.js';

function booter(programs: string[][], options: KernelOptions = {}): BootKernel {
  return async (trace) => {
    const kernel = await Kernel.create({ ramBytes: 16 << 20, ...options, trace });
    for (const [path, ...args] of programs) kernel.spawn(programElf(path!), [path!, ...args]);
    return kernel;
  };
}

describe('pteBits', () => {
  it('names V R W X U G A D from bit 0 up', () => {
    expect(pteBits(0)).toBe('--------');
    expect(pteBits(0xff)).toBe('VRWXUGAD');
    expect(pteBits(0x5b)).toBe('VR-XU-A-');
    expect(pteBits(0x20000001)).toBe('V-------');
  });
});

describe('inspect at exit', () => {
  it('shows hello.s mapped just before its exit, every leaf agreeing with the hart', async () => {
    const { kernel, pause } = await runToPause(booter([['programs/hello.s']]), { kind: 'exit' }, 1e6);
    expect(pause.kind).toBe('exit');
    const report = inspectKernel(kernel, pause);
    expect(report.processes.map((p) => p.pid)).toEqual([1]);
    const p = report.processes[0]!;
    expect(p.onHart).toBe(true);
    expect(p.maps.join('\n') + '\n').toBe(kernel.maps(1));
    expect(report.machine.satp).toBe(p.satp);
    // Sv32: a root at level 1 whose pointers lead to level-0 tables of 4 KiB leaves.
    expect(p.pageTable.level).toBe(1);
    expect(p.pageTable.entries.every((e) => e.kind === 'pointer')).toBe(true);
    const all = leaves(p.pageTable);
    expect(all.length).toBe(p.mappedPages);
    // The text page: user, readable, executable, accessed (Svadu), at GNU ld's 0x10000.
    const text = all.find((e) => e.va === 0x10000)!;
    expect(text.bits).toBe('VR-XU-A-');
    for (const e of all) {
      const t = kernel.machine.translate(e.va, 'load');
      const walk = t.steps.map((s) => [s.level, s.pteAddress, s.pte]);
      expect(walk[walk.length - 1]).toEqual([0, e.address, e.value]);
      expect('pa' in t ? t.pa : -1).toBe(e.pa);
    }
  });

  it('counts frames exactly as the allocator does, summing to RAM', async () => {
    const { kernel, pause } = await runToPause(booter([['programs/vm/mmap-demo.elf']]), { kind: 'exit' }, 1e8);
    const report = inspectKernel(kernel, pause);
    expect(report.frames.counts).toEqual(kernel.kmem.frames.framesByOwner());
    expect(Object.values(report.frames.counts).reduce((a, b) => a + b, 0)).toBe((16 << 20) / 4096);
    expect(report.frames.runs.reduce((n, r) => n + r.frames, 0)).toBe(4096);
    // Every leaf's frame belongs to the process (no fork here), every table page to 'page-table'.
    const p = report.processes[0]!;
    for (const e of leaves(p.pageTable)) expect(kernel.kmem.frames.ownerOf(e.pa)).toEqual({ pid: 1 });
    for (const c of p.pageTable.children) expect(kernel.kmem.frames.ownerOf(c.pa)).toBe('page-table');
    expect(report.frames.counts['page-table']).toBe(1 + p.pageTable.children.length);
  });
});

describe('inspect a fork', () => {
  it('shows parent and child sharing copy-on-write frames, their frames interleaved', async () => {
    // fork-cow's fifth hardware page fault: the child's first store to the shared data page.
    const { kernel, pause } = await runToPause(booter([['programs/vm/fork-cow.elf']]), { kind: 'fault', k: 5 }, 1e8);
    expect(pause).toEqual({
      kind: 'fault', instructions: 1663, k: 5,
      fault: { pid: 2, va: 0x12000, access: 'store', pc: 67504, faultClass: 'copy-on-write' },
    });
    const report = inspectKernel(kernel, pause);
    const pids = report.processes.map((p) => p.pid);
    expect(pids).toEqual([1, 2]);
    const [parent, child] = report.processes as [InspectReport['processes'][0], InspectReport['processes'][0]];
    expect(parent.asid).not.toBe(child.asid);
    const shared = leaves(parent.pageTable).filter((e) => leaves(child.pageTable).some((c) => c.pa === e.pa));
    expect(shared.length).toBeGreaterThan(0);
    for (const e of shared.filter((s) => s.cow)) expect(e.bits[2]).toBe('-'); // COW pages are not writable
    // The page about to fault: copy-on-write in the child, so the hart refuses the store (cause 15).
    const page = leaves(child.pageTable).find((e) => e.va === 0x12000)!;
    expect(page.cow).toBe(true);
    expect(page.bits).toBe('VR--U-AD');
    const t = hardwareTranslate(kernel.machine, child.satp, 0x12000, 'store');
    expect('cause' in t ? t.cause : -1).toBe(15);
    expect(report.frames.counts).toEqual(kernel.kmem.frames.framesByOwner());
  });
});

describe('the TLB view', () => {
  it('lists entries that agree with the page tables of their ASIDs', async () => {
    const { kernel, pause } = await runToPause(booter([['programs/vm/tlb-reach.elf']]), { kind: 'instructions', n: 9000 }, 1e8);
    const report = inspectKernel(kernel, pause);
    expect(report.tlb.length).toBeGreaterThan(0);
    expect(report.tlb.length).toBeLessThanOrEqual(64);
    const p = report.processes[0]!;
    for (const t of report.tlb) {
      expect(t.pid).toBe(1);
      expect(t.asid).toBe(p.asid);
      expect(t.pageSize).toBe(4096);
      expect(t.set).toBe(t.vpn % 16); // 64 entries, 4 ways: 16 sets indexed by the low VPN bits
      const h = hardwareTranslate(kernel.machine, p.satp, t.va, 'load');
      expect('pa' in h ? h.pa : -1).toBe(t.pa);
    }
  });
});

describe('leafRuns', () => {
  it('joins consecutive indexes with equal flags and consecutive frames only', () => {
    const e = (index: number, ppn: number, flags: number): PteInfo => ({
      index, address: 0, value: ppn * 1024 + flags, bits: pteBits(flags), kind: 'leaf', ppn, pa: ppn * 4096,
      va: index * 4096, size: 4096, cow: false, protNone: false,
    });
    const runs = leafRuns([e(0x10, 0x80100, 0x5b), e(0x11, 0x80101, 0x5b), e(0x12, 0x80102, 0x57), e(0x14, 0x80103, 0x57), e(0x15, 0x80105, 0x57)]);
    expect(runs.map((r) => [r.firstIndex, r.count, r.firstPpn])).toEqual([[0x10, 2, 0x80100], [0x12, 1, 0x80102], [0x14, 1, 0x80103], [0x15, 1, 0x80105]]);
  });
});

describe('tlbLookup', () => {
  const entry = (tlb: TlbEntryView['tlb'], va: number, pageSize: number, asid: number, global: boolean): TlbEntryView => ({
    tlb, set: 0, way: 0, asid, global, vpn: va / 4096, ppn: 0x80000, va, pa: 0x8000_0000, pageSize, bits: 'VRWXU-AD', pid: null,
  });
  const entries = [
    entry('itlb', 0x10000, 4096, 1, false), entry('dtlb', 0x10000, 4096, 1, false),
    entry('dtlb', 0x40_0000, 4 << 20, 2, false), entry('dtlb', 0x11000, 4096, 3, true),
  ];

  it('looks in the instruction TLB for fetches and the data TLB otherwise', () => {
    expect(tlbLookup(entries, 0x10ffc, 1, 'fetch')).toEqual([entries[0]]);
    expect(tlbLookup(entries, 0x10000, 1, 'store')).toEqual([entries[1]]);
  });

  it('matches the ASID unless the entry is global, anywhere in a megapage', () => {
    expect(tlbLookup(entries, 0x10000, 2, 'load')).toEqual([]);
    expect(tlbLookup(entries, 0x7f_fffc, 2, 'load')).toEqual([entries[2]]);
    expect(tlbLookup(entries, 0x80_0000, 2, 'load')).toEqual([]);
    expect(tlbLookup(entries, 0x11000, 9, 'load')).toEqual([entries[3]]);
  });
});
