// Running one bare-metal program: the hart alone, M-mode at the ELF's entry, HTIF for output and exit.
import { Machine, type StopReason } from '../machine/index.js';
import { MmulabError } from '../errors.js';
import { loadProgram } from './program-file.js';
import type { RunOptions } from './commands/run.js';
import { tlbOption } from './machine-options.js';
import { count, hex } from './format.js';
import { hardwareSummary, sfenceSummary } from './summary.js';
import { openTracer } from './trace/tracer.js';
import { KERNEL_TRACE_KINDS } from './trace/options.js';
import { signatureRange, writeSignature } from './signature.js';
import { ProgressLine, RUN_TIMING, runProgressText } from './progress.js';

/** Instructions per machine.run() call, so the progress line can move (a multiple of the machine's own slice). */
const PROGRESS_SLICE = 4_000_000;

export async function runBare(program: string, opts: RunOptions): Promise<number> {
  if (KERNEL_TRACE_KINDS.some((k) => opts.trace?.has(k))) {
    throw new MmulabError('--trace syscall, sched and fault are kernel events: they do not apply with --bare');
  }
  if (opts.tracePid !== undefined) throw new MmulabError('--trace-pid selects a process of the kernel: it does not apply with --bare');
  const tracer = openTracer(opts);
  const machine = await Machine.create({
    ramBytes: opts.ram, tlb: tlbOption(opts), ad: opts.ad, seed: opts.seed, trace: tracer !== undefined,
  });
  const elf = loadProgram(program, 'bare');
  const signature = opts.signature === undefined ? undefined : { path: opts.signature, ...signatureRange(elf, program) };
  machine.loadBareMetal(elf);
  tracer?.attach(machine);
  const progress = new ProgressLine(process.stderr, RUN_TIMING, { enabled: tracer?.writesStderrDuringRun !== true });
  let stop: StopReason;
  try {
    stop = runInSlices(machine, opts.maxInstructions, progress);
  } finally {
    progress.clear();
    tracer?.close();
  }
  const seconds = progress.elapsedMs() / 1000;
  process.stdout.write(machine.console);
  // Written however the run stopped: a failing test's signature shows where it went wrong.
  if (signature) writeSignature(signature.path, machine.readPhys(signature.begin, signature.end - signature.begin));
  if (stop.kind === 'limit') {
    throw new MmulabError(`${program}: still running after ${count(opts.maxInstructions)} instructions ` +
      `(pc ${hex(machine.pc)}); raise --max-instructions if it should take longer`);
  }
  if (stop.kind === 'wfi') {
    throw new MmulabError(`${program}: the hart waits for an interrupt that can never come (WFI at pc ${hex(machine.pc)})`);
  }
  if (stop.kind !== 'exit') throw new MmulabError(`${program}: unexpected stop: ${stop.kind}`);
  if (opts.summary) {
    const staleUses = opts.checkSfence ? tracer?.staleUses : undefined;
    process.stderr.write(['', `exit status ${stop.code}`, ...hardwareSummary(machine.stats(), seconds),
      ...sfenceSummary(staleUses)].join('\n') + '\n');
  }
  return stop.code;
}

/**
 * machine.run() for up to `max` instructions, in slices with the progress
 * line drawn between them. A slice that ends by its limit has used its whole
 * budget, so the sum of the slices is exactly one run of `max`.
 */
function runInSlices(machine: Machine, max: number, progress: ProgressLine): StopReason {
  const first = machine.instret;
  for (let left = max; left > 0;) {
    const slice = Math.min(left, PROGRESS_SLICE);
    const stop = machine.run({ maxInstructions: slice });
    if (stop.kind !== 'limit') return stop;
    left -= slice;
    progress.update(runProgressText(machine.instret - first, progress.elapsedMs()));
  }
  return { kind: 'limit' };
}
