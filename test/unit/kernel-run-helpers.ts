// Shared by the kernel-run-*.test.ts files (and the inspect tests that boot
// a kernel): build a program, boot a kernel, run to the end, check the
// accounting invariant after every run, and list a page table's leaves.
import { readFileSync } from 'node:fs';
import { expect } from 'vitest';
import { assemble } from '../../src/asm/index.js';
import { readElf, type ElfFile } from '../../src/elf/index.js';
import { Kernel, type KernelOptions, type ProcessResult, type RunStop } from '../../src/kernel/kernel.js';
import type { PageTableNode, PteInfo } from '../../src/inspect/index.js';

export const PAGE = 4096;

/** An assembly program (our assembler, hosted layout) as an ELF. */
export function asmElf(source: string, file = 'test.s'): ElfFile {
  return readElf(assemble(source, { file, layout: 'hosted' }).elf);
}

/** A file in programs/: .s files are assembled, .elf files read. */
export function programElf(path: string): ElfFile {
  if (path.endsWith('.s')) return readElf(assemble(readFileSync(path, 'utf8'), { file: path, layout: 'hosted' }).elf);
  return readElf(readFileSync(path));
}

export interface Run {
  kernel: Kernel;
  stop: RunStop;
  first: ProcessResult;
  stdout: string;
}

/** Boot with 16 MiB (unless told), spawn, run to the end, check the invariant. */
export async function runElf(elf: ElfFile, argv: string[] = ['prog'], options: KernelOptions = {}, maxInstructions = 200_000_000): Promise<Run> {
  const kernel = await Kernel.create({ ramBytes: 16 << 20, ...options });
  kernel.spawn(elf, argv);
  const stop = kernel.run({ maxInstructions });
  checkAccounting(kernel);
  return { kernel, stop, first: kernel.processes()[0]!, stdout: kernel.stdout };
}

/**
 * The accounting invariant: the frames of every owner add up to RAM, the
 * allocators are consistent, and once every process has ended only free
 * frames remain.
 */
export function checkAccounting(kernel: Kernel): void {
  const frames = kernel.stats().frames;
  const total = Object.values(frames).reduce((a, b) => a + b, 0);
  expect(total).toBe(kernel.kmem.frames.nframes);
  kernel.kmem.checkInvariants();
  if (kernel.processes().every((p) => p.termination !== null)) {
    expect(frames).toEqual({ free: kernel.kmem.frames.nframes });
  }
}

/** Assembly source with the syscall numbers, _start at the top. */
export function program(body: string, data = ''): string {
  return `    .text\n    .globl _start\n_start:\n${body}\n    .data\n${data}\n`;
}

/** One system call as the trace saw it. */
export interface CallRecord {
  pid: number;
  name: string | null;
  result: number | 'sleep' | 'no-return';
}

/** Run an assembly program and record every system call's result. */
export async function traceCalls(source: string, options: KernelOptions = {}, argv = ['prog']): Promise<Run & { calls: CallRecord[] }> {
  const calls: CallRecord[] = [];
  const run = await runElf(asmElf(source), argv, {
    ...options,
    trace: (e) => {
      if (e.kind === 'syscall') calls.push({ pid: e.pid, name: e.name, result: e.result });
      if (e.kind === 'wake') calls.push({ pid: e.pid, name: `${e.reason} (woken)`, result: e.result });
      options.trace?.(e);
    },
  });
  return { ...run, calls };
}

/**
 * Assembly for one ecall: a7 = nr, then a0.. from args (a number is loaded
 * with li, a string names a label loaded with la).
 */
export function ecall(nr: number, ...args: Array<number | string>): string {
  const loads = args.map((a, i) => (typeof a === 'number' ? `    li a${i}, ${a}` : `    la a${i}, ${a}`));
  return [...loads, `    li a7, ${nr}`, '    ecall'].join('\n');
}

/** exit(code) as assembly. */
export function exit(code: number): string {
  return ecall(93, code);
}

/** The results of the calls named `name`, in order. */
export function resultsOf(calls: CallRecord[], name: string): Array<number | string> {
  return calls.filter((c) => c.name === name).map((c) => c.result);
}

/** Every leaf entry of the page table tree, depth first. */
export function leaves(node: PageTableNode): PteInfo[] {
  return [...node.entries.filter((e) => e.kind === 'leaf'), ...node.children.flatMap(leaves)];
}
