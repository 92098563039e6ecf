// `mmulab run PROGRAM [ARG...] [PROGRAM [ARG...]]...`: run programs and report
// what the hardware and the kernel did.
import { Command } from 'commander';
import type { TlbShape } from '../../machine/index.js';
import { MmulabError } from '../../errors.js';
import { parseAdMode, parseCount, parseSize, parseTlb } from '../options.js';
import { runBare } from '../run-bare.js';
import { runHosted } from '../run-hosted.js';
import { splitPrograms } from '../program-file.js';

export interface RunOptions {
  bare?: boolean;
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
  summary: boolean;
}

const DEFAULT_MAX_INSTRUCTIONS = 1_000_000_000;

export function runCommand(): Command {
  return new Command('run')
    .description('run programs: ELF files, or .s sources assembled on the fly; words after a program are its arguments')
    .argument('<program...>', 'programs to run at once, each followed by its arguments')
    .option('--bare', 'bare-metal: load at physical addresses, start in M-mode, HTIF tohost for output and exit')
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
    .option('--seed <n>', 'seed for random TLB replacement, getrandom and AT_RANDOM', (v) => parseCount(v, 0, 2 ** 32 - 1))
    .option('--no-summary', 'print only the guest output')
    .action(async (words: string[], opts: RunOptions) => {
      if ((opts.itlb === undefined) !== (opts.dtlb === undefined)) {
        throw new MmulabError('--itlb and --dtlb go together (split TLBs); use --tlb for one unified TLB');
      }
      if (opts.tlb !== undefined && opts.itlb !== undefined) {
        throw new MmulabError('--tlb (unified) and --itlb/--dtlb (split) exclude each other');
      }
      const programs = splitPrograms(words);
      if (opts.bare) {
        if (programs.length !== 1 || programs[0]!.args.length > 0) {
          throw new MmulabError('--bare runs exactly one program, without arguments');
        }
        process.exitCode = await runBare(programs[0]!.path, opts);
      } else {
        process.exitCode = await runHosted(programs, opts);
      }
    });
}

/** The Machine's TLB option from --tlb or --itlb/--dtlb. */
export function tlbOption(opts: RunOptions): TlbShape | { itlb: TlbShape; dtlb: TlbShape } | undefined {
  if (opts.itlb !== undefined && opts.dtlb !== undefined) return { itlb: opts.itlb, dtlb: opts.dtlb };
  return opts.tlb;
}
