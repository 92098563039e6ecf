// The kernel's work per trap (src/kernel/work.ts): words counted as the
// aligned words an access touches, PTEs as words written into page-table
// frames; and the exact cost of each trap of a small program under the kernel.
import { describe, expect, it } from 'vitest';
import { ArrayPhysicalMemory } from '../../src/kernel/index.js';
import { MeteredMemory, WorkMeter, workBetween } from '../../src/kernel/work.js';
import { Kernel, type TrapCost } from '../../src/kernel/index.js';
import { assemble } from '../../src/asm/index.js';
import { readElf } from '../../src/elf/index.js';
import { PROGRAM } from './trace-helpers.js';

describe('MeteredMemory', () => {
  it('counts each aligned word an access touches, and single words written into page-table frames as PTEs', () => {
    const meter = new WorkMeter();
    const base = 0x8000_0000;
    const mem = new MeteredMemory(new ArrayPhysicalMemory(base, 8 * 4096), meter, (pa) => pa >= base + 4096 && pa < base + 8192);
    mem.read32(base);                        // 1 word
    mem.read(base + 2, 4);                   // bytes 2..5: 2 words
    mem.read(base + 8, 0);                   // nothing
    mem.write32(base + 4096 + 8, 0x1234);    // a PTE
    mem.write32(base + 8, 1);                // a word, not in a page table
    mem.write(base + 4096, new Uint8Array(3)); // 1 word, not a PTE (not a single aligned word)
    mem.fill(base + 2 * 4096, 4096, 0);      // a zeroed frame: 1024 words
    expect({ ...meter }).toEqual({ wordsRead: 3, wordsWritten: 1027, ptesWritten: 1 });
  });

  it('gives the work between two snapshots', () => {
    const a = { wordsRead: 5, wordsWritten: 7, ptesWritten: 1, framesAllocated: 2, sfences: 3 };
    const b = { wordsRead: 9, wordsWritten: 1031, ptesWritten: 2, framesAllocated: 3, sfences: 4 };
    expect(workBetween(a, b)).toEqual({ wordsRead: 4, wordsWritten: 1024, ptesWritten: 1, framesAllocated: 1, sfences: 1 });
  });
});

describe('the cost of each trap the kernel handles', () => {
  it('is exact for the text fault, the data fault and exit of a small program (and 0 guest instructions)', async () => {
    const costs: TrapCost[] = [];
    const kernel = await Kernel.create({ ramBytes: 4 << 20, trapCost: (c) => costs.push(c) });
    kernel.spawn(readElf(assemble(PROGRAM, { file: 'cost.s', layout: 'hosted' }).elf), ['cost']);
    expect(kernel.run({ maxInstructions: 1000 })).toBe('exited');
    expect(costs).toEqual([
      // Fetch of the text page: a level-0 table and the text frame (2 frames zeroed = 2048 words), the
      // 2 PTEs (pointer and leaf), the 22 bytes of text copied from the file (6 words), the fault's SFENCE.VMA.
      { kind: 'handled', pid: 1, cause: 12, work: { wordsRead: 21, wordsWritten: 2056, ptesWritten: 2, framesAllocated: 2, sfences: 1 } },
      // Load of the data page: one frame (1024 words), its leaf PTE, the data word copied.
      { kind: 'handled', pid: 1, cause: 13, work: { wordsRead: 24, wordsWritten: 1026, ptesWritten: 1, framesAllocated: 1, sfences: 1 } },
      // exit: the page tables scanned and freed; 5 PTEs cleared: the text, data and stack leaves and the
      // two pointers to their level-0 tables.
      { kind: 'handled', pid: 1, cause: 8, work: { wordsRead: 3109, wordsWritten: 8, ptesWritten: 5, framesAllocated: 0, sfences: 1 } },
    ]);
  });
});
