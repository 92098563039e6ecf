// The random instruction-sequence generator of the differential suite. A
// sequence is a list of groups; a group is one or a few instructions that
// must run together to stay valid (e.g. `addi rX, base, k` before an AMO on
// rX, or an LR/SC pair). Branches and jumps only target group boundaries, so
// every group either runs whole or not at all, and a sequence can be cut
// after any group (to find the first instruction where two harts differ).
//
// Instructions come from the ISA table (src/asm/isa.ts): an instruction is a
// spec plus values for its operand fields, encoded with insertField.
import { INSN_BY_NAME, INSNS, FIELDS, extractField, fieldLowBit, insertField } from '../../../src/asm/isa.js';
import type { FieldName, InsnSpec } from '../../../src/asm/isa.js';
import { CSR_NUMBER_BY_NAME } from '../../../src/asm/csr-names.js';
import { Rng } from './rng.js';

/** x8 (s0) and x2 (sp) point into the scratch area and are never written. */
export const REG_BASE = 8;
export const REG_SP = 2;
/** The scratch data area: 4 KiB the body may access plus a guard for accesses that start near its end. */
export const SCRATCH_BYTES = 4096 + 64;
export const BASE_OFFSET = 2048; // x8 = scratch + 2048: every imm12 offset stays inside
export const SP_OFFSET = 3584; // sp = scratch + 3584: c.lwsp/c.swsp offsets (0..252) stay inside
/** Highest byte offset from the scratch start that an access may begin at. */
const SCRATCH_TOP = 4095;

/** Where a control transfer lands: the start of item `item` of group `group` (group = count: the end). */
export interface Target {
  group: number;
  item: number;
}

export interface Item {
  spec: InsnSpec;
  fields: Partial<Record<FieldName, number>>;
  /**
   * For control transfers and the address arithmetic feeding an indirect jump:
   * `field` holds target address - address of item `anchor` (same group).
   * A null target is a forward one, chosen once the sequence is laid out.
   */
  jump?: { field: FieldName; anchor: number; target: Target | null };
}

export type GroupKind =
  | 'alu' | 'load' | 'store' | 'cmem' | 'amo' | 'lrsc' | 'csr' | 'fence' | 'branch' | 'jump' | 'indirect' | 'loop'
  | 'sppair';

export interface Group {
  kind: GroupKind;
  items: Item[];
}

/** The privilege a sequence's body runs in (S and U run with Sv32 on). */
export type Mode = 'M' | 'S' | 'U';

export interface Sequence {
  mode: Mode;
  /** x0..x31 before the body (x0 is 0; x2 and x8 are set by the harness). */
  init: number[];
  /** Seeds the scratch area's contents. */
  scratchSeed: number;
  groups: Group[];
}

const GROUP_WEIGHTS: Record<GroupKind, number> = {
  alu: 40, load: 10, store: 8, cmem: 6, amo: 5, lrsc: 3, csr: 5, fence: 1, branch: 6, jump: 3, indirect: 2, loop: 2,
  sppair: 1,
};

const ALU_NAMES = [
  'lui', 'auipc', 'addi', 'slti', 'sltiu', 'xori', 'ori', 'andi', 'slli', 'srli', 'srai',
  'add', 'sub', 'sll', 'slt', 'sltu', 'xor', 'srl', 'sra', 'or', 'and',
  'mul', 'mulh', 'mulhsu', 'mulhu', 'div', 'divu', 'rem', 'remu',
  'c.addi', 'c.li', 'c.lui', 'c.srli', 'c.srai', 'c.andi', 'c.sub', 'c.xor', 'c.or', 'c.and', 'c.slli', 'c.mv',
  'c.add', 'c.addi4spn', 'c.nop',
];
const M_NAMES = ['mul', 'mulh', 'mulhsu', 'mulhu', 'div', 'divu', 'rem', 'remu'];
const LOAD_NAMES = ['lb', 'lh', 'lw', 'lbu', 'lhu'];
const STORE_NAMES = ['sb', 'sh', 'sw'];
const AMO_NAMES = INSNS.filter((s) => s.name.startsWith('amo')).map((s) => s.name);
const ORDERING_SUFFIXES = ['', '.aq', '.rl', '.aqrl'];
const BRANCH_NAMES = ['beq', 'bne', 'blt', 'bge', 'bltu', 'bgeu', 'c.beqz', 'c.bnez'];

/** CSRs whose values are the same on every correct hart (not the counters). */
const READ_ONLY_CSRS = ['misa', 'mvendorid', 'marchid', 'mimpid', 'mhartid'];
/**
 * mstatus fields the body may set: those with no effect in M-mode with paging
 * off (MPRV is left out: with MPP != M it would change the privilege of loads
 * and stores). MPP is written as 0 (U), 1 (S) or 3 (M), never the reserved 2.
 */
const MSTATUS_SAFE_BITS = [1 << 1, 1 << 3, 1 << 5, 1 << 7, 1 << 8, 1 << 18, 1 << 19, 1 << 20, 1 << 21, 1 << 22];
/** The sstatus fields S may set: SIE, SPIE, SPP, and SUM and MXR (the S-mode pages have no U bit and are RWX). */
const SSTATUS_SAFE_BITS = [1 << 1, 1 << 5, 1 << 8, 1 << 18, 1 << 19];
const MSTATUS_MPP = 3 << 11;
const MSTATUS_MPP_S = 1 << 11;

/** Register values the M extension and comparisons are most likely to get wrong. */
const EDGE_VALUES = [0, 1, 0xffffffff, 0x80000000, 0x7fffffff, 2, 0xfffffffe, 0x80000001, 0xffff, 0x10000];

function spec(name: string): InsnSpec {
  const s = INSN_BY_NAME.get(name);
  if (!s) throw new Error(`no instruction ${name} in the ISA table`);
  return s;
}

/** The operand fields of an instruction, in operand order (fixed registers such as `sp` omitted). */
function operandFields(s: InsnSpec): FieldName[] {
  return s.operands.split(/[,()]/).filter((f): f is FieldName => f in FIELDS);
}

/** Encodes an item; throws if a value does not fit its field or the word decodes as something else. */
export function encodeItem(item: Item): number {
  let word = item.spec.match;
  for (const f of operandFields(item.spec)) {
    const v = item.fields[f];
    if (v === undefined) throw new Error(`${item.spec.name}: operand ${f} has no value`);
    word = insertField(word, f, v);
    const back = extractField(word, f);
    if (back !== v && back !== v >>> 0) throw new Error(`${item.spec.name}: ${f} = ${v} does not fit`);
  }
  const decoded = INSNS.find((s) => s.size === item.spec.size && ((word & s.mask) >>> 0) === s.match);
  if (decoded !== item.spec) throw new Error(`${item.spec.name}: 0x${word.toString(16)} decodes as ${decoded?.name}`);
  return word;
}

/** Registers the body may write: everything but x0 and the two scratch pointers. */
const WRITABLE = Array.from({ length: 32 }, (_, i) => i).filter((r) => r !== 0 && r !== REG_SP && r !== REG_BASE);
const WRITABLE_C = WRITABLE.filter((r) => r >= 8 && r <= 15); // x9..x15: the 3-bit register fields

export class SequenceGenerator {
  constructor(private readonly rng: Rng, private readonly mode: Mode = 'M') {}

  sequence(groupCount: number): Sequence {
    const init = Array.from({ length: 32 }, (_, r) => (r === 0 ? 0 : this.registerValue()));
    const groups: Group[] = [];
    for (let g = 0; g < groupCount; g++) {
      const kind = this.rng.weighted(GROUP_WEIGHTS);
      // U-mode has no CSR the body could use (the counters differ by design).
      groups.push(this.group(kind === 'csr' && this.mode === 'U' ? 'alu' : kind, g));
    }
    return { mode: this.mode, init, scratchSeed: this.rng.next() || 1, groups };
  }

  private registerValue(): number {
    if (this.rng.chance(0.4)) return this.rng.pick(EDGE_VALUES);
    if (this.rng.chance(0.2)) return this.rng.int(0, 64) - 32 >>> 0;
    return this.rng.next();
  }

  private group(kind: GroupKind, index: number): Group {
    switch (kind) {
      case 'alu': return { kind, items: [this.alu(new Set())] };
      case 'load': return { kind, items: this.loadStore(this.rng.pick(LOAD_NAMES)) };
      case 'store': return { kind, items: this.loadStore(this.rng.pick(STORE_NAMES)) };
      case 'cmem': return { kind, items: this.compressedLoadStore() };
      case 'amo': return { kind, items: this.amo() };
      case 'lrsc': return { kind, items: this.lrsc() };
      case 'csr': return { kind, items: this.csr() };
      case 'fence': return { kind, items: [this.fence()] };
      case 'branch': return { kind, items: [this.branch()] };
      case 'jump': return { kind, items: [this.directJump()] };
      case 'indirect': return { kind, items: this.indirectJump() };
      case 'loop': return { kind, items: this.loop(index) };
      case 'sppair': return { kind, items: this.spPair() };
    }
  }

  // ---- operand values

  private dest(avoid: ReadonlySet<number>, allowX0: boolean): number {
    if (allowX0 && this.rng.chance(0.05)) return 0;
    let r: number;
    do r = this.rng.pick(WRITABLE); while (avoid.has(r));
    return r;
  }

  private destC(avoid: ReadonlySet<number>): number {
    let r: number;
    do r = this.rng.pick(WRITABLE_C); while (avoid.has(r));
    return r;
  }

  /** A random value of an immediate field: its edges often, else uniform. */
  private imm(field: FieldName): number {
    const spec = FIELDS[field];
    const low = fieldLowBit(field);
    const signed = spec.kind === 'imm';
    const min = signed ? -(2 ** (spec.width - 1)) : 0;
    const max = signed ? 2 ** (spec.width - 1) - 1 : 2 ** spec.width - 1;
    const step = 2 ** low;
    if (this.rng.chance(0.25)) {
      const edges = [0, step, signed ? -step : max - (max % step), min, max - (max % step)];
      return this.rng.pick(edges);
    }
    return Math.floor(this.rng.int(min, max) / step) * step;
  }

  private nonZeroImm(field: FieldName): number {
    let v: number;
    do v = this.imm(field); while (v === 0);
    return v;
  }

  // ---- group builders

  /**
   * One ALU, M or compressed ALU instruction not writing a register in
   * `avoid`. Compressed forms are kept off their HINT and reserved encodings
   * (rd = x0, zero immediates where the spec reserves them).
   */
  private alu(avoid: ReadonlySet<number>): Item {
    const name = this.rng.chance(0.3) ? this.rng.pick(M_NAMES) : this.rng.pick(ALU_NAMES);
    const s = spec(name);
    const fields: Partial<Record<FieldName, number>> = {};
    for (const f of operandFields(s)) {
      switch (f) {
        case 'rd': fields.rd = this.dest(avoid, true); break;
        case 'crd': fields.crd = this.dest(avoid, false); break;
        case 'crs1q': case 'crdq': fields[f] = this.destC(avoid); break;
        case 'rs1': case 'rs2': fields[f] = this.rng.int(0, 31); break;
        case 'crs2': fields.crs2 = this.rng.int(1, 31); break;
        case 'crs2q': fields.crs2q = this.rng.int(8, 15); break;
        case 'cshamt6': fields.cshamt6 = this.rng.int(1, 31); break; // shamt[5] = 1 is reserved on RV32
        case 'csimm6': fields.csimm6 = name === 'c.nop' ? 0 : name === 'c.addi' ? this.nonZeroImm(f) : this.imm(f); break;
        case 'clui6': case 'cnzuimm10': fields[f] = this.nonZeroImm(f); break;
        default: fields[f] = this.imm(f);
      }
    }
    return { spec: s, fields };
  }

  /** `addi rX, base, k`: a fresh pointer for the next instruction's address. */
  private pointer(rx: number, base: number, k: number): Item {
    return { spec: spec('addi'), fields: { rd: rx, rs1: base, imm12: k } };
  }

  /** A 32-bit load or store at a random (often misaligned) address inside the scratch area. */
  private loadStore(name: string): Item[] {
    const s = spec(name);
    const immField: FieldName = s.operands.includes('simm12') ? 'simm12' : 'imm12';
    const aligned = this.rng.chance(0.5);
    const align = (v: number): number => (aligned ? v & ~3 : v);
    const data: Partial<Record<FieldName, number>> = s.operands.startsWith('rd')
      ? { rd: this.dest(new Set(), true) }
      : { rs2: this.rng.int(0, 31) };
    const how = this.rng.int(0, 9);
    if (how < 5) return [{ spec: s, fields: { ...data, rs1: REG_BASE, [immField]: align(this.rng.int(-2048, 2047)) } }];
    if (how < 7) {
      const imm = align(this.rng.int(-2048, SCRATCH_TOP - SP_OFFSET));
      return [{ spec: s, fields: { ...data, rs1: REG_SP, [immField]: imm } }];
    }
    const rx = this.dest(new Set(), false);
    const k = this.rng.int(-2048, 2047);
    const imm = align(this.rng.int(Math.max(-2048, -2048 - k), Math.min(2047, 2047 - k)));
    return [this.pointer(rx, REG_BASE, k), { spec: s, fields: { ...data, rs1: rx, [immField]: imm } }];
  }

  /** c.lw/c.sw through x8 or a fresh x9..x15 pointer, or c.lwsp/c.swsp through sp. */
  private compressedLoadStore(): Item[] {
    const load = this.rng.chance(0.5);
    if (this.rng.chance(0.4)) {
      const offset = this.rng.int(0, 63) * 4;
      return load
        ? [{ spec: spec('c.lwsp'), fields: { crd: this.dest(new Set(), false), clwsp8: offset } }]
        : [{ spec: spec('c.swsp'), fields: { crs2: this.rng.int(0, 31), cswsp8: offset } }];
    }
    const offset = this.rng.int(0, 31) * 4;
    const data = load ? { crdq: this.destC(new Set()) } : { crs2q: this.rng.int(8, 15) };
    const s = spec(load ? 'c.lw' : 'c.sw');
    if (this.rng.chance(0.5)) return [{ spec: s, fields: { ...data, crs1q: REG_BASE, cuimm7: offset } }];
    const rx = this.destC(new Set());
    const k = this.rng.int(-2048, 2047 - 128);
    return [this.pointer(rx, REG_BASE, k), { spec: s, fields: { ...data, crs1q: rx, cuimm7: offset } }];
  }

  /** A word-aligned pointer into the scratch area in a fresh register. */
  private alignedPointer(avoid: ReadonlySet<number>): { rx: number; item: Item; k: number } {
    const rx = this.dest(avoid, false);
    const k = this.rng.int(-512, 511) * 4;
    return { rx, item: this.pointer(rx, REG_BASE, k), k };
  }

  private amo(): Item[] {
    const p = this.alignedPointer(new Set());
    const s = spec(this.rng.pick(AMO_NAMES));
    return [p.item, { spec: s, fields: { rd: this.dest(new Set(), true), rs2: this.rng.int(0, 31), rs1: p.rx } }];
  }

  /**
   * LR, up to two ALU instructions (no memory access: whether a store by the
   * same hart breaks the reservation is implementation-defined), then SC to
   * the same address, or (one time in five) to an address 1 KiB or more away,
   * which the spec says must fail.
   */
  private lrsc(): Item[] {
    const p = this.alignedPointer(new Set());
    const items = [p.item];
    let scPointer = p.rx;
    if (this.rng.chance(0.2)) {
      const other = this.dest(new Set([p.rx]), false);
      const k = p.k >= 0 ? p.k - 1024 - this.rng.int(0, 255) * 4 : p.k + 1024 + this.rng.int(0, 255) * 4;
      items.push(this.pointer(other, REG_BASE, k));
      scPointer = other;
    }
    const keep = new Set([p.rx, scPointer]);
    const order = (): string => this.rng.pick(ORDERING_SUFFIXES);
    items.push({ spec: spec(`lr.w${order()}`), fields: { rd: this.dest(keep, true), rs1: p.rx } });
    for (let i = this.rng.int(0, 2); i > 0; i--) items.push(this.alu(keep));
    items.push({
      spec: spec(`sc.w${order()}`),
      fields: { rd: this.dest(new Set(), true), rs2: this.rng.int(0, 31), rs1: scPointer },
    });
    return items;
  }

  private csr(): Item[] {
    const machine = this.mode === 'M';
    const choice = this.rng.int(0, 2);
    if (choice === 0) {
      // A read without a write (rs1 = x0 or zimm = 0) is legal for read-only CSRs too.
      const names = machine ? [...READ_ONLY_CSRS, 'mstatus', 'mscratch'] : ['sstatus', 'sscratch'];
      const csr = CSR_NUMBER_BY_NAME.get(this.rng.pick(names))!;
      const s = spec(this.rng.pick(['csrrs', 'csrrc', 'csrrsi', 'csrrci']));
      const source = s.name.endsWith('i') ? { zimm5: 0 } : { rs1: 0 };
      return [{ spec: s, fields: { rd: this.dest(new Set(), true), csr, ...source } }];
    }
    if (choice === 1) {
      const csr = CSR_NUMBER_BY_NAME.get(machine ? 'mscratch' : 'sscratch')!;
      const s = spec(this.rng.pick(['csrrw', 'csrrs', 'csrrc', 'csrrwi', 'csrrsi', 'csrrci']));
      const source = s.name.endsWith('i') ? { zimm5: this.rng.int(0, 31) } : { rs1: this.rng.int(0, 31) };
      return [{ spec: s, fields: { rd: this.dest(new Set(), true), csr, ...source } }];
    }
    return this.statusWrite();
  }

  /**
   * Loads a safe mstatus (M) or sstatus (S) value into a register (lui +
   * addi) and writes it with csrrw/csrrs/csrrc.
   */
  private statusWrite(): Item[] {
    const machine = this.mode === 'M';
    const op = this.rng.pick(['csrrw', 'csrrs', 'csrrc']);
    let value = 0;
    for (const bit of machine ? MSTATUS_SAFE_BITS : SSTATUS_SAFE_BITS) if (this.rng.chance(0.3)) value |= bit;
    if (machine) {
      // Only csrrw may write MPP = S: set/clear of a partial MPP could make the reserved 2.
      value |= op === 'csrrw' ? this.rng.pick([0, MSTATUS_MPP_S, MSTATUS_MPP]) : this.rng.pick([0, MSTATUS_MPP]);
    }
    const rx = this.dest(new Set(), false);
    const lo = (value << 20) >> 20;
    const hi = ((value - lo) >>> 12) & 0xfffff;
    return [
      { spec: spec('lui'), fields: { rd: rx, uimm20: hi } },
      { spec: spec('addi'), fields: { rd: rx, rs1: rx, imm12: lo } },
      { spec: spec(op), fields: { rd: this.dest(new Set(), true), csr: CSR_NUMBER_BY_NAME.get(machine ? 'mstatus' : 'sstatus')!, rs1: rx } },
    ];
  }

  private fence(): Item {
    const name = this.rng.pick(['fence', 'fence.tso', 'fence.i']);
    const fields = name === 'fence' ? { pred: this.rng.int(1, 15), succ: this.rng.int(1, 15) } : {};
    return { spec: spec(name), fields };
  }

  private branch(): Item {
    const s = spec(this.rng.pick(BRANCH_NAMES));
    if (s.size === 2) return { spec: s, fields: { crs1q: this.rng.int(8, 15) }, jump: { field: 'cbimm9', anchor: 0, target: null } };
    return {
      spec: s,
      fields: { rs1: this.rng.int(0, 31), rs2: this.rng.int(0, 31) },
      jump: { field: 'bimm13', anchor: 0, target: null },
    };
  }

  private directJump(): Item {
    const name = this.rng.pick(['jal', 'c.j', 'c.jal']);
    if (name === 'jal') return { spec: spec(name), fields: { rd: this.dest(new Set(), true) }, jump: { field: 'jimm21', anchor: 0, target: null } };
    return { spec: spec(name), fields: {}, jump: { field: 'cjimm12', anchor: 0, target: null } };
  }

  /** auipc rX, 0 then jalr rd, off(rX) — or auipc + addi then c.jr/c.jalr rX. */
  private indirectJump(): Item[] {
    const rx = this.dest(new Set(), false);
    const auipc: Item = { spec: spec('auipc'), fields: { rd: rx, uimm20: 0 } };
    if (this.rng.chance(0.5)) {
      return [auipc, {
        spec: spec('jalr'),
        fields: { rd: this.dest(new Set(), true), rs1: rx },
        jump: { field: 'imm12', anchor: 0, target: null },
      }];
    }
    return [
      auipc,
      { spec: spec('addi'), fields: { rd: rx, rs1: rx }, jump: { field: 'imm12', anchor: 0, target: null } },
      { spec: spec(this.rng.pick(['c.jr', 'c.jalr'])), fields: { crd: rx } },
    ];
  }

  /**
   * A bounded backward loop: `addi rc, x0, n`, up to four ALU instructions
   * that leave rc alone, `addi rc, rc, -1`, branch back while rc != 0.
   */
  private loop(group: number): Item[] {
    const rc = this.dest(new Set(), false);
    const keep = new Set([rc]);
    const items: Item[] = [{ spec: spec('addi'), fields: { rd: rc, rs1: 0, imm12: this.rng.int(1, 4) } }];
    for (let i = this.rng.int(1, 4); i > 0; i--) items.push(this.alu(keep));
    items.push({ spec: spec('addi'), fields: { rd: rc, rs1: rc, imm12: -1 } });
    const target = { group, item: 1 };
    const back = items.length;
    if (rc >= 9 && rc <= 15 && this.rng.chance(0.5)) {
      items.push({ spec: spec('c.bnez'), fields: { crs1q: rc }, jump: { field: 'cbimm9', anchor: back, target } });
    } else {
      items.push({ spec: spec('bne'), fields: { rs1: rc, rs2: 0 }, jump: { field: 'bimm13', anchor: back, target } });
    }
    return items;
  }

  /** c.addi16sp by k, reads of the moved sp (c.addi4spn), c.addi16sp by -k: sp ends where it began. */
  private spPair(): Item[] {
    const k = this.rng.int(1, 31) * 16 * (this.rng.chance(0.5) ? 1 : -1);
    const items: Item[] = [{ spec: spec('c.addi16sp'), fields: { caddi16sp: k } }];
    for (let i = this.rng.int(0, 2); i > 0; i--) {
      items.push({ spec: spec('c.addi4spn'), fields: { crdq: this.destC(new Set()), cnzuimm10: this.rng.int(1, 255) * 4 } });
    }
    items.push({ spec: spec('c.addi16sp'), fields: { caddi16sp: -k } });
    return items;
  }
}
