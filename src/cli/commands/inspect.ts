// `mmulab inspect PROGRAM...`: run programs to a moment and show what the
// MMU sees then: each live process's page table and memory map, the frame
// map by owner, and the TLB.
import { Command, Option } from 'commander';
import { MmulabError } from '../../errors.js';
import { Kernel } from '../../kernel/index.js';
import { inspectKernel, runToPause, type Paused, type PausePoint } from '../../inspect/index.js';
import { addMachineOptions, kernelOptions, type MachineRunOptions } from '../machine-options.js';
import { parseCount } from '../options.js';
import { loadProgram, splitPrograms, type ProgramWords } from '../program-file.js';
import { renderInspectSvg } from '../render/inspect-svg.js';
import { renderInspectText } from '../render/inspect-text.js';

export interface PauseFlags {
  at?: number;
  atFault?: number;
  atExit?: boolean;
}

type InspectOptions = MachineRunOptions & PauseFlags & { format: 'text' | 'json' | 'svg' };

export function inspectCommand(): Command {
  const command = new Command('inspect')
    .description('run programs to a moment and show their page tables, memory maps, the frames by owner and the TLB')
    .argument('<program...>', 'programs to run at once, each followed by its arguments')
    .addOption(new Option('--format <format>', 'text for people, json (schema: src/inspect/types.ts), or svg pictures')
      .choices(['text', 'json', 'svg']).default('text'));
  addPauseOptions(command);
  return addMachineOptions(command).action(async (words: string[], opts: InspectOptions) => {
    const paused = await pausePrograms(splitPrograms(words), opts);
    const report = inspectKernel(paused.kernel, paused.pause);
    if (opts.format === 'json') process.stdout.write(JSON.stringify(report, null, 2) + '\n');
    else if (opts.format === 'svg') process.stdout.write(renderInspectSvg(report));
    else process.stdout.write(renderInspectText(report));
  });
}

/** --at N, --at-fault K, --at-exit (the default): where inspect and translate stop the programs. */
export function addPauseOptions(command: Command): Command {
  return command
    .option('--at <n>', 'stop after N instructions (0 to 10^15)', (v) => parseCount(v, 0, 1e15))
    .option('--at-fault <k>', 'stop just before the instruction that raises the K-th page fault (counted on the hart)', (v) => parseCount(v, 1, 1e9))
    .option('--at-exit', 'stop just before the last process ends, its memory still mapped (default)');
}

function pausePoint(opts: PauseFlags): PausePoint {
  const chosen = [opts.at !== undefined, opts.atFault !== undefined, opts.atExit === true].filter(Boolean).length;
  if (chosen > 1) throw new MmulabError('--at, --at-fault and --at-exit exclude each other: choose one moment');
  if (opts.at !== undefined) return { kind: 'instructions', n: opts.at };
  if (opts.atFault !== undefined) return { kind: 'fault', k: opts.atFault };
  return { kind: 'exit' };
}

/** Boot a kernel with the programs and run it to the moment the flags name. */
export async function pausePrograms(programs: ProgramWords[], opts: MachineRunOptions & PauseFlags): Promise<Paused> {
  const at = pausePoint(opts);
  const options = kernelOptions(opts);
  const elves = programs.map((p) => ({ elf: loadProgram(p.path, 'hosted'), argv: [p.path, ...p.args] }));
  return runToPause(async (trace) => {
    const kernel = await Kernel.create({ ...options, trace });
    for (const { elf, argv } of elves) kernel.spawn(elf, argv);
    return kernel;
  }, at, opts.maxInstructions);
}
