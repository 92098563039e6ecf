// `mmulab run PROGRAM`: run a program and report what the hardware did.
import { Command } from 'commander';
import { Machine, type MachineOptions, type MachineStats, type TlbShape } from '../../machine/index.js';
import { MmulabError } from '../../errors.js';
import { loadProgram } from '../program-file.js';
import { parseAdMode, parseCount, parseSize, parseTlb } from '../options.js';
import { count } from '../format.js';

interface RunOptions {
  bare?: boolean;
  maxInstructions: number;
  ram?: number;
  tlb?: TlbShape;
  ad?: 'fault' | 'update';
  seed?: number;
  summary: boolean;
}

const DEFAULT_MAX_INSTRUCTIONS = 1_000_000_000;

export function runCommand(): Command {
  return new Command('run')
    .description('run a program (an ELF file, or a .s source assembled on the fly)')
    .argument('<program>', 'ELF executable or assembly source')
    .option('--bare', 'bare-metal: load at physical addresses, start in M-mode, HTIF tohost for output and exit')
    .option('--max-instructions <n>', 'stop a guest that runs longer than this (1 to 10^15)',
      (v) => parseCount(v, 1, 1e15), DEFAULT_MAX_INSTRUCTIONS)
    .option('--ram <size>', 'RAM size (4K to 1792M, a multiple of 4K; default 128M)',
      (v) => parseSize(v, 4096, 0x7000_0000, 4096))
    .option('--tlb <shape>', 'unified TLB: ENTRIES[:WAYS[:POLICY]] (default 64:4:lru)', parseTlb)
    .option('--ad <mode>', "A/D bits: 'update' (hardware sets them, default) or 'fault' (page fault)", parseAdMode)
    .option('--seed <n>', 'seed for random TLB replacement', (v) => parseCount(v, 0, 2 ** 32 - 1))
    .option('--no-summary', 'print only the guest output')
    .action(async (program: string, opts: RunOptions) => {
      if (!opts.bare) {
        throw new MmulabError('hosted programs need the kernel, which is not built yet: use --bare for bare-metal programs');
      }
      process.exitCode = await runBare(program, opts);
    });
}

async function runBare(program: string, opts: RunOptions): Promise<number> {
  const machineOptions: MachineOptions = {};
  if (opts.ram !== undefined) machineOptions.ramBytes = opts.ram;
  if (opts.tlb !== undefined) machineOptions.tlb = opts.tlb;
  if (opts.ad !== undefined) machineOptions.ad = opts.ad;
  if (opts.seed !== undefined) machineOptions.seed = opts.seed;
  const machine = await Machine.create(machineOptions);
  machine.loadBareMetal(loadProgram(program, 'bare'));
  const start = performance.now();
  const stop = machine.run({ maxInstructions: opts.maxInstructions });
  const seconds = (performance.now() - start) / 1000;
  process.stdout.write(machine.console);
  if (stop.kind === 'limit') {
    throw new MmulabError(`${program}: still running after ${count(opts.maxInstructions)} instructions ` +
      `(pc 0x${machine.pc.toString(16)}); raise --max-instructions if it should take longer`);
  }
  if (stop.kind === 'wfi') {
    throw new MmulabError(`${program}: the hart waits for an interrupt that can never come (WFI at pc 0x${machine.pc.toString(16)})`);
  }
  if (stop.kind !== 'exit') throw new MmulabError(`${program}: unexpected stop: ${stop.kind}`);
  if (opts.summary) process.stderr.write(summary(machine.stats(), seconds, stop.code));
  return stop.code;
}

function summary(s: MachineStats, seconds: number, status: number): string {
  const mips = seconds > 0 ? s.instructions / seconds / 1e6 : 0;
  const translated = s.translations.fetch + s.translations.load + s.translations.store;
  const hits = s.tlbHits.fetch + s.tlbHits.load + s.tlbHits.store;
  const lines = [
    '',
    `exit status ${status}`,
    `instructions  ${count(s.instructions)} in ${(seconds * 1000).toFixed(1)} ms (${mips.toFixed(1)} MIPS)`,
  ];
  if (translated > 0) {
    lines.push(`translations  ${count(translated)}, TLB hit rate ${(100 * hits / translated).toFixed(2)} %, ` +
      `${count(s.walks)} walks, ${count(s.pageFaults.fetch + s.pageFaults.load + s.pageFaults.store)} page faults`);
  }
  const traps = s.exceptions.reduce((a, b) => a + b, 0) + s.interrupts.reduce((a, b) => a + b, 0);
  lines.push(`traps         ${count(traps)}`);
  return lines.join('\n') + '\n';
}
