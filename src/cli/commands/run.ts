// `mmulab run PROGRAM [ARG...] [PROGRAM [ARG...]]...`: run programs and report
// what the hardware and the kernel did.
import { Command } from 'commander';
import { MmulabError } from '../../errors.js';
import { addMachineOptions, type MachineRunOptions } from '../machine-options.js';
import { runBare } from '../run-bare.js';
import { runHosted } from '../run-hosted.js';
import { splitPrograms } from '../program-file.js';
import { addTraceOptions, type TraceOptions } from '../trace/tracer.js';

export interface RunOptions extends MachineRunOptions, TraceOptions {
  bare?: boolean;
  signature?: string;
  summary: boolean;
}

export function runCommand(): Command {
  const command = new Command('run')
    .description('run programs: ELF files, or .s sources assembled on the fly; words after a program are its arguments')
    .argument('<program...>', 'programs to run at once, each followed by its arguments')
    .option('--bare', 'bare-metal: load at physical addresses, start in M-mode, HTIF tohost for output and exit')
    .option('--no-summary', 'print only the guest output')
    .option('--signature <file>', 'with --bare: write the words from begin_signature to end_signature to FILE at the end (riscv-arch-test)');
  return addTraceOptions(addMachineOptions(command)).action(async (words: string[], opts: RunOptions) => {
    const programs = splitPrograms(words);
    if (opts.bare) {
      if (programs.length !== 1 || programs[0]!.args.length > 0) {
        throw new MmulabError('--bare runs exactly one program, without arguments');
      }
      if (opts.quantum !== undefined || opts.eager || !opts.asid) {
        throw new MmulabError('--quantum, --eager and --no-asid are kernel options: they do not apply with --bare');
      }
      process.exitCode = await runBare(programs[0]!.path, opts);
    } else {
      if (opts.signature !== undefined) throw new MmulabError('--signature dumps a bare-metal test\'s memory: it needs --bare');
      process.exitCode = await runHosted(programs, opts);
    }
  });
}
