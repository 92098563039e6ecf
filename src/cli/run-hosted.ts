// Running user programs under the TypeScript kernel: each in its own address
// space under Sv32, timeshared round-robin. Output streams as it is written;
// the summary follows on stderr.
import { Kernel, SIGNAL_NAMES, type KernelStats, type ProcessResult } from '../kernel/index.js';
import { MmulabError } from '../errors.js';
import { loadProgram, type ProgramWords } from './program-file.js';
import type { RunOptions } from './commands/run.js';
import { kernelOptions } from './machine-options.js';
import { count } from './format.js';
import { hardwareSummary, kernelSummary, sfenceSummary } from './summary.js';
import { readTraceWasm } from '../machine/trace.js';
import { openTracer, type Tracer } from './trace/tracer.js';
import { ProgressLine, RUN_TIMING, runProgressText } from './progress.js';

/** Instructions between looks at the output (so long runs stream it) and redraws of the progress line. */
const OUTPUT_SLICE = 20_000_000;

export async function runHosted(programs: ProgramWords[], opts: RunOptions): Promise<number> {
  const tracer = openTracer(opts);
  try {
    return await runTraced(programs, opts, tracer);
  } finally {
    tracer?.close();
  }
}

/** Boots the kernel (on the traced build when the hart must record), with the tracer attached. */
async function bootKernel(opts: RunOptions, tracer: Tracer | undefined): Promise<Kernel> {
  if (tracer === undefined) return Kernel.create(kernelOptions(opts));
  const options = {
    ...kernelOptions(opts), trace: tracer.kernelEvent, trapCost: tracer.wantsTrapCost ? tracer.kernelEvent : undefined,
  };
  if (!tracer.needsHart) return Kernel.create(options);
  const kernel = await Kernel.fromWasm(await readTraceWasm(), options);
  tracer.attach(kernel.machine);
  return kernel;
}

async function runTraced(programs: ProgramWords[], opts: RunOptions, tracer: Tracer | undefined): Promise<number> {
  const kernel = await bootKernel(opts, tracer);
  for (const p of programs) kernel.spawn(loadProgram(p.path, 'hosted'), [p.path, ...p.args]);

  const progress = new ProgressLine(process.stderr, RUN_TIMING, { enabled: tracer?.writesStderrDuringRun !== true });
  let printed = 0;
  let left = opts.maxInstructions;
  let stop: ReturnType<Kernel['run']> = 'limit';
  try {
    while (left > 0) {
      const before = kernel.stats().instructions;
      stop = kernel.run({ maxInstructions: Math.min(left, OUTPUT_SLICE) });
      left -= Math.max(1, kernel.stats().instructions - before);
      tracer?.flush();
      printed = printOutput(kernel, printed, progress);
      if (stop !== 'limit') break;
      progress.update(runProgressText(kernel.stats().instructions, progress.elapsedMs()));
    }
  } finally {
    progress.clear();
  }
  const seconds = progress.elapsedMs() / 1000;
  const results = kernel.processes();
  for (const r of results) for (const report of r.reports) process.stderr.write(report.endsWith('\n') ? report : report + '\n');
  if (stop === 'limit') {
    throw new MmulabError(`still running after ${count(opts.maxInstructions)} instructions; ` +
      'raise --max-instructions if it should take longer');
  }
  if (stop === 'deadlock') throw new MmulabError('every remaining process waits for something that can never happen');
  if (opts.summary) {
    const staleUses = opts.checkSfence ? tracer?.staleUses : undefined;
    process.stderr.write(summary(results, kernel.stats(), seconds, staleUses));
  }
  return results[0]?.status ?? 0;
}

/** Writes the output chunks from index `from` on (erasing the progress line first); returns how many have been written. */
function printOutput(kernel: Kernel, from: number, progress: ProgressLine): number {
  const chunks = kernel.outputChunks();
  if (chunks.length > from) progress.clear();
  for (let i = from; i < chunks.length; i++) {
    const c = chunks[i]!;
    (c.fd === 1 ? process.stdout : process.stderr).write(c.bytes);
  }
  return chunks.length;
}

function summary(results: ProcessResult[], stats: KernelStats, seconds: number, staleUses: number | undefined): string {
  const lines = [''];
  for (const r of results) {
    const how = r.termination?.kind === 'killed' ? `killed by ${signalName(r.termination.signal)}` : `exit status ${r.status}`;
    lines.push(`pid ${r.pid} ${r.name}: ${how}, ${count(r.instructions)} instructions`);
  }
  lines.push(...hardwareSummary(stats.machine, seconds), ...kernelSummary(stats), ...sfenceSummary(staleUses));
  return lines.join('\n') + '\n';
}

function signalName(signal: number): string {
  return `${SIGNAL_NAMES[signal] ?? 'signal'} (${signal}; exit status ${128 + signal})`;
}
