// Which memory an instruction touches besides its fetch: a load, a store or
// an AMO, and its effective address, worked out from the disassembly and the
// registers before the instruction runs (what the X-ray needs to replay the
// hart's translation of it).
import type { Disassembly } from '../asm/disasm.js';
import { registerNumber } from '../asm/registers.js';

export interface DataAccess {
  access: 'load' | 'store';
  va: number;
}

const LOADS = new Set(['lb', 'lh', 'lw', 'lbu', 'lhu']);
const STORES = new Set(['sb', 'sh', 'sw']);
/** `offset(base)` at the end of the operands, e.g. `lw a1,-8(sp)` or `amoadd.w a0,a1,(a2)`. */
const MEMORY_OPERAND = /(-?(?:0x[0-9a-f]+|\d+))?\(([a-z0-9]+)\)$/;

/**
 * The data access of `d`, or null for an instruction without one. LR is a
 * load; SC and the AMOs need write permission and fault as stores (the
 * privileged spec's "store/AMO page fault").
 */
export function dataAccess(d: Disassembly, reg: (i: number) => number): DataAccess | null {
  const base = d.mnemonic.split('.')[0]!;
  let access: DataAccess['access'];
  if (LOADS.has(d.mnemonic) || base === 'lr') access = 'load';
  else if (STORES.has(d.mnemonic) || base === 'sc' || base.startsWith('amo')) access = 'store';
  else return null;
  const m = MEMORY_OPERAND.exec(d.operands);
  if (m === null) return null;
  const r = registerNumber(m[2]!);
  if (r === undefined) return null;
  const offset = m[1] === undefined ? 0 : Number(m[1]);
  return { access, va: (reg(r) + offset) >>> 0 };
}

/** RV32 JAL/JALR and the compressed C.JAL/C.JALR: calls that link ra (what Step over steps over). */
export function isCall(word: number): boolean {
  const REG_RA = 1;
  if ((word & 3) !== 3) {
    const h = word & 0xffff;
    const cJal = (h & 0xe003) === 0x2001; // C.JAL (RV32 only): funct3 001, quadrant 1
    const cJalr = (h & 0xf07f) === 0x9002 && ((h >>> 7) & 31) !== 0; // C.JALR: 1001 rs1 00000 10
    return cJal || cJalr;
  }
  const opcode = word & 0x7f;
  const rd = (word >>> 7) & 31;
  return (opcode === 0x6f || opcode === 0x67) && rd === REG_RA;
}
