// The scheduler and the kernel around it: preemption by quantum, context
// switches with and without ASIDs, the initial stack exec builds,
// determinism, instruction limits and bad input.
import { describe, expect, it } from 'vitest';
import { MmulabError } from '../../src/errors.js';
import { Kernel } from '../../src/kernel/kernel.js';
import { DeterministicRandom } from '../../src/kernel/random.js';
import { asmElf, checkAccounting, ecall, exit, program, programElf, runElf } from './kernel-run-helpers.js';

/** fork, then both processes count down `n` loop iterations (2 instructions each) and exit. */
const spinners = (n: number) => program([
  ecall(220, 17),
  `    li t0, ${n}`,
  '1:  addi t0, t0, -1',
  '    bnez t0, 1b',
  exit(0),
].join('\n'));

describe('scheduling', () => {
  it('the timer preempts every quantum: two spinning processes alternate', async () => {
    const switches: Array<[number | null, number]> = [];
    const { kernel } = await runElf(asmElf(spinners(10_000)), ['spin'], {
      quantum: 5_000,
      trace: (e) => { if (e.kind === 'switch') switches.push([e.from, e.to]); },
    });
    // Each needs ~20,000 instructions: 4 quanta each, alternating 1, 2, 1, 2, ...
    expect(switches.slice(0, 8)).toEqual([[null, 1], [1, 2], [2, 1], [1, 2], [2, 1], [1, 2], [2, 1], [1, 2]]);
    expect(kernel.stats().contextSwitches).toBe(switches.length);
    // The parent: the first fetch (a page fault), li, li, ecall (clone), li t0 (lui + addi),
    // 20,000 loop instructions, li, li, ecall (exit) = 20,009; the child starts after the ecall.
    expect(kernel.processes().map((p) => p.instructions)).toEqual([20_009, 20_005]);
  });

  it('a smaller quantum means more context switches', async () => {
    const count = async (quantum: number) => (await runElf(asmElf(spinners(10_000)), ['spin'], { quantum })).kernel.stats().contextSwitches;
    // With 1,000: 21 slices each (20,009 and 20,005 instructions), alternating: 42 dispatches.
    expect([await count(1_000), await count(100_000)]).toEqual([42, 2]);
  });

  it('asid: false runs everyone with ASID 0 and flushes the TLB at each switch: more TLB misses', async () => {
    const run = async (asid: boolean) => (await runElf(programElf('programs/vm/timesharing.elf'), ['timesharing'], { asid, quantum: 20_000 })).kernel.stats();
    const withAsid = await run(true);
    const without = await run(false);
    expect(without.contextSwitches).toBe(withAsid.contextSwitches);
    // Without ASIDs, one full flush per switch (SFENCE.VMA x0, x0); with them, none, but one per
    // exiting process (its ASID is freed for reuse): 2. The per-page and fork flushes are the same.
    expect(without.machine.sfences - withAsid.machine.sfences).toBe(without.contextSwitches - 2);
    const misses = (s: typeof withAsid) => s.machine.tlbMisses.fetch + s.machine.tlbMisses.load + s.machine.tlbMisses.store;
    expect(misses(without)).toBeGreaterThan(misses(withAsid));
  });

  it('is deterministic: two runs give identical output and statistics', async () => {
    const once = async () => {
      const { kernel, stdout } = await runElf(programElf('programs/vm/timesharing.elf'), ['timesharing'], { quantum: 30_000, seed: 3 });
      return { stdout, stats: kernel.stats(), processes: kernel.processes() };
    };
    expect(await once()).toEqual(await once());
  });

  it('keeps each process\'s output apart and the combined stream in order', async () => {
    const kernel = await Kernel.create({ ramBytes: 16 << 20, quantum: 10 });
    const say = (text: string) => program([ecall(64, 1, 'msg', 4), ecall(64, 2, 'msg', 1), exit(0)].join('\n'), `msg: .ascii "${text}\\n"`);
    kernel.spawn(asmElf(say('one')), ['one']);
    kernel.spawn(asmElf(say('two')), ['two']);
    expect(kernel.run({ maxInstructions: 1_000_000 })).toBe('exited');
    checkAccounting(kernel);
    expect(kernel.processes().map((p) => [p.name, p.stdout, p.stderr])).toEqual([['one', 'one\n', 'o'], ['two', 'two\n', 't']]);
    expect(kernel.outputChunks().map((c) => `${c.pid}:${c.fd}`)).toEqual(['1:1', '2:1', '1:2', '2:2']);
    expect(kernel.stdout).toBe('one\ntwo\n');
  });

  it('reports why each switch happened: start, preempt, yield, sleep, exit', async () => {
    const reasons: string[] = [];
    await runElf(asmElf(program([
      ecall(220, 17),
      '    beqz a0, child',
      ecall(124), // the parent yields to the child
      ecall(95, 0, 0, 0, 4), // then sleeps until the child has exited
      exit(0),
      'child:',
      '    li t0, 20000',
      '1:  addi t0, t0, -1',
      '    bnez t0, 1b', // the child is preempted
      exit(0),
    ].join('\n'))), ['why'], {
      quantum: 10_000,
      trace: (e) => { if (e.kind === 'switch') reasons.push(`${e.from}->${e.to} ${e.reason}`); },
    });
    expect(reasons).toEqual([
      'null->1 start', '1->2 yield', '2->1 preempt', 'null->2 sleep', 'null->1 exit',
    ]);
  });

  it('a sleeping process lets the other run; the sleeper wakes when its time comes', async () => {
    const { calls, kernel } = await (async () => {
      const calls: string[] = [];
      const run = await runElf(asmElf(program([
        ecall(220, 17),
        '    bnez a0, parent',
        ecall(407, 1, 0, 'req', 0),
        ecall(172),
        exit(0),
        'parent:',
        ecall(172),
        ecall(95, 0, 0, 0, 4),
        exit(0),
      ].join('\n'), '.balign 8\nreq: .word 0, 0, 1000000, 0')), ['sleeper'], {
        trace: (e) => { if (e.kind === 'syscall') calls.push(`${e.pid} ${e.name} ${e.result}`); },
      });
      return { ...run, calls };
    })();
    expect(calls).toEqual([
      '1 clone 2', '1 getpid 1', '1 waitid sleep', '2 clock_nanosleep_time64 sleep',
      '2 getpid 2', '2 exit no-return', '1 exit no-return',
    ]);
    expect(kernel.stats().timeNs).toBeGreaterThan(1_000_000);
  });

  it('a timer interrupt between lr.w and sc.w drops the reservation: the sc.w fails', async () => {
    const lrsc = (spin: number) => program([
      '    la t1, x',
      '    lr.w t2, (t1)',
      `    li t0, ${spin}`,
      '1:  addi t0, t0, -1',
      '    bnez t0, 1b',
      '    sc.w a0, t2, (t1)',
      '    li a7, 93',
      '    ecall',
    ].join('\n'), '.balign 4\nx: .word 0');
    const status = async (spin: number) => (await runElf(asmElf(lrsc(spin)), ['lrsc'], { quantum: 1_000 })).first.status;
    // sc.w writes 0 to rd on success, 1 on failure; the data page's first touch (lr.w) faults before.
    expect([await status(10), await status(1_000)]).toEqual([0, 1]);
  });

  it('returns to user mode as SRET does: privilege U, sstatus.SPP = U, SPIE = 1, SIE = the old SPIE', async () => {
    const kernel = await Kernel.create({ ramBytes: 16 << 20 });
    kernel.spawn(asmElf(program([ecall(172), '1:  j 1b'].join('\n'))));
    // SIE = 0, SPIE = 1: the first dispatch (an SRET) sets SIE = 1; each trap (the first
    // fetch's page fault, the ecall) sets SPIE = SIE = 1, SIE = 0, SPP = U; each return undoes it.
    kernel.machine.writeCsr(0x100, 1 << 5);
    expect(kernel.run({ maxInstructions: 100 })).toBe('limit');
    expect([kernel.machine.priv, kernel.machine.readCsr(0x100) & 0x122]).toEqual([0, 0x22]);
    // Starting from SIE = 0, SPIE = 0 instead, SIE stays 0 throughout: SRET copies, it does not set.
    const off = await Kernel.create({ ramBytes: 16 << 20 });
    off.spawn(asmElf(program([ecall(172), '1:  j 1b'].join('\n'))));
    off.machine.writeCsr(0x100, 0);
    off.run({ maxInstructions: 100 });
    expect(off.machine.readCsr(0x100) & 0x122).toBe(0x20);
  });

  it('stops at the instruction limit exactly, and a later run continues', async () => {
    const kernel = await Kernel.create({ ramBytes: 16 << 20 });
    kernel.spawn(asmElf(program(['1:  j 1b'].join('\n'))));
    expect(kernel.run({ maxInstructions: 12_345 })).toBe('limit');
    expect(kernel.stats().instructions).toBe(12_345);
    expect(kernel.run({ maxInstructions: 655 })).toBe('limit');
    expect(kernel.stats().instructions).toBe(13_000);
    expect(kernel.processes()[0]!.status).toBeNull();
  });
});

describe('exec: the initial stack', () => {
  it('is laid out as Linux does: argc, argv, envp, auxv, then random bytes and strings', async () => {
    const dump = program([
      '    mv a1, sp',
      '    li a2, 0x80000000',
      '    sub a2, a2, a1',
      '    li a0, 1',
      '    li a7, 64',
      '    ecall',
      exit(0),
    ].join('\n'));
    const elf = asmElf(dump);
    const kernel = await Kernel.create({ ramBytes: 16 << 20, seed: 9 });
    kernel.spawn(elf, ['/bin/prog', 'one', 'two'], ['A=1', 'HOME=/']);
    kernel.run({ maxInstructions: 1000 });
    const bytes = Uint8Array.from(kernel.outputChunks().flatMap((c) => [...c.bytes]));
    const sp = 0x8000_0000 - bytes.length;
    // Strings from the top: a zero word, "/bin/prog" (AT_EXECFN), the envp and argv strings;
    // down to 16 bytes, the 16 random bytes at 0x7fffffc0; 42 table words end below them, 16-aligned.
    expect(sp).toBe(0x7fff_ff10);
    const word = (va: number) => new DataView(bytes.buffer).getUint32(va - sp, true);
    const string = (va: number) => new TextDecoder().decode(bytes.slice(va - sp, bytes.indexOf(0, va - sp)));
    const table = Array.from({ length: 42 }, (_, i) => word(sp + 4 * i));
    expect(table.slice(0, 8)).toEqual([3, 0x7fff_ffd5, 0x7fff_ffdf, 0x7fff_ffe3, 0, 0x7fff_ffe7, 0x7fff_ffeb, 0]);
    expect([1, 2, 3, 5, 6].map((i) => string(table[i]!))).toEqual(['/bin/prog', 'one', 'two', 'A=1', 'HOME=/']);
    expect(table.slice(8)).toEqual([
      16, 0x1105, // AT_HWCAP: I, M, A, C
      6, 4096, 17, 100, // AT_PAGESZ, AT_CLKTCK
      3, 0, 4, 32, 5, elf.segments.length, // AT_PHDR (headers not mapped), AT_PHENT, AT_PHNUM
      7, 0, 8, 0, 9, elf.entry, // AT_BASE, AT_FLAGS, AT_ENTRY
      11, 1000, 12, 1000, 13, 1000, 14, 1000, 23, 0, // AT_UID, AT_EUID, AT_GID, AT_EGID, AT_SECURE
      25, 0x7fff_ffc0, 31, 0x7fff_fff2, 0, 0, // AT_RANDOM, AT_EXECFN, AT_NULL
    ]);
    expect(string(0x7fff_fff2)).toBe('/bin/prog');
    expect(word(0x7fff_fffc)).toBe(0);
    expect([...bytes.slice(0x7fff_ffc0 - sp, 0x7fff_ffd0 - sp)]).toEqual([...new DeterministicRandom(9).bytes(16)]);
  });
});

describe('bad input', () => {
  it('is a clear MmulabError', async () => {
    await expect(Kernel.create({ quantum: 0 })).rejects.toThrow(/quantum must be a positive number/);
    const kernel = await Kernel.create({ ramBytes: 1 << 20 });
    const elf = asmElf(program(exit(0)));
    expect(() => kernel.spawn({ ...elf, machine: 62 })).toThrow(MmulabError);
    expect(() => kernel.spawn({ ...elf, machine: 62 })).toThrow('a.out: not a static RISC-V ELF32 executable (class 32, type 2, machine 62)');
    expect(() => kernel.run({ maxInstructions: -1 })).toThrow(/maxInstructions must be a non-negative integer/);
    const interp = { type: 3, flags: 4, offset: 0, vaddr: 0, paddr: 0, filesz: 0, memsz: 0, align: 1, data: new Uint8Array(0) };
    expect(() => kernel.spawn({ ...elf, segments: [interp, ...elf.segments] }, ['/bin/dyn'])).toThrow('/bin/dyn: dynamically linked (PT_INTERP); only static executables run');
  });

  it('spawning into a RAM too small for the first pages fails cleanly and leaks nothing', async () => {
    const kernel = await Kernel.create({ ramBytes: 8 * 4096 });
    const elf = asmElf(program(exit(0)));
    let spawned = 0;
    expect(() => { for (;;) { kernel.spawn(elf, ['p']); spawned++; } }).toThrow('p: out of memory (or stack limit) while loading it');
    expect(spawned).toBeGreaterThan(0);
    expect(kernel.run({ maxInstructions: 100_000 })).toBe('exited');
    checkAccounting(kernel);
  });
});
