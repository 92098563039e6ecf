// The guest kernel (programs/bare/kernel/) on mmulab's Machine: what it
// prints, how it exits, and the traps and translations it takes, counted from
// the programs themselves (see the comments of main.s and user.s).
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { assemble } from '../../src/asm/index.js';
import { readElf } from '../../src/elf/index.js';
import { Kernel } from '../../src/kernel/kernel.js';
import { Machine, type MachineOptions, type MachineStats } from '../../src/machine/index.js';
import { assembleCase, GREETING, hex, KERNEL_CASES, KERNEL_DIR, SEGFAULT_STATUS, toUserAddress, type KernelCase } from '../../programs/bare/kernel/cases.js';

const MAX_INSTRUCTIONS = 10_000_000;
const CAUSE_USER_ECALL = 8;
const CAUSE_FETCH_PAGE_FAULT = 12;
const CAUSE_LOAD_PAGE_FAULT = 13;
const CAUSE_STORE_PAGE_FAULT = 15;
const CSR_MEDELEG = 0x302;
const CSR_MIDELEG = 0x303;
const CSR_SSCRATCH = 0x140;
const CSR_SEPC = 0x141;
const CSR_SCAUSE = 0x142;
const CSR_SATP = 0x180;
const PRIV_USER = 0;
const PRIV_SUPERVISOR = 1;
const REG_SP = 2;
const USER_BASE = 0x0001_0000;
const USER_STACK_TOP = 0x8000_0000;
/** The kernel reaches U-mode after a few thousand instructions (zeroing a page table is most of them). */
const MAX_BOOT_INSTRUCTIONS = 100_000;

interface Run {
  console: string;
  status: number;
  stats: MachineStats;
}

async function runCase(c: KernelCase, options: MachineOptions = {}): Promise<Run> {
  const m = await Machine.create(options);
  m.loadBareMetal(readElf(assembleCase(c).elf));
  const stop = m.run({ maxInstructions: MAX_INSTRUCTIONS });
  if (stop.kind !== 'exit') expect.unreachable(`${c.name}: stopped with ${JSON.stringify(stop)}; console:\n${m.console}`);
  return { console: m.console, status: stop.code, stats: m.stats() };
}

/** A machine stopped at the user program's first instruction, in U-mode. */
async function bootToUser(elf: Uint8Array): Promise<Machine> {
  const m = await Machine.create();
  m.loadBareMetal(readElf(elf));
  let steps = 0;
  while (m.priv !== PRIV_USER && steps++ < MAX_BOOT_INSTRUCTIONS) m.run({ maxInstructions: 1 });
  expect(m.priv).toBe(PRIV_USER);
  return m;
}

/** An exceptions-by-cause array with the given counts and zeros elsewhere. */
function exceptions(counts: Record<number, number>, length: number): number[] {
  return Array.from({ length }, (_, cause) => counts[cause] ?? 0);
}

const mainCase = KERNEL_CASES.find((c) => c.file === 'main.s') as KernelCase;
const segfaultCase = KERNEL_CASES.find((c) => c.file === 'segfault.s') as KernelCase;

describe('bare-metal guest kernel on mmulab', () => {
  it('main.s: prints both lines and exits 0', async () => {
    const run = await runCase(mainCase);
    expect(run.console).toBe('Hello from RISC-V user mode!\nThis line was copied across two heap pages.\n');
    expect(run.status).toBe(0);
  });

  it('main.s: 7 ecalls and 5 demand page faults, all taken by S-mode; M-mode takes nothing', async () => {
    const { stats } = await runCase(mainCase);
    // user.s: write, brk(0), brk(+2 pages), write, brk(shrink), brk(grow), exit.
    // Page faults: stores to 2 stack pages and 2 heap pages, one load of the
    // heap page brk gave back and took again.  Nothing else traps: no
    // ecall from S (9), no access fault (1, 5, 7), no interrupt.
    expect(stats.exceptions).toEqual(
      exceptions({ [CAUSE_USER_ECALL]: 7, [CAUSE_LOAD_PAGE_FAULT]: 1, [CAUSE_STORE_PAGE_FAULT]: 4 }, stats.exceptions.length),
    );
    expect(stats.pageFaults).toEqual({ fetch: 0, load: 1, store: 4 });
    expect(stats.interrupts.every((n) => n === 0)).toBe(true);
  });

  it('main.s: translates through page walks; sfence.vma once per satp write and page (un)mapped', async () => {
    const { stats } = await runCase(mainCase);
    expect(stats.walks).toBeGreaterThan(0);
    expect(stats.tlbMisses.fetch + stats.tlbMisses.load + stats.tlbMisses.store).toBeGreaterThan(0);
    expect(stats.translations.fetch).toBeGreaterThan(0);
    expect(stats.pteReads[1]).toBeGreaterThan(0); // root-level reads (megapages and pointers)
    expect(stats.pteReads[0]).toBeGreaterThan(0); // second-level reads (the user's 4 KiB pages)
    // enable_paging 1 + 5 demand pages mapped + 1 heap page unmapped by brk.
    expect(stats.sfences).toBe(7);
    // Every leaf PTE is written with A (and D if writable) set: the hardware never updates one.
    expect(stats.aUpdates).toBe(0);
    expect(stats.dUpdates).toBe(0);
  });

  it('main.s: the heap page brk gave back is reused from the free list', async () => {
    const program = assembleCase(mainCase);
    const m = await Machine.create();
    m.loadBareMetal(readElf(program.elf));
    expect(m.run({ maxInstructions: MAX_INSTRUCTIONS })).toEqual({ kind: 'exit', code: 0 });
    const word = (label: string): number => new DataView(m.readPhys(program.symbols.get(label)!, 4).buffer).getUint32(0, true);
    // Bumped: 2 second-level tables (image and heap; stack), 2 stack pages,
    // 2 heap pages.  The heap page unmapped by brk went to the free list and
    // came back for the last page fault, so the list is empty again.
    expect(word('next_unused_frame')).toBe(program.symbols.get('frame_pool')! + 6 * 4096);
    expect(word('free_frames')).toBe(0);
  });

  it('main.s: runs the same when A/D bits fault instead of being set (Svade)', async () => {
    const update = await runCase(mainCase, { ad: 'update' });
    const fault = await runCase(mainCase, { ad: 'fault' });
    expect(fault.console).toBe(update.console);
    expect(fault.status).toBe(0);
    expect(fault.stats.exceptions).toEqual(update.stats.exceptions);
  });

  it('main.s: does not depend on the TLB shape', async () => {
    const big = await runCase(mainCase, { tlb: { entries: 64, ways: 4, policy: 'lru' } });
    const tiny = await runCase(mainCase, { tlb: { entries: 1, ways: 1, policy: 'fifo' } });
    expect(tiny.console).toBe(big.console);
    expect(tiny.stats.exceptions).toEqual(big.stats.exceptions);
    expect(tiny.stats.walks).toBeGreaterThan(big.stats.walks);
  });

  it('segfault.s: one write, one illegal load fault, status 139', async () => {
    const run = await runCase(segfaultCase);
    expect(run.console).toMatch(/^Hello from RISC-V user mode!\nsegfault: load at 0x12345678 pc 0x000100[0-9a-f]{2} scause 13 stval 0x12345678\n$/);
    expect(run.status).toBe(139);
    expect(run.stats.exceptions).toEqual(
      exceptions({ [CAUSE_USER_ECALL]: 1, [CAUSE_LOAD_PAGE_FAULT]: 1 }, run.stats.exceptions.length),
    );
    expect(run.stats.pageFaults).toEqual({ fetch: 0, load: 1, store: 0 });
  });

  it('enters U-mode at 0x0001_0000 with the delegation and page tables boot.inc and vm.inc describe', async () => {
    const program = assembleCase(mainCase);
    const sym = (name: string): number => program.symbols.get(name)!;
    const m = await bootToUser(program.elf);
    expect(m.pc).toBe(USER_BASE);
    expect(m.getReg(REG_SP)).toBe(USER_STACK_TOP);
    const text = m.translate(USER_BASE, 'fetch');
    expect(text).toEqual({ pa: sym('user_text_start'), steps: expect.any(Array) });
    expect(text.steps.map((s) => s.level)).toEqual([1, 0]); // root, then a 4 KiB leaf
    const rodata = toUserAddress(program, sym('user_rodata_start'));
    const data = toUserAddress(program, sym('user_data_start'));
    const heap = toUserAddress(program, sym('user_data_end'));
    expect(m.translate(rodata, 'load')).toMatchObject({ pa: sym('user_rodata_start') });
    expect(m.translate(data, 'store')).toMatchObject({ pa: sym('user_data_start') });
    // Text is not writable, rodata neither, data not executable; the stack and
    // heap are not mapped until touched; the kernel has no U bit.
    expect(m.translate(USER_BASE, 'store')).toMatchObject({ cause: CAUSE_STORE_PAGE_FAULT });
    expect(m.translate(rodata, 'store')).toMatchObject({ cause: CAUSE_STORE_PAGE_FAULT });
    expect(m.translate(data, 'fetch')).toMatchObject({ cause: CAUSE_FETCH_PAGE_FAULT });
    expect(m.translate(USER_STACK_TOP - 4, 'store')).toMatchObject({ cause: CAUSE_STORE_PAGE_FAULT });
    expect(m.translate(heap, 'load')).toMatchObject({ cause: CAUSE_LOAD_PAGE_FAULT });
    expect(m.translate(0x8000_0000, 'load')).toMatchObject({ cause: CAUSE_LOAD_PAGE_FAULT });
    // Delegated: misaligned fetch (0), illegal instruction (2), breakpoint (3),
    // misaligned load (4) and store (6), ecall from U (8), page faults (12, 13,
    // 15); and the supervisor software, timer and external interrupts (1, 5, 9).
    expect(m.readCsr(CSR_MEDELEG)).toBe(0xb15d);
    expect(m.readCsr(CSR_MIDELEG)).toBe(0x222);
    // satp: Sv32, ASID 1, the root table.
    expect(m.readCsr(CSR_SATP)).toBe((0x8000_0000 | (1 << 22) | (sym('root_page_table') >>> 12)) >>> 0);
  });

  it('a user ecall traps straight to trap_entry in S-mode, which swaps sp with sscratch', async () => {
    const program = assembleCase(mainCase);
    const sym = (name: string): number => program.symbols.get(name)!;
    const firstEcall = program.listing.find((l) => l.file.endsWith('user.s') && l.source.trim() === 'ecall')!;
    const m = await bootToUser(program.elf);
    let steps = 0;
    while (m.priv === PRIV_USER && steps++ < MAX_BOOT_INSTRUCTIONS) m.run({ maxInstructions: 1 });
    expect(m.priv).toBe(PRIV_SUPERVISOR);
    expect(m.pc).toBe(sym('trap_entry'));
    expect(m.readCsr(CSR_SCAUSE)).toBe(CAUSE_USER_ECALL);
    expect(m.readCsr(CSR_SEPC)).toBe(toUserAddress(program, firstEcall.addr));
    expect(m.stats().exceptions[CAUSE_USER_ECALL]).toBe(1);
    m.run({ maxInstructions: 1 }); // csrrw sp, sscratch, sp
    expect(m.getReg(REG_SP)).toBe(sym('trap_frame'));
    expect(m.readCsr(CSR_SSCRATCH)).toBe(USER_STACK_TOP);
  });

  it('a trap from S-mode itself is a kernel bug: panic, status 1', async () => {
    const program = assembleCase(mainCase);
    const m = await bootToUser(program.elf);
    // Plant an EBREAK where do_syscall starts: the user's first ecall
    // reaches it in S-mode, and the breakpoint (delegated) traps from S-mode
    // to trap_entry again, where handle_trap sees sstatus.SPP = S.
    m.writePhys(program.symbols.get('do_syscall')!, new Uint8Array([0x73, 0x00, 0x10, 0x00])); // ebreak
    expect(m.run({ maxInstructions: MAX_INSTRUCTIONS })).toEqual({ kind: 'exit', code: 1 });
    expect(m.console).toBe('panic: trap from S-mode\n');
  });

  it('an exception M-mode does not delegate reaches machine_trap, which reports it and exits 1', async () => {
    const program = assembleCase(mainCase);
    const firstEcall = program.listing.find((l) => l.file.endsWith('user.s') && l.source.trim() === 'ecall');
    // Take back the delegation of ecalls once in U-mode: the user's first
    // ecall now traps to M-mode.
    const m = await bootToUser(program.elf);
    m.writeCsr(CSR_MEDELEG, m.readCsr(CSR_MEDELEG) & ~(1 << CAUSE_USER_ECALL));
    expect(m.run({ maxInstructions: MAX_INSTRUCTIONS })).toEqual({ kind: 'exit', code: 1 });
    const mepc = hex(toUserAddress(program, firstEcall!.addr));
    expect(m.console).toBe(`machine trap: mcause 0x00000008 mepc ${mepc} mtval 0x00000000\n`);
    expect(m.stats().exceptions[CAUSE_USER_ECALL]).toBe(1);
  });

  for (const c of KERNEL_CASES) {
    it(`${c.name}: prints what it should, exits ${c.status}`, async () => {
      const run = await runCase(c);
      expect(run.console).toBe(c.console(assembleCase(c)));
      expect(run.status).toBe(c.status);
    });
  }
});

// user.s and user-segfault.s are ordinary Linux programs: on the host's
// TypeScript kernel they must behave as under the guest kernel.
describe('the same user programs on the TypeScript kernel', () => {
  interface HostedRun {
    stdout: string;
    status: number | null;
    syscalls: Record<string, number>;
  }

  async function runHosted(file: string): Promise<HostedRun> {
    const path = join(KERNEL_DIR, file);
    const elf = readElf(assemble(readFileSync(path, 'utf8'), { file: path, layout: 'hosted' }).elf);
    const kernel = await Kernel.create({ ramBytes: 16 << 20 });
    kernel.spawn(elf, [file]);
    expect(kernel.run({ maxInstructions: MAX_INSTRUCTIONS })).toBe('exited');
    const proc = kernel.processes()[0]!;
    return { stdout: proc.stdout, status: proc.status, syscalls: kernel.stats().syscalls };
  }

  it('user.s: the output and status of main.s, after the same 7 system calls', async () => {
    const guest = await runCase(mainCase);
    expect(await runHosted('user.s')).toEqual({
      stdout: guest.console,
      status: 0,
      syscalls: { write: 2, brk: 4, exit: 1 },
    });
    expect(guest.stats.exceptions[CAUSE_USER_ECALL]).toBe(2 + 4 + 1);
  });

  it('user-segfault.s: the greeting, then killed by SIGSEGV (139)', async () => {
    expect(await runHosted('user-segfault.s')).toEqual({ stdout: GREETING, status: SEGFAULT_STATUS, syscalls: { write: 1 } });
  });
});
