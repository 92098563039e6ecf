// `--trace-format spike`: Spike's commit log (`spike --log-commits`), so a
// trace diffs line for line against Spike's. The format is riscv-isa-sim's
// riscv/execute.cc, commit_log_print_insn, for XLEN 32:
//
//   core   0: 3 0x80000000 (0x00001417) x 8 0x80001000
//   core   0: 3 0x80000010 (0x30529073) c773_mtvec 0x80000058
//   core   0: 1 0x80000584 (0x5762) x14 0x00000000 mem 0x80048038
//   core   0: 0 0x0001008a (0x01de0023) mem 0x00015ff0 0x54
//
// One line per retired instruction: the core, the privilege it ran at
// (0 U, 1 S, 3 M), the pc and the instruction bits (4 hex digits when
// compressed), then its register writes in Spike's order (x registers, then
// CSRs: Spike keeps them in a map keyed register << 4 | kind), each load's
// address, and each store's address and data (as wide as the store: a byte
// prints without padding, as Spike's %01x does). x0 writes are not shown; an
// instruction that traps does not retire and has no line; a CSR write through
// an S-mode view is shown as the M-mode register (sstatus as c768_mstatus).
import { CSR_NAME_BY_NUMBER } from '../../asm/csr-names.js';
import type { TraceRecord } from '../../machine/index.js';
import type { TraceEvent } from './event.js';
import { hex } from '../../format.js';

type Insn = Extract<TraceRecord, { kind: 'insn' }>;
type Access = Extract<TraceRecord, { kind: 'mem' }>;

const OPCODE_AMO = 0x2f;
const AMO_LR = 2;
const AMO_SC = 3;

export class SpikeLines {
  /** The data accesses of the instruction under way (its insn record comes after them). */
  private accesses: Access[] = [];

  /** Takes every event in order; returns the line when an instruction retires, else null. */
  take(event: TraceEvent): string | null {
    switch (event.kind) {
      case 'mem':
        if (event.access !== 'fetch') this.accesses.push(event);
        return null;
      case 'trap':
        this.accesses = []; // the instruction did not retire: its accesses are not logged
        return null;
      case 'insn': {
        const line = spikeLine(event, this.accesses);
        this.accesses = [];
        return line;
      }
      default:
        return null;
    }
  }
}

function spikeLine(insn: Insn, accesses: readonly Access[]): string {
  const compressed = (insn.bits & 3) !== 3;
  let line = `core   0: ${insn.priv} ${hex(insn.pc)} (${hex(insn.bits, compressed ? 4 : 8)})`;
  if (insn.rd !== null) line += ` x${String(insn.rd).padStart(2)} ${hex(insn.value)}`;
  if (insn.csr !== undefined) line += ` c${insn.csr.address}_${CSR_NAME_BY_NUMBER.get(insn.csr.address) ?? 'unknown'} ${hex(insn.csr.value)}`;
  const { loads, stores } = memoryEffects(insn, accesses);
  for (const a of loads) line += ` mem ${hex(a.va)}`;
  for (const a of stores) line += ` mem ${hex(a.va)} ${storeText(insn.stored ?? 0, a.size)}`;
  return line;
}

/**
 * The loads and stores Spike logs for the instruction: an AMO is a load and
 * a store of the same word; an SC that failed (rd = 1) stores nothing.
 */
function memoryEffects(insn: Insn, accesses: readonly Access[]): { loads: Access[]; stores: Access[] } {
  const funct5 = insn.bits >>> 27;
  const atomic = (insn.bits & 0x7f) === OPCODE_AMO;
  const loads = accesses.filter((a) => a.access === 'load');
  let stores = accesses.filter((a) => a.access === 'store');
  if (atomic && funct5 !== AMO_LR && funct5 !== AMO_SC) loads.push(...stores);
  if (atomic && funct5 === AMO_SC && insn.rd !== null && insn.value !== 0) stores = [];
  return { loads, stores };
}

/** Stored data as Spike prints it: 8 bits as %01x, 16 as %04x, 32 as %08x. */
function storeText(data: number, size: number): string {
  if (size === 1) return hex(data & 0xff, 1);
  if (size === 2) return hex(data & 0xffff, 4);
  return hex(data);
}
