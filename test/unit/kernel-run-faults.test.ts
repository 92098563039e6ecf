// Each page-fault class end to end: a program takes the fault on the Wasm
// hart, the kernel classifies and fixes it (or kills the process with a
// report), and the counters, exit statuses and frames come out exact.
import { describe, expect, it } from 'vitest';
import { Kernel } from '../../src/kernel/kernel.js';
import { FAULT_CLASSES, type FaultClass } from '../../src/kernel/addrspace.js';
import { asmElf, checkAccounting, ecall, exit, program, runElf } from './kernel-run-helpers.js';

/** Fault counters with only the given classes non-zero. */
function faults(counts: Partial<Record<FaultClass, number>>): Record<FaultClass, number> {
  return Object.fromEntries(FAULT_CLASSES.map((c) => [c, counts[c] ?? 0])) as Record<FaultClass, number>;
}

describe('legal faults are fixed and the instruction retried', () => {
  it('demand-zero: the first touch of each bss page (and the stack page exec wrote)', async () => {
    const { first, kernel } = await runElf(asmElf(program([
      '    la t0, buf',
      '    sw t0, 0(t0)',
      '    li t1, 4096',
      '    add t0, t0, t1',
      '    sw t0, 0(t0)',
      '    lw a0, 4(t0)', // same page: no fault
      exit(0),
    ].join('\n'), '    .bss\nbuf: .space 8192')));
    expect(first.status).toBe(0);
    expect(kernel.stats().faults).toEqual(faults({ 'file-backed': 1, 'demand-zero': 3 }));
  });

  it('file-backed: text on the first fetch, data on the first load, with the file\'s bytes', async () => {
    const { first, kernel } = await runElf(asmElf(program([
      '    la t0, x',
      '    lw a0, 0(t0)',
      '    li a7, 93',
      '    ecall',
    ].join('\n'), 'x: .word 42')));
    expect(first.status).toBe(42);
    expect(kernel.stats().faults).toEqual(faults({ 'file-backed': 2, 'demand-zero': 1 }));
  });

  it('stack growth: a touch two pages below sp extends [stack]; beyond the stack limit it is SIGSEGV', async () => {
    const source = (below: number) => program([`    li t0, ${below}`, '    sub t0, sp, t0', '    sw zero, 0(t0)', exit(0)].join('\n'));
    const grown = await runElf(asmElf(source(8192)));
    expect(grown.first.status).toBe(0);
    expect(grown.kernel.stats().faults).toEqual(faults({ 'file-backed': 1, 'demand-zero': 1, 'stack-growth': 1 }));
    const limited = await runElf(asmElf(source(20 * 1024)), ['prog'], { stackLimit: 16 * 1024 });
    expect(limited.first.status).toBe(139);
    expect(limited.kernel.stats().faults).toEqual(faults({ 'file-backed': 1, 'demand-zero': 1, 'outside-vma': 1 }));
  });

  it('copy-on-write: after fork the child\'s store copies the page; the parent keeps its value', async () => {
    const { kernel } = await runElf(asmElf(program([
      '    la s0, x',
      '    li t0, 42',
      '    sw t0, 0(s0)',
      ecall(220, 17),
      '    beqz a0, child',
      ecall(95, 0, 0, 0, 4),
      '    lw a0, 0(s0)',
      '    li a7, 93',
      '    ecall',
      'child:',
      '    li t0, 99',
      '    sw t0, 0(s0)',
      '    lw a0, 0(s0)',
      '    li a7, 93',
      '    ecall',
    ].join('\n'), 'x: .word 0')));
    expect(kernel.processes().map((p) => [p.pid, p.status])).toEqual([[1, 42], [2, 99]]);
    expect(kernel.stats().faults).toEqual(faults({ 'file-backed': 2, 'demand-zero': 1, 'copy-on-write': 1 }));
    // Per process: the parent faulted text, data and the stack exec wrote; the child only copied.
    expect(kernel.processes().map((p) => p.faults)).toEqual([
      faults({ 'file-backed': 2, 'demand-zero': 1 }), faults({ 'copy-on-write': 1 }),
    ]);
    // pid 1: text, data and stack pages; pid 2 only ever owned its copy of the data page.
    expect(kernel.stats().peakFrames).toMatchObject({ 'pid 1': 3, 'pid 2': 1 });
  });

  it('mprotect, fork and exit of a sparse 768 MiB mapping: only the two touched pages are rewritten, shared, copied and freed', async () => {
    const { kernel } = await runElf(asmElf(program([
      ecall(222, 0x4000_0000, 0x3000_0000, 3, 0x32, -1, 0),
      '    li s0, 0x40000000',
      '    li s1, 0x6ffff000', // its last page
      '    li t0, 3',
      '    sw t0, 0(s0)',
      '    li t0, 4',
      '    sw t0, 0(s1)',
      ecall(226, 0x4000_0000, 0x3000_0000, 1), // read-only and back: both present pages rewritten
      ecall(226, 0x4000_0000, 0x3000_0000, 3),
      ecall(220, 17),
      '    bnez a0, 1f',
      '    lw a0, 0(s0)', // the child sees both pages
      '    lw t0, 0(s1)',
      '    add a0, a0, t0',
      '    sw a0, 0(s1)', // and copies one
      '    li a7, 93',
      '    ecall',
      '1:',
      ecall(95, 0, 0, 0, 4),
      '    lw a0, 0(s1)',
      '    li a7, 93',
      '    ecall',
    ].join('\n'))), ['sparse']);
    expect(kernel.processes().map((p) => [p.pid, p.status])).toEqual([[1, 4], [2, 7]]);
    expect(kernel.stats().faults['copy-on-write']).toBe(1);
    expect(kernel.stats().peakFrames['pid 2']).toBe(1);
  });

  it('Svade (ad: fault): a store to a page first loaded sets D by a fault', async () => {
    const { first, kernel } = await runElf(asmElf(program([
      '    la t0, x',
      '    lw a0, 0(t0)',
      '    sw a0, 4(t0)',
      '    li a7, 93',
      '    ecall',
    ].join('\n'), 'x: .word 5, 0')), ['prog'], { ad: 'fault' });
    expect(first.status).toBe(5);
    expect(kernel.stats().faults).toEqual(faults({ 'file-backed': 2, 'demand-zero': 1, 'ad-update': 1 }));
  });
});

describe('illegal accesses and exceptions kill the process with a report', () => {
  it('protection: a store to the text page is SIGSEGV (SEGV_ACCERR), status 139', async () => {
    const { first, kernel } = await runElf(asmElf(program(['    la t0, _start', '    sw zero, 0(t0)', exit(0)].join('\n'))));
    expect(first.termination).toEqual({ kind: 'killed', signal: 11 });
    expect(first.status).toBe(139);
    expect(first.reports).toEqual([[
      'prog[1]: page fault: store at 0x00010000, pc 0x00010008: protection; SIGSEGV (SEGV_ACCERR)',
      '  pc 0x00010008: sw\tzero,0(t0)',
      '00010000-00011000 r-xp 00001000 00:00 0          prog',
      '7ffff000-80000000 rw-p 00000000 00:00 0          [stack]',
    ].join('\n')]);
    expect(kernel.stats().faults).toEqual(faults({ 'file-backed': 1, 'demand-zero': 1, protection: 1 }));
  });

  it('outside any VMA: a load from an unmapped address is SIGSEGV (SEGV_MAPERR)', async () => {
    const { first } = await runElf(asmElf(program(['    li t0, 0x40000000', '    lw a0, 8(t0)', exit(0)].join('\n'))));
    expect(first.status).toBe(139);
    expect(first.reports).toEqual([[
      'prog[1]: page fault: load at 0x40000008, pc 0x00010004: outside-vma; SIGSEGV (SEGV_MAPERR)',
      '  pc 0x00010004: lw\ta0,8(t0)',
      '00010000-00011000 r-xp 00001000 00:00 0          prog',
      '7ffff000-80000000 rw-p 00000000 00:00 0          [stack]',
    ].join('\n')]);
  });

  it('a jump to an unmapped address: a fetch fault outside any VMA, the instruction cannot be shown', async () => {
    const { first } = await runElf(asmElf(program(['    li t0, 0x40000000', '    jr t0'].join('\n'))));
    expect(first.status).toBe(139);
    expect(first.reports[0]!.split('\n').slice(0, 2)).toEqual([
      'prog[1]: page fault: fetch at 0x40000000, pc 0x40000000: outside-vma; SIGSEGV (SEGV_MAPERR)',
      '  pc 0x40000000: (instruction not mapped)',
    ]);
  });

  it('illegal instruction: SIGILL, status 132', async () => {
    const { first } = await runElf(asmElf(program(['    c.nop', '    unimp # c.unimp, 0x0000'].join('\n'))));
    expect(first.status).toBe(132);
    expect(first.reports).toEqual(['prog[1]: illegal instruction at pc 0x00010002 (tval 0x00000000); SIGILL\n  pc 0x00010002: unimp']);
  });

  it('ebreak: SIGTRAP, status 133', async () => {
    const { first } = await runElf(asmElf(program('    ebreak')));
    expect(first.status).toBe(133);
    expect(first.reports).toEqual(['prog[1]: breakpoint at pc 0x00010000 (tval 0x00010000); SIGTRAP\n  pc 0x00010000: ebreak']);
  });

  it('misaligned AMO: SIGBUS, status 135', async () => {
    const { first } = await runElf(asmElf(program(['    la t0, x', '    addi t0, t0, 2', '    amoadd.w a0, a1, (t0)'].join('\n'), 'x: .word 0, 0')));
    expect(first.status).toBe(135);
    expect(first.reports).toEqual(['prog[1]: misaligned store-conditional or AMO at pc 0x0001000a (tval 0x00011002); SIGBUS\n  pc 0x0001000a: amoadd.w\ta0,a1,(t0)']);
  });
});

describe('out of memory', () => {
  it('fork fails with ENOMEM when the child\'s page tables do not fit, and unwinds', async () => {
    // The parent holds 6 of 8 frames (slab, root, two level-0 tables, text, stack page);
    // the child gets its root and one level-0 table, then runs out.
    const { first, kernel } = await runElf(asmElf(program([ecall(220, 17), '    li a7, 93', '    ecall'].join('\n'))), ['prog'], { ramBytes: 8 * 4096 });
    expect(first.status).toBe(256 - 12);
    expect(kernel.processes()).toHaveLength(1);
  });

  const hog = program([
    ecall(222, 0, 1024 * 4096, 3, 0x22, -1, 0),
    '    li t1, 4096',
    '1:  sw t1, 0(a0)',
    '    add a0, a0, t1',
    '    j 1b',
  ].join('\n'));
  const hello = program([ecall(64, 1, 'msg', 3), exit(0)].join('\n'), 'msg: .ascii "ok\\n"');

  it('kills the faulting process with SIGKILL (status 137); the other process runs on', async () => {
    const kernel = await Kernel.create({ ramBytes: 128 * 1024 });
    kernel.spawn(asmElf(hog), ['hog']);
    kernel.spawn(asmElf(hello), ['hello']);
    expect(kernel.run({ maxInstructions: 10_000_000 })).toBe('exited');
    checkAccounting(kernel);
    const [h, o] = kernel.processes();
    expect([h!.status, o!.status, o!.stdout]).toEqual([137, 0, 'ok\n']);
    expect(h!.reports).toEqual([[
      'hog[1]: page fault: store at 0x77c16000, pc 0x0001001a: out-of-memory; SIGKILL',
      '  pc 0x0001001a: sw\tt1,0(a0)',
      '00010000-00011000 r-xp 00001000 00:00 0          hog',
      '77c00000-78000000 rw-p 00000000 00:00 0 ',
      '7ffff000-80000000 rw-p 00000000 00:00 0          [stack]',
    ].join('\n')]);
    expect(kernel.stats().faults['out-of-memory']).toBe(1);
  });
});

describe('memory calls in sequence, as /proc/PID/maps shows them', () => {
  it('brk, mmap, mprotect and munmap leave exactly these mappings', async () => {
    const kernel = await Kernel.create({ ramBytes: 16 << 20 });
    kernel.spawn(asmElf(program([
      ecall(214, 0x15000), // the heap: 0x12000-0x15000
      ecall(222, 0, 4 * 4096, 3, 0x22, -1, 0), // 0x77ffc000-0x78000000
      ecall(226, 0x77ffd000, 4096, 1), // its second page read-only: split in three
      ecall(215, 0x77fff000, 4096), // its last page gone
      ecall(214, 0x13800), // the heap shrinks to 0x12000-0x14000
      '1:  j 1b',
    ].join('\n'), 'x: .word 1')), ['/bin/seq']);
    expect(kernel.run({ maxInstructions: 10_000 })).toBe('limit');
    expect(kernel.maps(1)).toBe([
      '00010000-00011000 r-xp 00001000 00:00 0          /bin/seq',
      '00011000-00012000 rw-p 00002000 00:00 0          /bin/seq',
      '00012000-00014000 rw-p 00000000 00:00 0          [heap]',
      '77ffc000-77ffd000 rw-p 00000000 00:00 0 ',
      '77ffd000-77ffe000 r--p 00000000 00:00 0 ',
      '77ffe000-77fff000 rw-p 00000000 00:00 0 ',
      '7ffff000-80000000 rw-p 00000000 00:00 0          [stack]',
      '',
    ].join('\n'));
    expect(kernel.maps(2)).toBeNull();
  });

  it('eager loading maps every page of the program at exec: no file-backed faults', async () => {
    const source = program(['    la t0, x', '    lw a0, 0(t0)', '    li a7, 93', '    ecall'].join('\n'), 'x: .word 3');
    const { first, kernel } = await runElf(asmElf(source), ['prog'], { eager: true });
    expect(first.status).toBe(3);
    expect(kernel.stats().faults).toEqual(faults({ 'demand-zero': 1 }));
  });
});
