// readPageTable and the text renderer on a hand-built Sv32 page table with
// what the kernel never builds: a megapage, a reserved W-without-R entry, a
// PROT_NONE entry, and runs broken by a frame out of sequence.
import { describe, expect, it } from 'vitest';
import { SV32 } from '../../src/kernel/index.js';
import { readPageTable, type InspectReport } from '../../src/inspect/index.js';
import { renderInspectText } from '../../src/cli/render/inspect-text.js';

const ROOT = 0x8000_1000;
const TABLE = 0x8000_2000;
const words = new Map<number, number>([
  [ROOT + 0 * 4, ((TABLE / 4096) << 10 | 0x01) >>> 0], // pointer
  [ROOT + 1 * 4, (0x80400 << 10 | 0xdf) >>> 0], // megapage V R W X U A D at 0x8040_0000
  [ROOT + 2 * 4, (0x80000 << 10 | 0x05) >>> 0], // V W without R: reserved, invalid
  [TABLE + 0x10 * 4, (0x80010 << 10 | 0x5b) >>> 0], // V R X U A
  [TABLE + 0x11 * 4, (0x80011 << 10 | 0x5b) >>> 0],
  [TABLE + 0x12 * 4, (0x80012 << 10 | 0x5b) >>> 0],
  [TABLE + 0x13 * 4, (0x80030 << 10 | 0x5b) >>> 0], // the next frame is not 0x80013: a new run
  [TABLE + 0x14 * 4, (0x80031 << 10 | 0x20) >>> 0], // PROT_NONE: V clear, G set, keeps its frame
]);
const read = (pa: number): number => words.get(pa) ?? 0;

describe('readPageTable on a hand-built table', () => {
  const tree = readPageTable(SV32, read, ROOT);

  it('decodes each nonzero entry with its kind, frame and the VAs it maps', () => {
    expect(tree.entries.map((e) => [e.index, e.kind, e.bits, e.ppn, e.va, e.size])).toEqual([
      [0, 'pointer', 'V-------', 0x80002, 0, 4096 << 10],
      [1, 'leaf', 'VRWXU-AD', 0x80400, 0x40_0000, 4096 << 10],
      [2, 'invalid', 'V-W-----', 0x80000, 0x80_0000, 4096 << 10],
    ]);
    expect(tree.children.length).toBe(1);
    const l0 = tree.children[0]!;
    expect(l0.entries.map((e) => [e.index, e.kind, e.address, e.va, e.protNone])).toEqual([
      [0x10, 'leaf', TABLE + 0x40, 0x10000, false], [0x11, 'leaf', TABLE + 0x44, 0x11000, false],
      [0x12, 'leaf', TABLE + 0x48, 0x12000, false], [0x13, 'leaf', TABLE + 0x4c, 0x13000, false],
      [0x14, 'invalid', TABLE + 0x50, 0x14000, true],
    ]);
    expect(l0.runs.map((r) => [r.firstIndex, r.count, r.firstPpn])).toEqual([[0x10, 3, 0x80010], [0x13, 1, 0x80030]]);
    expect(tree.runs.map((r) => [r.firstIndex, r.count, r.firstPpn])).toEqual([[1, 1, 0x80400]]);
  });

  it('renders megapages, runs, reserved and PROT_NONE entries and a megapage TLB entry as text', () => {
    const report: InspectReport = {
      schema: 'mmulab-inspect/1',
      pause: { kind: 'instructions', instructions: 1234567 },
      machine: { ramBytes: 16 << 20, ad: 'fault', pc: 0x10010, satp: (0x8000_0000 | 3 << 22 | ROOT / 4096) >>> 0, privilege: 0 },
      processes: [{
        pid: 3, name: 'demo', asid: 3, satp: (0x8000_0000 | 3 << 22 | ROOT / 4096) >>> 0, onHart: true,
        pageTable: tree, mappedPages: 1028, maps: ['00010000-00014000 r-xp 00000000 00:00 0 '],
      }],
      frames: {
        ramBase: 0x8000_0000, frames: 4096, counts: { 'free': 4093, 'page-table': 2, 'pid 3': 1 },
        runs: [{ pa: 0x8000_0000, frames: 1, owner: 'pid 3' }, { pa: 0x8000_1000, frames: 2, owner: 'page-table' },
          { pa: 0x8000_3000, frames: 4093, owner: 'free' }],
      },
      tlb: [{
        tlb: 'dtlb', set: 1, way: 0, asid: 3, global: false, vpn: 0x400, ppn: 0x80400, va: 0x40_0000, pa: 0x8040_0000,
        pageSize: 4 << 20, bits: 'VRWXU-AD', pid: 3,
      }],
    };
    expect(renderInspectText(report)).toBe([
      'mmulab inspect: paused after 1,234,567 instructions',
      'machine: 16M RAM (4,096 frames at 0x80000000), A/D by page faults (Svade), satp 0x80c80001 (pid 3), pc 0x00010010',
      '',
      'pid 3 demo: ASID 3, satp 0x80c80001, root table 0x80001000, 1,028 pages mapped, on the hart',
      'page table (index: PTE, bits V R W X U G A D, what it maps):',
      '  L1 table at 0x80001000: 3 nonzero entries',
      '    [0x000] 0x20000801 V------- → L0 table at 0x80002000 (VA 0x00000000-0x003fffff)',
      '      L0 table at 0x80002000: 5 nonzero entries',
      '        [0x010..0x012] 3 pages → frames 0x80010..0x80012 VR-XU-A- (VA 0x00010000-0x00012fff)',
      '        [0x013] 0x2000c05b VR-XU-A- → frame 0x80030 (VA 0x00013000-0x00013fff)',
      '        [0x014] 0x2000c420 -----G-- not valid: a PROT_NONE page keeping frame 0x80031 (VA 0x00014000-0x00014fff)',
      '    [0x001] 0x201000df VRWXU-AD → frame 0x80400 megapage (VA 0x00400000-0x007fffff)',
      '    [0x002] 0x20000005 V-W----- not valid (VA 0x00800000-0x00bfffff)',
      'maps:',
      '  00010000-00014000 r-xp 00000000 00:00 0 ',
      '',
      'frames: 4,096 in all: free: 4,093, page-table: 2, pid 3: 1',
      'runs of frames with one owner:',
      '  0x80000000-0x80000fff      1 pid 3',
      '  0x80001000-0x80002fff      2 page-table',
      '  0x80003000-0x80ffffff   4093 free',
      'map (one character a frame, 64 a row; 3 pid 3, T page-table, . free):',
      '  0x80000000 3TT.............................................................',
      '  ... 4,032 more frames, all free',
      '',
      'TLB: 1 valid entry',
      '  tlb      set way ASID  pid  VPN        PPN      size  bits      G',
      '  dtlb       1   0    3    3  0x00400 → 0x80400    4M  VRWXU-AD  -',
      '',
    ].join('\n'));
  });
});
