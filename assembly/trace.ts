// Tracing, compiled only into the traced build (build/mmulab-trace.wasm,
// asconfig target "trace", `--use TRACE=1`). Every hook elsewhere is written
// `if (TRACE) traceX(...)`: in the release build TRACE is 0, the hook is
// dead code and none of this file reaches the Wasm.
//
// Records go into the ring in linear memory (layout.ts TRACE_RING_*), eight
// u32 words each, word 0 the kind. The host enables kinds with the mask in
// the ring header and decodes the records in src/machine/trace.ts.
import {
  OP_LOAD, OP_OP_IMM, OP_AUIPC, OP_AMO, OP_OP, OP_LUI, OP_JALR, OP_JAL, OP_SYSTEM, OP_STORE, RAM_BASE,
  CSR_SSTATUS, CSR_SIE, CSR_SIP, CSR_MSTATUS, CSR_MIE, CSR_MIP, ACCESS_FETCH, INSN_MRET, INSN_SRET,
} from './encoding';
import {
  TRACE_RING_LOCATION, TRACE_RING_HEADER, TRACE_RECORD_SIZE, TRACE_RING_RECORDS, TRACE_HIGH_WATER,
  STOP_TRACE, RAM_LOCATION,
} from './layout';
import { retired, stopCode, stopAfterThis, getReg, priv } from './cpu/state';
import { csrRead } from './cpu/csr';
import { staleWalkRead, staleWritten } from './mmu/stale';

// Record kinds (word 0), and the enable-mask bit of each group.
export const TRACE_KIND_INSN: u32 = 1;  // pc, bits, rd (0 = none), new value, INSN_* word, store data, CSR value
export const TRACE_KIND_MEM: u32 = 2;   // va, pa lo, pa hi, size, access
export const TRACE_KIND_TLB: u32 = 3;   // va, access, TLB_MISS/HIT/FILL, pa lo, hi (a hit's or fill's)
export const TRACE_KIND_PTE: u32 = 4;   // va, level, pte address lo, hi, pte lo, hi
export const TRACE_KIND_TRAP: u32 = 5;  // cause, tval, epc, from | to << 4 | toHost << 8, handler, instret lo, hi
export const TRACE_KIND_XRET: u32 = 6;  // from, to, new pc, instret lo, hi
export const TRACE_KIND_STALE: u32 = 7; // writer pc, PTE address, its level, user pc, va, pa lo, hi

export const TRACE_INSN: u32 = 1;
export const TRACE_MEM: u32 = 2;
export const TRACE_MMU: u32 = 4;
export const TRACE_TRAP: u32 = 8;
export const TRACE_STALE: u32 = 16; // the stale-translation check (mmu/stale.ts)

// Header words: records written, enable mask, records dropped (past the end).
const COUNT_AT: u32 = TRACE_RING_LOCATION;
const MASK_AT: u32 = TRACE_RING_LOCATION + 4;
const DROPPED_AT: u32 = TRACE_RING_LOCATION + 8;

@inline function wanted(group: u32): bool {
  return (load<u32>(MASK_AT) & group) != 0;
}

/** Whether the host asked for this group (TRACE_*). */
export function traceWanted(group: u32): bool {
  return wanted(group);
}

/**
 * The address of the next record. Past the high-water mark the run loop is
 * asked to stop after this instruction (unless another stop is already due:
 * that one must reach the host, which drains the ring at every stop anyway).
 */
function nextRecord(kind: u32): u32 {
  const n = load<u32>(COUNT_AT);
  let at = TRACE_RING_LOCATION + TRACE_RING_HEADER + n * TRACE_RECORD_SIZE;
  if (n >= TRACE_RING_RECORDS) {
    // Cannot happen while one instruction writes fewer records than the
    // headroom; counted rather than written over memory that is not ours.
    store<u32>(DROPPED_AT, load<u32>(DROPPED_AT) + 1);
    at = TRACE_RING_LOCATION + TRACE_RING_HEADER + TRACE_RING_RECORDS * TRACE_RECORD_SIZE;
  } else {
    store<u32>(COUNT_AT, n + 1);
    if (n + 1 >= TRACE_HIGH_WATER && stopCode < 0) stopAfterThis(STOP_TRACE);
  }
  store<u32>(at, kind);
  return at;
}

// Word 5 of an insn record: the privilege it ran at (bits 1:0), whether it
// wrote a CSR (INSN_CSR_WRITTEN) and which one (bits 27:16), whether word 6
// holds data it stored (INSN_STORED).
const INSN_CSR_WRITTEN: u32 = 1 << 8;
const INSN_STORED: u32 = 1 << 9;
const INSN_CSR_SHIFT: u32 = 16;

const AMO_LR: u32 = 2;

// Set by every access and xRET, read when the instruction retires: the
// physical address of its last data access, and the privilege an xRET left.
let lastAccessPa: u64 = 0;
let returnedFrom: u32 = 0;
// The pc of the last instruction fetched through the traced slow path.
export let lastFetchedPc: u32 = 0;

// The groups traceRetired serves: while one is on, the run loop steps every
// instruction through it (execute.ts); while none is, it runs the release
// build's loop.
const RETIRE_GROUPS: u32 = TRACE_INSN | TRACE_STALE;

/** Whether a group traced at retirement is on (the run loop then runs its traced copy). */
export function tracing(): bool {
  return (load<u32>(MASK_AT) & RETIRE_GROUPS) != 0;
}
/** Whether the (expanded, 32-bit) instruction writes rd. */
function writesRd(insn: u32): bool {
  switch ((insn >> 2) & 31) {
    case OP_LOAD: case OP_OP_IMM: case OP_AUIPC: case OP_AMO: case OP_OP:
    case OP_LUI: case OP_JALR: case OP_JAL:
      return true;
    case OP_SYSTEM:
      return ((insn >> 12) & 7) != 0; // the Zicsr forms
    default:
      return false;
  }
}

/**
 * The CSR a Zicsr instruction, MRET or SRET wrote, or -1. The S-mode views
 * count as the M-mode register they show part of (sstatus is mstatus), as
 * Spike's commit log names them; CSRRS/CSRRC with rs1 = x0 (or uimm = 0) write nothing.
 */
function csrWritten(insn: u32): i32 {
  if (((insn >> 2) & 31) != OP_SYSTEM) return -1;
  const f3 = (insn >> 12) & 7;
  if (f3 == 0) return insn == INSN_MRET || insn == INSN_SRET ? <i32>CSR_MSTATUS : -1;
  if ((f3 & 3) != 1 && ((insn >> 15) & 31) == 0) return -1;
  const addr = insn >>> 20;
  if (addr == CSR_SSTATUS) return <i32>CSR_MSTATUS;
  if (addr == CSR_SIE) return <i32>CSR_MIE;
  if (addr == CSR_SIP) return <i32>CSR_MIP;
  return <i32>addr;
}

/** Whether the instruction writes memory: a store, SC or an AMO. */
function stores(insn: u32): bool {
  const op = (insn >> 2) & 31;
  return op == OP_STORE || (op == OP_AMO && (insn >>> 27) != AMO_LR);
}

/**
 * What a store, SC or AMO left in memory: rs2 for a store; for SC and the
 * AMOs the word now at the access's address (rs2 may be rd, already
 * overwritten), known only while mem records are kept.
 */
function storedData(insn: u32): u32 {
  if (((insn >> 2) & 31) == OP_STORE) return getReg((insn >> 20) & 31);
  if (!wanted(TRACE_MEM)) return 0;
  return load<u32>(RAM_LOCATION + <u32>(lastAccessPa - <u64>RAM_BASE));
}

/** The bytes a store (funct3 0, 1, 2) or an AMO (a word) wrote. */
function storeSize(insn: u32): u32 {
  return ((insn >> 2) & 31) == OP_STORE ? 1 << ((insn >> 12) & 3) : 4;
}

/**
 * An instruction retired: raw is what was fetched (16 bits if compressed),
 * insn its expansion. Inlined into the run loop: while neither group is on,
 * one look at the mask is all an instruction costs.
 */
@inline export function traceRetired(pc: u32, raw: u32, insn: u32): void {
  if ((load<u32>(MASK_AT) & RETIRE_GROUPS) != 0) retiredTraced(pc, raw, insn);
}

function retiredTraced(pc: u32, raw: u32, insn: u32): void {
  if (wanted(TRACE_STALE) && stores(insn)) staleWritten(lastAccessPa, storeSize(insn), pc);
  if (!wanted(TRACE_INSN)) return;
  const rd = writesRd(insn) ? (insn >> 7) & 31 : 0;
  const ranAt = insn == INSN_MRET || insn == INSN_SRET ? returnedFrom : priv;
  const csr = csrWritten(insn);
  const stored = stores(insn);
  const at = nextRecord(TRACE_KIND_INSN);
  store<u32>(at + 4, pc);
  store<u32>(at + 8, raw);
  store<u32>(at + 12, rd);
  store<u32>(at + 16, getReg(rd));
  store<u32>(at + 20, ranAt | (csr < 0 ? 0 : INSN_CSR_WRITTEN | (<u32>csr << INSN_CSR_SHIFT)) |
    (stored ? INSN_STORED : 0));
  store<u32>(at + 24, stored ? storedData(insn) : 0);
  store<u32>(at + 28, csr < 0 ? 0 : csrRead(<u32>csr));
}

/** A translated (or untranslated) access about to touch pa. */
export function traceMem(va: u32, pa: u64, size: u32, access: u32): void {
  if (access == ACCESS_FETCH) lastFetchedPc = va; else lastAccessPa = pa;
  if (!wanted(TRACE_MEM)) return;
  const at = nextRecord(TRACE_KIND_MEM);
  store<u32>(at + 4, va);
  store<u64>(at + 8, pa);
  store<u32>(at + 16, size);
  store<u32>(at + 20, access);
}

/** The physical address of a host address in RAM (for accesses served from host pointers). */
export function hostToPa(host: u32): u64 {
  return <u64>(host - RAM_LOCATION) + <u64>RAM_BASE;
}

// What a TLB record says: a hit (with its pa), a miss (its walk follows),
// or the entry a successful walk put in the TLB (with its pa).
export const TLB_MISS: u32 = 0;
export const TLB_HIT: u32 = 1;
export const TLB_FILL: u32 = 2;

/** The modeled TLB for an access translated by Sv32 (event: TLB_*). */
export function traceTlb(va: u32, access: u32, event: u32, pa: u64): void {
  if (!wanted(TRACE_MMU)) return;
  const at = nextRecord(TRACE_KIND_TLB);
  store<u32>(at + 4, va);
  store<u32>(at + 8, access);
  store<u32>(at + 12, event);
  store<u64>(at + 16, pa);
}

/** One PTE read by a walk (the value read, before any A/D update). */
export function tracePte(va: u32, level: u32, pteAddr: u64, pte: u64): void {
  staleWalkRead(level, pteAddr, pte);
  if (!wanted(TRACE_MMU)) return;
  const at = nextRecord(TRACE_KIND_PTE);
  store<u32>(at + 4, va);
  store<u32>(at + 8, level);
  store<u64>(at + 12, pteAddr);
  store<u64>(at + 20, pte);
}

/** A trap taken from privilege `from` into `to`; toHost when it stops the hart for the host kernel. */
export function traceTrap(cause: u32, tval: u32, epc: u32, from: u32, to: u32, handler: u32, toHost: bool): void {
  if (!wanted(TRACE_TRAP)) return;
  const at = nextRecord(TRACE_KIND_TRAP);
  store<u32>(at + 4, cause);
  store<u32>(at + 8, tval);
  store<u32>(at + 12, epc);
  store<u32>(at + 16, from | (to << 4) | ((toHost ? 1 : 0) << 8));
  store<u32>(at + 20, handler);
  store<u64>(at + 24, retired);
}

/** MRET or SRET from privilege `from` to `to`, resuming at pc. */
export function traceReturn(from: u32, to: u32, pc: u32): void {
  returnedFrom = from;
  if (!wanted(TRACE_TRAP)) return;
  const at = nextRecord(TRACE_KIND_XRET);
  store<u32>(at + 4, from);
  store<u32>(at + 8, to);
  store<u32>(at + 12, pc);
  store<u64>(at + 16, retired);
}

/**
 * A stale translation used (mmu/stale.ts): the instruction at usePc used
 * va → pa although the instruction at writerPc (STALE_HOST: the host kernel)
 * changed the PTE at pteAddress (of `level`) behind it, with no SFENCE.VMA since.
 */
export function traceStale(writerPc: u32, pteAddress: u32, level: u32, usePc: u32, va: u32, pa: u64): void {
  const at = nextRecord(TRACE_KIND_STALE);
  store<u32>(at + 4, writerPc);
  store<u32>(at + 8, pteAddress);
  store<u32>(at + 12, level);
  store<u32>(at + 16, usePc);
  store<u32>(at + 20, va);
  store<u64>(at + 24, pa);
}
