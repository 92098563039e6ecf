// One program under the kernel, driven step by step for the playground.
//
// Exact stepping back without snapshots: the emulator is deterministic, so
// the machine's state at instruction N is a function of the program, the
// options and the sizes of the Kernel.run calls that got it there (a call's
// end matters: the kernel drops the LR reservation there, as the timer
// interrupt it models would). The session keeps those call ends
// (`boundaries`) and goes to any earlier point by booting afresh and
// replaying them.
//
// Memory-access history for the X-ray: a single step translates its
// instruction's fetch and any data access with the hart's own side-effect-free
// walk just before the hart runs it (after the kernel's dispatch, so also for
// a process switched in at that step). A long run does not record; when
// it stops at instruction T, a scratch session re-executes to
// T - HISTORY_STEPS and single-steps the rest, so the last HISTORY_STEPS
// instructions are always recorded whichever way the machine got there, and
// recording never changes the real run.
import { disassembleOne } from '../asm/disasm.js';
import type { ElfFile } from '../elf/index.js';
import { explainTranslation } from '../inspect/index.js';
import { CSR_SATP, Kernel, type KernelEvent, type KernelOptions, type RunStop } from '../kernel/index.js';
import type { AccessRecord, LogEntry, MachineConfig, RunStatus, RunUntil, TlbSample } from './protocol.js';
import { dataAccess, isCall } from './access.js';
import { checkConfig } from './config.js';
import { describeEvent } from './describe.js';

/** Instructions recorded for the X-ray at the end of every operation. */
const HISTORY_STEPS = 64;
/**
 * Instructions per Kernel.run call while running freely: the hit-rate chart
 * gets a sample per call, and the page may send Pause between calls.
 */
const RUN_CHUNK = 20_000;
const MAX_LOG = 2_000;
const MAX_SAMPLES = 600;
const CSR_MSTATUS = 0x300;
const MSTATUS_SUM = 1 << 18;
const MSTATUS_MXR = 1 << 19;

type FaultEvent = Extract<KernelEvent, { kind: 'fault' }>;

/** A single step's instruction, translated just before the hart ran it. */
interface Translated {
  pid: number;
  records: AccessRecord[];
  mnemonic: string;
}

/** Gives the page a chance to send Pause; resolves true if it did. */
export type PausePoll = (instructions: number) => Promise<boolean>;

export class Session {
  kernel!: Kernel;
  status: RunStatus = 'ready';
  history: AccessRecord[] = [];
  log: LogEntry[] = [];
  samples: TlbSample[] = [];
  /** Processes alive now (from spawn and exit events), in pid order. */
  readonly live = new Set<number>();
  private boundaries: number[] = [];
  private stopOn: RunUntil | null = null;
  private matchedAt: number | null = null;
  /** A run stops only at events after this instruction count (so Run to never stops where it started). */
  private matchAfter = 0;
  /** The kernel's events during the current single step; null between steps. */
  private stepEvents: KernelEvent[] | null = null;
  /** Called once, just before the hart next runs (after the kernel's dispatch). */
  private beforeHartRuns: (() => void) | null = null;
  /** Instructions run before an LR whose reservation may still be held (no SC, trap or switch since). */
  private lrFrom: number | null = null;

  private constructor(
    private readonly wasm: ArrayBuffer | ArrayBufferView,
    readonly elf: ElfFile,
    readonly argv: readonly string[],
    readonly config: MachineConfig,
  ) {}

  static async create(wasm: ArrayBuffer | ArrayBufferView, elf: ElfFile, argv: readonly string[], config: MachineConfig): Promise<Session> {
    checkConfig(config);
    const s = new Session(wasm, elf, argv, config);
    await s.boot();
    s.sample();
    return s;
  }

  /** Instructions run so far (a trapping one counts, as in Kernel.stats). */
  get instructions(): number {
    return this.kernel.stats().instructions;
  }

  // A fresh kernel with the program spawned, at instruction 0.
  private async boot(): Promise<void> {
    const c = this.config;
    const options: KernelOptions = {
      ramBytes: c.ramBytes, tlb: c.tlb, ad: c.ad, asid: c.asid, quantum: c.quantum, seed: c.seed, eager: c.eager,
      trace: (e) => this.onEvent(e),
    };
    this.log = [];
    this.history = [];
    this.boundaries = [];
    this.lrFrom = null;
    this.live.clear();
    this.kernel = await Kernel.fromWasm(this.wasm, options);
    // Between the kernel's dispatch and the hart's first instruction is the
    // one moment a single step can translate its instruction for whichever
    // process the kernel put on the hart: wrap Machine.run to get it.
    const machine = this.kernel.machine;
    const run = machine.run.bind(machine);
    machine.run = (opts) => {
      const hook = this.beforeHartRuns;
      this.beforeHartRuns = null;
      hook?.();
      return run(opts);
    };
    this.kernel.spawn(this.elf, this.argv);
    this.status = 'ready';
  }

  private onEvent(e: KernelEvent): void {
    if (e.kind === 'spawn') this.live.add(e.pid);
    if (e.kind === 'exit') this.live.delete(e.pid);
    this.stepEvents?.push(e);
    const at = this.instructions;
    this.log.push({ at, kind: e.kind, pid: e.kind === 'switch' ? e.to : e.pid, text: describeEvent(e) });
    if (this.log.length > MAX_LOG) this.log.splice(0, this.log.length - MAX_LOG);
    if (this.matchedAt === null && this.stopOn !== null && at > this.matchAfter && matches(this.stopOn, e)) this.matchedAt = at;
  }

  /** The live process whose address space the hart's satp names, or null. */
  pidOnHart(): number | null {
    const satp = this.kernel.machine.readCsr(CSR_SATP);
    const root = (satp & 0x3f_ffff) * 4096;
    for (const pid of this.live) if (this.kernel.addressSpaceOf(pid)?.as.root === root) return pid;
    return null;
  }

  /** Run `count` instructions one at a time, recording their accesses. */
  async step(count: number): Promise<void> {
    for (let i = 0; i < count; i++) if (!(await this.stepRecorded())) break;
    this.finish('paused');
  }

  /** One instruction; over a call (JAL/JALR linking ra), runs until it returns to the next instruction. */
  async stepOver(poll: PausePoll): Promise<void> {
    const pid = this.pidOnHart();
    const m = this.kernel.machine;
    const word = pid === null ? null : this.fetchWord(m.pc);
    if (pid === null || word === null || !isCall(word)) {
      await this.step(1);
      return;
    }
    const resume = (m.pc + disassembleOne(word, m.pc).size) >>> 0;
    const limit = this.instructions + this.config.maxInstructions;
    let status: RunStatus = 'paused';
    while (await this.stepRecorded()) {
      if (this.pidOnHart() === pid && this.kernel.machine.pc === resume) break;
      const n = this.instructions;
      if (n >= limit) { status = 'limit'; break; }
      if (n % 4096 === 0 && await poll(n)) break;
    }
    this.finish(status);
  }

  /** Run freely until the program ends, the `until` event, Pause, or the instruction limit. */
  async run(until: RunUntil, poll: PausePoll): Promise<void> {
    const limit = this.instructions + this.config.maxInstructions;
    this.stopOn = until;
    this.matchedAt = null;
    this.matchAfter = this.instructions + (until === 'exit' ? 1 : 0);
    let status: RunStatus = 'paused';
    try {
      for (;;) {
        const n = this.instructions;
        if (n >= limit) { status = 'limit'; break; }
        const stop = this.kernel.run({ maxInstructions: Math.min(RUN_CHUNK, limit - n) });
        this.boundaries.push(this.instructions);
        this.sample();
        if (this.matchedAt !== null) break;
        if (stop !== 'limit') { status = stop; break; }
        if (await poll(this.instructions)) break;
      }
    } finally {
      this.stopOn = null;
    }
    // An exit is matched after the instruction that caused it: stop one short, the memory still there.
    const target = this.matchedAt === null ? this.instructions : this.matchedAt - (until === 'exit' ? 1 : 0);
    await this.goTo(target);
    this.finish(status);
  }

  /** Go back `count` instructions, exactly: boot afresh and replay to that point. */
  async back(count: number): Promise<void> {
    await this.goTo(Math.max(0, this.instructions - count));
    this.finish('paused');
  }

  async reset(): Promise<void> {
    await this.boot();
    this.samples = [];
    this.sample();
  }

  // Replay to `target` exactly, then record the history of the
  // instructions before it on a scratch session (so recording, which steps
  // one instruction per call, cannot change this session's state).
  private async goTo(target: number): Promise<void> {
    const boundaries = this.boundaries;
    await this.replay(target, boundaries);
    const scratch = new Session(this.wasm, this.elf, this.argv, this.config);
    await scratch.replay(Math.max(0, target - HISTORY_STEPS), boundaries);
    while (scratch.instructions < target) if (!(await scratch.stepRecorded())) break;
    this.history = scratch.history;
    this.samples = this.samples.filter((s) => s.at <= target);
  }

  // Boot afresh and run to `target` with the call ends in `boundaries` before it.
  private async replay(target: number, boundaries: readonly number[]): Promise<void> {
    await this.boot();
    for (const b of [...boundaries.filter((x) => x < target), target]) {
      const n = this.instructions;
      if (b <= n) continue;
      this.kernel.run({ maxInstructions: b - n });
      this.boundaries.push(this.instructions);
    }
  }

  private finish(status: RunStatus): void {
    const everyoneEnded = this.live.size === 0;
    this.status = everyoneEnded ? 'exited' : status;
    this.sample();
  }

  // One instruction, its accesses translated first; false if nothing ran.
  private async stepRecorded(): Promise<boolean> {
    const before = this.instructions;
    let next: Translated | null = null;
    const capture = (): void => {
      const pid = this.pidOnHart();
      if (pid !== null) next = { pid, ...this.translateNext(pid, before + 1) };
    };
    let stop: RunStop;
    if (this.lrFrom === null) {
      this.beforeHartRuns = capture;
      stop = this.runOne();
      this.beforeHartRuns = null;
    } else {
      capture(); // inside an LR..SC window nothing switches: the process on the hart runs next
      stop = await this.rerunFromLr(before + 1);
    }
    const events = this.stepEvents ?? [];
    this.stepEvents = null;
    const ran = this.instructions > before;
    const step = next as Translated | null; // assigned in capture (TypeScript cannot see through the call)
    this.trackReservation(step?.mnemonic ?? '', events, before);
    const kept = step?.records ?? [];
    const fault = events.find((e): e is FaultEvent => e.kind === 'fault');
    if (fault !== undefined) {
      const target = kept.find((r) => r.access === fault.fault.access) ?? faultOnlyRecord(fault, before + 1);
      target.kernel = describeEvent(fault);
      if (!kept.includes(target)) kept.push(target);
    }
    this.history.push(...kept);
    if (this.history.length > 2 * HISTORY_STEPS) this.history.splice(0, this.history.length - 2 * HISTORY_STEPS);
    if (stop === 'deadlock') this.status = 'deadlock';
    return ran && stop !== 'deadlock';
  }

  private runOne(): RunStop {
    const before = this.instructions;
    this.stepEvents = [];
    const stop = this.kernel.run({ maxInstructions: 1 });
    if (this.instructions > before) this.boundaries.push(this.instructions);
    return stop;
  }

  /**
   * Between an LR and its SC, a call end would drop the reservation (the
   * kernel takes it for a timer interrupt), so one instruction per call
   * would make every SC fail. Instead run from just before the LR to
   * `target` in one call, as a free run would, after replaying to there.
   */
  private async rerunFromLr(target: number): Promise<RunStop> {
    const from = this.lrFrom!;
    const history = this.history;
    await this.replay(from, this.boundaries.filter((b) => b <= from));
    this.history = history;
    this.lrFrom = from;
    this.stepEvents = [];
    const stop = this.kernel.run({ maxInstructions: target - this.instructions });
    this.boundaries.push(this.instructions);
    return stop;
  }

  // An LR opens a reservation; an SC, or any trap or switch, ends it.
  private trackReservation(mnemonic: string, events: readonly KernelEvent[], before: number): void {
    if (events.length > 0 || mnemonic.startsWith('sc.')) this.lrFrom = null;
    else if (mnemonic.startsWith('lr.') && this.lrFrom === null) this.lrFrom = before;
  }

  // The fetch and the data access of the instruction at pc, as the hart will translate them.
  private translateNext(pid: number, seq: number): { records: AccessRecord[]; mnemonic: string } {
    const m = this.kernel.machine;
    const pc = m.pc;
    const fetch = this.record(pid, seq, pc, '', 'fetch', pc);
    const word = fetch.hart?.pa == null ? null : this.fetchWord(pc);
    if (word === null) return { records: [fetch], mnemonic: '' };
    const d = disassembleOne(word, pc);
    fetch.text = d.text;
    const data = dataAccess(d, (i) => m.getReg(i));
    const records = data === null ? [fetch] : [fetch, this.record(pid, seq, pc, d.text, data.access, data.va)];
    return { records, mnemonic: d.mnemonic };
  }

  private record(pid: number, seq: number, pc: number, text: string, access: AccessRecord['access'], va: number): AccessRecord {
    const m = this.kernel.machine;
    const satp = m.readCsr(CSR_SATP);
    const mstatus = m.readCsr(CSR_MSTATUS);
    const explanation = explainTranslation({
      mode: this.kernel.kmem.mode, read: (pa) => m.readPhys32(pa), inRam: (pa) => m.inRam(pa, 4),
      satp, va, access, privilege: 'U', sum: (mstatus & MSTATUS_SUM) !== 0, mxr: (mstatus & MSTATUS_MXR) !== 0,
      ad: this.config.ad,
    });
    const t = m.translate(va, access);
    return {
      seq, pid, pc, text, access, va, tlbHit: this.inTlb(satp, va, access), explanation,
      hart: {
        steps: t.steps.map((s) => ({ level: s.level, pteAddress: s.pteAddress, pte: s.pte })),
        pa: 'pa' in t ? t.pa : null,
        cause: 'cause' in t ? t.cause : null,
      },
      kernel: null,
    };
  }

  // Whether the TLB that serves `access` holds an entry for va in satp's ASID (or a global one).
  private inTlb(satp: number, va: number, access: AccessRecord['access']): boolean {
    const asid = (satp >>> 22) & 0x1ff;
    return this.kernel.machine.tlbEntries().some((e) =>
      (e.global || e.asid === asid) && va >= e.va && va - e.va < e.pageSize &&
      (e.tlb === 'unified' || (e.tlb === 'itlb') === (access === 'fetch')));
  }

  /** The 16 or 32 bits at virtual pc in the hart's current address space, or null if not mapped. */
  fetchWord(pc: number): number | null {
    const low = this.fetchHalf(pc);
    if (low === null) return null;
    if ((low & 3) !== 3) return low;
    const high = this.fetchHalf(pc + 2);
    return high === null ? null : (low | (high << 16)) >>> 0;
  }

  private fetchHalf(va: number): number | null {
    const m = this.kernel.machine;
    const t = m.translate(va >>> 0, 'fetch');
    // Before the first dispatch the hart is in M-mode without translation: va is not a RAM address then.
    if (!('pa' in t) || !m.inRam(t.pa, 2)) return null;
    const bytes = m.readPhys(t.pa, 2);
    return bytes[0]! | (bytes[1]! << 8);
  }

  private sample(): void {
    const s = this.kernel.machine.stats();
    const sum = (c: { fetch: number; load: number; store: number }): number => c.fetch + c.load + c.store;
    const at = this.instructions;
    const last = this.samples[this.samples.length - 1];
    if (last !== undefined && last.at === at) this.samples.pop();
    this.samples.push({ at, hits: sum(s.tlbHits), misses: sum(s.tlbMisses) });
    // Too many: keep every other one (and the last), so the chart still spans the whole run.
    if (this.samples.length > MAX_SAMPLES) this.samples = this.samples.filter((_, i, all) => i % 2 === 0 || i === all.length - 1);
  }
}

function matches(until: RunUntil, e: KernelEvent): boolean {
  if (until === 'fault') return e.kind === 'fault';
  if (until === 'syscall') return e.kind === 'syscall';
  if (until === 'exit') return e.kind === 'exit';
  return until === 'event';
}

// An access known only from the kernel's fault event (the hart never ran: a fault before it, e.g. at the kernel's own access).
function faultOnlyRecord(e: FaultEvent, seq: number): AccessRecord {
  return {
    seq, pid: e.pid, pc: e.fault.pc, text: '', access: e.fault.access, va: e.fault.va,
    tlbHit: false, explanation: null, hart: null, kernel: null,
  };
}
