// Machine: one RV32IMAC hart with Sv32, its modeled TLB, RAM, CLINT and HTIF,
// running in Wasm (assembly/). This class owns the instance, re-creates its
// typed views whenever memory grows, runs the hart in slices and services
// HTIF between slices.
import { EM_RISCV, PT_LOAD, symbolValue, type ElfFile } from '../elf/index.js';
import { MachineError } from './errors.js';
import { Htif } from './htif.js';
import {
  instantiateHart, defaultHartModule, type HartExports, STOP_BUDGET, STOP_HTIF, STOP_TRAP, STOP_WFI,
} from './wasm.js';
import type {
  AccessCounts, MachineOptions, MachineStats, StopReason, TlbEntry, TlbPolicy, TlbShape, Translation, WalkStep,
} from './types.js';
import {
  STOP_TRACE, drainRing, traceHartModule, traceMask, writeTraceMask, type TraceGroups, type TraceRecord,
} from './trace.js';

export type { TraceGroups, TraceRecord } from './trace.js';
export type {
  AccessCounts, AdMode, MachineOptions, MachineStats, StopReason, TlbEntry, TlbPolicy, TlbShape, Translation,
  WalkStep,
} from './types.js';

export const RAM_BASE = 0x8000_0000;
export const DEFAULT_RAM_BYTES = 128 * 1024 * 1024;
/** The default TLB: unified, 64 entries, 4-way set-associative, LRU. */
export const DEFAULT_TLB: TlbShape = { entries: 64, ways: 4, policy: 'lru' };
/** Instructions per Wasm call: long enough to amortise the call, short enough to stay responsive. */
const SLICE = 1_000_000;
const POLICY_CODES: Record<TlbPolicy, number> = { lru: 0, fifo: 1, random: 2 };
const ACCESS_CODES = { fetch: 0, load: 1, store: 2 } as const;
const STAT_COUNT = 80;
/** The TLB entry layout of assembly/mmu/tlb.ts. */
const TLB_ENTRY_SIZE = 32;
const TLB_ENTRY_VALID = 0x8000_0000;

export class Machine {
  private htif: Htif | undefined;
  /** instret when the statistics were last zeroed (at reset or resetStats). */
  private instretAtStatsReset = 0;
  private bytes = new Uint8Array(0);
  private words = new Uint32Array(0);
  private readonly ramLocation: number;
  readonly ramBytes: number;
  /** Where the traced build's ring lives; undefined for the release build (no tracing code). */
  private readonly traceRing: number | undefined;
  private traceSink: ((records: TraceRecord[]) => void) | undefined;
  /** The traced build's stale-translation check, told of every host write to RAM (assembly/mmu/stale.ts). */
  private readonly noteHostWrite: (pa: number, size: number) => void;

  private constructor(private readonly hw: HartExports, private readonly options: MachineOptions) {
    this.ramBytes = options.ramBytes ?? DEFAULT_RAM_BYTES;
    this.ramLocation = hw.ramLocation.value as number;
    const ring = (hw as HartExports & { traceRingLocation?: WebAssembly.Global }).traceRingLocation;
    this.traceRing = ring === undefined ? undefined : ring.value as number;
    const stale = (hw as HartExports & { staleHostWrite?: (pa: number, size: number) => void }).staleHostWrite;
    this.noteHostWrite = stale ?? (() => {});
  }

  /**
   * Builds a machine from build/mmulab.wasm (Node; compiled once per process),
   * or with `trace: true` from build/mmulab-trace.wasm, which can trace (setTrace).
   */
  static async create(options: MachineOptions & { trace?: boolean } = {}): Promise<Machine> {
    const { trace, ...rest } = options;
    return Machine.fromWasm(await (trace ? traceHartModule() : defaultHartModule()), rest);
  }

  /** Whether this is the traced build (made with `trace: true`, or fromWasm with its bytes). */
  get traced(): boolean {
    return this.traceRing !== undefined;
  }

  /**
   * Starts (or, with no groups, stops) tracing: run() hands every record to
   * `sink` in order, whenever the ring fills and before it returns. Tracing
   * memory or MMU events, or checking for stale translations, sends every
   * access through the modeled TLB lookup (the fast caches are invisible:
   * the same statistics, the same TLB).
   */
  setTrace(groups: TraceGroups, sink: (records: TraceRecord[]) => void): void {
    if (this.traceRing === undefined) {
      throw new MachineError('this machine has no tracing (build it with Machine.create({ trace: true }))');
    }
    writeTraceMask(this.hw.memory, this.traceRing, traceMask(groups));
    this.traceSink = sink;
    const fast = this.options.fastPaths !== false && !groups.mem && !groups.mmu && !groups.stale;
    this.hw.setFastPaths(fast ? 1 : 0);
  }

  private drainTrace(): void {
    if (this.traceRing === undefined) return;
    const records = drainRing(this.hw.memory, this.traceRing);
    if (records.length > 0) this.traceSink?.(records);
  }

  /** Builds a machine from mmulab.wasm's bytes (e.g. fetched by a browser) or its compiled module. */
  static async fromWasm(
    wasm: ArrayBuffer | ArrayBufferView | WebAssembly.Module, options: MachineOptions = {},
  ): Promise<Machine> {
    checkOptions(options);
    const machine = new Machine(await instantiateHart(wasm), options);
    machine.init();
    return machine;
  }

  private init(): void {
    const { hw, options } = this;
    const status = hw.init(this.ramBytes, this.adUpdate());
    if (status === 1) throw new MachineError('internal: the Wasm memory layout overlaps itself');
    if (status === 2) throw new MachineError(`cannot allocate ${this.ramBytes} bytes of guest RAM`);
    const tlb = options.tlb ?? DEFAULT_TLB;
    if ('itlb' in tlb) {
      this.shapeTlb(0, 0, tlb.itlb, true);
      this.shapeTlb(1, tlb.itlb.entries, tlb.dtlb, true);
    } else {
      this.shapeTlb(0, 0, tlb, false);
    }
    hw.setSeed(options.seed ?? 1);
    hw.setFastPaths(options.fastPaths === false ? 0 : 1);
    hw.setHostTraps(options.hostTraps ? 1 : 0);
  }

  private shapeTlb(t: number, first: number, shape: TlbShape, split: boolean): void {
    this.hw.configureTlb(t, first, shape.entries / shape.ways, shape.ways, POLICY_CODES[shape.policy], split ? 1 : 0);
  }

  private adUpdate(): number {
    return (this.options.ad ?? 'update') === 'update' ? 1 : 0;
  }

  /** Resets the hart (registers, CSRs, privilege M, statistics); RAM and TLB shape are kept. */
  reset(): void {
    this.hw.reset(this.adUpdate());
    this.instretAtStatsReset = 0;
    this.htif = undefined;
    this.hw.setTohost(0);
  }

  /**
   * Resets the hart and loads a bare-metal ELF32: each PT_LOAD segment at its
   * physical address (zero-filled to memsz), pc = entry, M-mode, HTIF at the
   * `tohost`/`fromhost` symbols if present.
   */
  loadBareMetal(elf: ElfFile): void {
    if (elf.bits !== 32 || elf.machine !== EM_RISCV) {
      throw new MachineError(`not a RISC-V ELF32 executable (class ${elf.bits}, machine ${elf.machine})`);
    }
    this.reset();
    for (const seg of elf.segments) {
      if (seg.type !== PT_LOAD || seg.memsz === 0) continue;
      this.checkRam(seg.paddr, seg.memsz, 'segment');
      this.writePhys(seg.paddr, seg.data.subarray(0, seg.filesz));
      this.writePhys(seg.paddr + seg.filesz, new Uint8Array(seg.memsz - seg.filesz));
    }
    const tohost = symbolValue(elf, 'tohost');
    if (tohost !== undefined) {
      this.checkRam(tohost, 8, 'tohost');
      this.htif = new Htif(this, tohost, symbolValue(elf, 'fromhost'));
      this.hw.setTohost(tohost);
    }
    this.pc = elf.entry;
  }

  /** Runs until HTIF exit, a host trap, a WFI nothing can end, or maxInstructions. */
  run(opts: { maxInstructions: number }): StopReason {
    let remaining = opts.maxInstructions;
    if (!Number.isSafeInteger(remaining) || remaining < 0) {
      throw new MachineError(`maxInstructions must be a non-negative integer (got ${remaining})`);
    }
    while (remaining > 0) {
      const code = this.hw.run(Math.min(remaining, SLICE));
      remaining -= this.hw.runCount();
      this.drainTrace();
      if (code === STOP_BUDGET || code === STOP_TRACE) continue;
      if (code === STOP_HTIF) {
        const exit = this.htif?.service();
        if (exit !== undefined) return { kind: 'exit', code: exit };
        continue;
      }
      if (code === STOP_TRAP) {
        const hw = this.hw;
        return {
          kind: 'trap', cause: hw.trapCauseOf() >>> 0, tval: hw.trapTvalOf() >>> 0,
          epc: hw.trapEpcOf() >>> 0, fromPriv: hw.trapFromPrivOf(),
        };
      }
      if (code === STOP_WFI) return { kind: 'wfi' };
    }
    return { kind: 'limit' };
  }

  /** Everything the guest wrote through HTIF (console device and write syscall). */
  get console(): string {
    return this.htif?.console ?? '';
  }

  get pc(): number { return this.hw.getPc() >>> 0; }
  set pc(v: number) { this.hw.setPc(v >>> 0); }
  get priv(): number { return this.hw.getPriv(); }
  set priv(p: number) {
    if (p !== 0 && p !== 1 && p !== 3) throw new MachineError(`privilege ${p} is not U (0), S (1) or M (3)`);
    this.hw.setPrivilege(p);
  }
  get instret(): number {
    return this.hw.instretHi() * 2 ** 32 + (this.hw.instretLo() >>> 0);
  }

  getReg(i: number): number {
    checkReg(i);
    return this.u32()[(this.hw.regsLocation.value as number) / 4 + i]! >>> 0;
  }

  setReg(i: number, v: number): void {
    checkReg(i);
    if (i !== 0) this.u32()[(this.hw.regsLocation.value as number) / 4 + i] = v >>> 0;
  }

  /** Host CSR read: no privilege checks. Throws for an unimplemented CSR. */
  readCsr(addr: number): number {
    this.checkCsr(addr);
    return this.hw.readCsr(addr) >>> 0;
  }

  /** Host CSR write: no privilege checks, WARL rules applied. Throws for an unimplemented CSR. */
  writeCsr(addr: number, v: number): void {
    this.checkCsr(addr);
    this.hw.writeCsr(addr, v >>> 0);
  }

  readPhys(pa: number, len: number): Uint8Array {
    this.checkRam(pa, len, 'read');
    const at = this.ramLocation + (pa - RAM_BASE);
    return this.u8().slice(at, at + len);
  }

  writePhys(pa: number, bytes: Uint8Array): void {
    this.checkRam(pa, bytes.length, 'write');
    this.u8().set(bytes, this.ramLocation + (pa - RAM_BASE));
    this.noteHostWrite(pa, bytes.length);
  }

  /** Translates va as the hart would now (privilege, MPRV, SUM, MXR, satp) without any side effect. */
  translate(va: number, access: 'fetch' | 'load' | 'store'): Translation {
    this.hw.translate(va >>> 0, ACCESS_CODES[access]);
    const view = new DataView(this.hw.memory.buffer, this.hw.traceLocation.value as number);
    const status = view.getUint32(0, true);
    const steps: WalkStep[] = [];
    const count = view.getUint32(12, true);
    for (let i = 0; i < count; i++) {
      const s = 16 + i * 20;
      steps.push({
        level: view.getUint32(s, true),
        pteAddress: Number(view.getBigUint64(s + 4, true)),
        pte: Number(view.getBigUint64(s + 12, true)),
      });
    }
    if (status !== 0) return { cause: status, steps };
    return { pa: Number(view.getBigUint64(4, true)), steps };
  }

  stats(): MachineStats {
    const raw = new BigUint64Array(this.hw.memory.buffer, this.hw.statsLocation.value as number, STAT_COUNT);
    const n = (i: number): number => Number(raw[i]!);
    const triple = (i: number): AccessCounts => ({ fetch: n(i), load: n(i + 1), store: n(i + 2) });
    const translations = triple(0);
    const tlbMisses = triple(6);
    return {
      instructions: this.instret - this.instretAtStatsReset,
      translations,
      untranslated: triple(3),
      tlbHits: {
        fetch: translations.fetch - tlbMisses.fetch,
        load: translations.load - tlbMisses.load,
        store: translations.store - tlbMisses.store,
      },
      tlbMisses,
      walks: n(6) + n(7) + n(8), // every TLB miss walks (assembly/layout.ts)
      pteReads: [n(10), n(11)],
      aUpdates: n(15),
      dUpdates: n(16),
      pageFaults: triple(17),
      tlbEvictions: n(20),
      sfences: n(21),
      tlbEntriesFlushed: n(22),
      exceptions: Array.from({ length: 16 }, (_, i) => n(32 + i)),
      interrupts: Array.from({ length: 16 }, (_, i) => n(48 + i)),
    };
  }

  /** The valid entries of the modeled TLB(s), in index order (set by set, way by way). */
  tlbEntries(): TlbEntry[] {
    const tlb = this.options.tlb ?? DEFAULT_TLB;
    const parts: [TlbEntry['tlb'], TlbShape][] = 'itlb' in tlb ? [['itlb', tlb.itlb], ['dtlb', tlb.dtlb]] : [['unified', tlb]];
    const view = new DataView(this.hw.memory.buffer, this.hw.tlbLocation.value as number);
    const out: TlbEntry[] = [];
    let index = 0;
    for (const [name, shape] of parts) {
      for (let i = 0; i < shape.entries; i++, index++) {
        const at = index * TLB_ENTRY_SIZE;
        const flags = view.getUint32(at + 4, true);
        if ((flags & TLB_ENTRY_VALID) === 0) continue;
        const shift = view.getUint32(at + 12, true);
        out.push({
          tlb: name, set: Math.floor(i / shape.ways), way: i % shape.ways,
          va: (view.getUint32(at, true) * 2 ** shift) >>> 0, pageSize: 2 ** shift,
          pa: Number(view.getBigUint64(at + 16, true)) * 4096, asid: view.getUint32(at + 8, true),
          global: (flags & 0x20) !== 0, pteFlags: flags & 0xff, stamp: Number(view.getBigUint64(at + 24, true)),
        });
      }
    }
    return out;
  }

  /** Zeroes the statistics (instret itself is architectural and keeps counting). */
  resetStats(): void {
    this.hw.resetStats();
    this.instretAtStatsReset = this.instret;
  }

  /** Whether [pa, pa + len) lies in RAM. */
  inRam(pa: number, len: number): boolean {
    return Number.isInteger(pa) && Number.isInteger(len) && len >= 0 &&
      pa >= RAM_BASE && pa + len <= RAM_BASE + this.ramBytes;
  }

  private checkRam(pa: number, len: number, what: string): void {
    if (!this.inRam(pa, len)) {
      throw new MachineError(
        `${what}: [0x${pa.toString(16)}, +${len}) is outside RAM ` +
        `[0x${RAM_BASE.toString(16)}, 0x${(RAM_BASE + this.ramBytes).toString(16)})`,
      );
    }
  }

  private checkCsr(addr: number): void {
    if (!Number.isInteger(addr) || addr < 0 || addr > 0xfff || !this.hw.csrExists(addr)) {
      throw new MachineError(`CSR 0x${addr.toString(16)} is not implemented`);
    }
  }

  // Views over the Wasm memory, re-made whenever memory.buffer changes (it grows at init).
  private u8(): Uint8Array {
    if (this.bytes.buffer !== this.hw.memory.buffer) this.bytes = new Uint8Array(this.hw.memory.buffer);
    return this.bytes;
  }

  private u32(): Uint32Array {
    if (this.words.buffer !== this.hw.memory.buffer) this.words = new Uint32Array(this.hw.memory.buffer);
    return this.words;
  }

  /**
   * SFENCE.VMA on behalf of a kernel running on the host: flushes the modeled
   * TLB exactly as the instruction with rs1 = va (omitted: x0) and rs2 = asid
   * (omitted: x0) would, counted in the same statistics.
   */
  sfenceVma(va?: number, asid?: number): void {
    this.hw.sfenceVma(va === undefined ? 0 : 1, (va ?? 0) >>> 0, asid === undefined ? 0 : 1, (asid ?? 0) >>> 0);
  }

  /** The aligned little-endian word of RAM at pa, without a copy (a host kernel reads PTEs this way). */
  readPhys32(pa: number): number {
    this.checkWord(pa, 'read32');
    return this.u32()[(this.ramLocation + (pa - RAM_BASE)) >>> 2]! >>> 0;
  }

  writePhys32(pa: number, value: number): void {
    this.checkWord(pa, 'write32');
    this.u32()[(this.ramLocation + (pa - RAM_BASE)) >>> 2] = value >>> 0;
    this.noteHostWrite(pa, 4);
  }

  /** Drops the LR reservation, as any trap does (for a host kernel that preempts without a trap). */
  clearReservation(): void {
    (this.hw as HartExports & { clearReservation(): void }).clearReservation();
  }

  private checkWord(pa: number, what: string): void {
    this.checkRam(pa, 4, what);
    if (pa % 4 !== 0) throw new MachineError(`${what}: 0x${pa.toString(16)} is not 4-byte aligned`);
  }
}

function checkReg(i: number): void {
  if (!Number.isInteger(i) || i < 0 || i > 31) throw new MachineError(`register x${i} does not exist`);
}

function checkOptions(o: MachineOptions): void {
  const ram = o.ramBytes ?? DEFAULT_RAM_BYTES;
  if (!Number.isInteger(ram) || ram < 4096 || ram % 4096 !== 0 || ram > 0x7000_0000) {
    throw new MachineError(`ramBytes must be a multiple of 4096 between 4 KiB and 1.75 GiB (got ${ram})`);
  }
  if (o.ad !== undefined && o.ad !== 'fault' && o.ad !== 'update') {
    throw new MachineError(`ad must be 'fault' or 'update' (got ${String(o.ad)})`);
  }
  const tlb = o.tlb ?? DEFAULT_TLB;
  const shapes = 'itlb' in tlb ? [tlb.itlb, tlb.dtlb] : [tlb];
  let total = 0;
  for (const s of shapes) {
    if (!Number.isInteger(s.entries) || !Number.isInteger(s.ways) || s.entries < 1 || s.ways < 1 ||
        s.entries % s.ways !== 0) {
      throw new MachineError(`a TLB needs entries a positive multiple of ways (got ${s.entries} entries, ${s.ways} ways)`);
    }
    if (!(s.policy in POLICY_CODES)) throw new MachineError(`unknown TLB policy '${String(s.policy)}'`);
    total += s.entries;
  }
  if (total > 4096) throw new MachineError(`at most 4096 TLB entries in all (got ${total})`);
}
