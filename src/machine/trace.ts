// The traced build's ring buffer (assembly/trace.ts, assembly/layout.ts
// TRACE_RING_*) decoded into typed records, and where that build is found.
// The release build/mmulab.wasm has no tracing code at all; a Machine made
// with `trace: true` runs build/mmulab-trace.wasm instead.
import { MachineError } from './errors.js';
import { findPackageFile } from './wasm.js';

/** Which record groups the hardware writes (stale: the stale-translation check, assembly/mmu/stale.ts). */
export interface TraceGroups { insn?: boolean; mem?: boolean; mmu?: boolean; trap?: boolean; stale?: boolean }

export type AccessType = 'fetch' | 'load' | 'store';
export type TlbEvent = 'miss' | 'hit' | 'fill';

export type TraceRecord =
  /**
   * An instruction retired at privilege `priv` (an xRET: the one it left): rd
   * is null when it writes no register (or x0); `csr` the CSR it wrote (the
   * S-mode views as their M-mode register) and its value after; `stored`
   * what a store, SC or AMO left in memory (its mem record has the address and size).
   */
  | { kind: 'insn'; pc: number; bits: number; rd: number | null; value: number; priv: number;
      csr?: { address: number; value: number }; stored?: number }
  | { kind: 'mem'; va: number; pa: number; size: number; access: AccessType }
  /**
   * The modeled TLB for an access translated by Sv32: a hit (with its pa), a
   * miss (its walk follows; pa null), or the fill after a successful walk (with its pa).
   */
  | { kind: 'tlb'; va: number; access: AccessType; event: TlbEvent; pa: number | null }
  /** One PTE a walk read (the value before any A/D update). */
  | { kind: 'pte'; va: number; level: number; pteAddress: number; pte: number }
  /** toHost: the trap stopped the hart for the kernel on the host (hostTraps); instret when taken. */
  | { kind: 'trap'; cause: number; tval: number; epc: number; fromPriv: number; toPriv: number;
      handler: number; toHost: boolean; instret: number }
  | { kind: 'xret'; fromPriv: number; toPriv: number; pc: number; instret: number }
  /**
   * A stale translation used: the instruction at usePc translated va to pa
   * through a TLB entry whose PTE at pteAddress (of `level`) the instruction
   * at writerPc (null: the kernel on the host) had changed, with no SFENCE.VMA since.
   */
  | { kind: 'stale'; writerPc: number | null; pteAddress: number; level: number; usePc: number; va: number; pa: number };

// assembly/trace.ts: the enable-mask bits, the record kinds and the ring's shape.
const GROUP_BITS = { insn: 1, mem: 2, mmu: 4, trap: 8, stale: 16 } as const;
const KIND_INSN = 1;
const KIND_MEM = 2;
const KIND_TLB = 3;
const KIND_PTE = 4;
const KIND_TRAP = 5;
const KIND_XRET = 6;
const KIND_STALE = 7;
/** The writer's pc of a stale record when the host kernel wrote the PTE (assembly/mmu/stale.ts STALE_HOST). */
const STALE_HOST = 0xffff_ffff;
const INSN_PRIV_MASK = 3;
const INSN_CSR_WRITTEN = 1 << 8;
const INSN_CSR_SHIFT = 16;
const INSN_STORED = 1 << 9;
const RING_HEADER = 16;
const RECORD_SIZE = 32;
const ACCESS_NAMES: readonly AccessType[] = ['fetch', 'load', 'store'];
const TLB_EVENTS: readonly TlbEvent[] = ['miss', 'hit', 'fill'];

export const TRACE_WASM = 'build/mmulab-trace.wasm';
/** run()'s stop code when the ring is nearly full (assembly/layout.ts STOP_TRACE). */
export const STOP_TRACE = 4;

/** The enable mask for the ring header. */
export function traceMask(groups: TraceGroups): number {
  let mask = 0;
  for (const g of Object.keys(GROUP_BITS) as (keyof TraceGroups)[]) if (groups[g]) mask |= GROUP_BITS[g];
  return mask;
}

/** Sets the enable mask of the ring at `ring` (byte offset in memory). */
export function writeTraceMask(memory: WebAssembly.Memory, ring: number, mask: number): void {
  new DataView(memory.buffer).setUint32(ring + 4, mask, true);
}

/** Takes every record written since the last drain and empties the ring. */
export function drainRing(memory: WebAssembly.Memory, ring: number): TraceRecord[] {
  const view = new DataView(memory.buffer);
  const count = view.getUint32(ring, true);
  const out: TraceRecord[] = [];
  for (let i = 0; i < count; i++) out.push(decodeRecord(view, ring + RING_HEADER + i * RECORD_SIZE));
  view.setUint32(ring, 0, true);
  return out;
}

function decodeRecord(view: DataView, at: number): TraceRecord {
  const w = (i: number): number => view.getUint32(at + 4 * i, true);
  const u64 = (i: number): number => w(i) + w(i + 1) * 2 ** 32;
  switch (w(0)) {
    case KIND_INSN: return decodeInsn(w);
    case KIND_MEM: return { kind: 'mem', va: w(1), pa: u64(2), size: w(4), access: ACCESS_NAMES[w(5)]! };
    case KIND_TLB: {
      const event = TLB_EVENTS[w(3)]!;
      return { kind: 'tlb', va: w(1), access: ACCESS_NAMES[w(2)]!, event, pa: event === 'miss' ? null : u64(4) };
    }
    case KIND_PTE: return { kind: 'pte', va: w(1), level: w(2), pteAddress: u64(3), pte: u64(5) };
    case KIND_TRAP: return {
      kind: 'trap', cause: w(1), tval: w(2), epc: w(3), fromPriv: w(4) & 0xf, toPriv: (w(4) >> 4) & 0xf,
      handler: w(5), toHost: ((w(4) >> 8) & 1) === 1, instret: u64(6),
    };
    case KIND_XRET: return { kind: 'xret', fromPriv: w(1), toPriv: w(2), pc: w(3), instret: u64(4) };
    case KIND_STALE: return {
      kind: 'stale', writerPc: w(1) === STALE_HOST ? null : w(1), pteAddress: w(2), level: w(3), usePc: w(4), va: w(5),
      pa: u64(6),
    };
    default: throw new MachineError(`internal: trace record kind ${w(0)} at ${at}`);
  }
}

function decodeInsn(w: (i: number) => number): TraceRecord {
  const record: TraceRecord = { kind: 'insn', pc: w(1), bits: w(2), rd: w(3) === 0 ? null : w(3), value: w(4), priv: w(5) & INSN_PRIV_MASK };
  if ((w(5) & INSN_CSR_WRITTEN) !== 0) record.csr = { address: w(5) >>> INSN_CSR_SHIFT, value: w(7) };
  if ((w(5) & INSN_STORED) !== 0) record.stored = w(6);
  return record;
}

let traceModule: Promise<WebAssembly.Module> | undefined;

/** build/mmulab-trace.wasm's bytes (Node only). */
export async function readTraceWasm(): Promise<Uint8Array> {
  const { readFile } = await import('node:fs/promises');
  return readFile(await findPackageFile(TRACE_WASM));
}

/** build/mmulab-trace.wasm compiled once per process (Node only). */
export function traceHartModule(): Promise<WebAssembly.Module> {
  traceModule ??= readTraceWasm().then((bytes) => WebAssembly.compile(bytes as BufferSource));
  return traceModule;
}
