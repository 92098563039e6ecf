// The machine and kernel options shared by every command that runs user
// programs (run, inspect, translate): one definition of each flag, its
// parser and its help text, and the KernelOptions they make.
import { Command } from 'commander';
import { MmulabError } from '../errors.js';
import type { KernelOptions } from '../kernel/index.js';
import type { TlbShape } from '../machine/index.js';
import { parseAdMode, parseCount, parseSize, parseTlb } from './options.js';

export interface MachineRunOptions {
  maxInstructions: number;
  ram?: number;
  tlb?: TlbShape;
  itlb?: TlbShape;
  dtlb?: TlbShape;
  ad?: 'fault' | 'update';
  asid: boolean;
  quantum?: number;
  eager?: boolean;
  seed?: number;
}

export const DEFAULT_MAX_INSTRUCTIONS = 1_000_000_000;

/** Adds --max-instructions, --ram, --tlb/--itlb/--dtlb, --ad, --no-asid, --quantum, --eager and --seed. */
export function addMachineOptions(command: Command): Command {
  return command
    .option('--max-instructions <n>', 'stop a guest that runs longer than this (1 to 10^15; default 10^9)',
      (v) => parseCount(v, 1, 1e15), DEFAULT_MAX_INSTRUCTIONS)
    .option('--ram <size>', 'RAM size (4K to 1792M, a multiple of 4K; default 128M)',
      (v) => parseSize(v, 4096, 0x7000_0000, 4096))
    .option('--tlb <shape>', 'unified TLB: ENTRIES[:WAYS[:POLICY]] (default 64:4:lru)', parseTlb)
    .option('--itlb <shape>', 'split TLBs: the instruction TLB (needs --dtlb)', parseTlb)
    .option('--dtlb <shape>', 'split TLBs: the data TLB (needs --itlb)', parseTlb)
    .option('--ad <mode>', "A/D bits: 'update' (hardware sets them, default) or 'fault' (page fault, kernel sets them)", parseAdMode)
    .option('--no-asid', 'no ASIDs: flush the TLB at every context switch')
    .option('--quantum <n>', 'instructions per time slice (100 to 10^9; default 100,000)', (v) => parseCount(v, 100, 1e9))
    .option('--eager', 'load every page at exec instead of on first touch (demand paging)')
    .option('--seed <n>', 'seed for random TLB replacement, getrandom and AT_RANDOM', (v) => parseCount(v, 0, 2 ** 32 - 1));
}

/** The Machine's TLB option from --tlb or --itlb/--dtlb, after checking they do not conflict. */
export function tlbOption(opts: MachineRunOptions): TlbShape | { itlb: TlbShape; dtlb: TlbShape } | undefined {
  if ((opts.itlb === undefined) !== (opts.dtlb === undefined)) {
    throw new MmulabError('--itlb and --dtlb go together (split TLBs); use --tlb for one unified TLB');
  }
  if (opts.tlb !== undefined && opts.itlb !== undefined) {
    throw new MmulabError('--tlb (unified) and --itlb/--dtlb (split) exclude each other');
  }
  if (opts.itlb !== undefined && opts.dtlb !== undefined) return { itlb: opts.itlb, dtlb: opts.dtlb };
  return opts.tlb;
}

/** KernelOptions from the parsed flags. */
export function kernelOptions(opts: MachineRunOptions): KernelOptions {
  return {
    ramBytes: opts.ram, tlb: tlbOption(opts), ad: opts.ad, seed: opts.seed,
    quantum: opts.quantum, asid: opts.asid, eager: opts.eager,
  };
}
