// How GNU objdump (binutils 2.40) spells a decoded instruction: which
// mnemonic and operand list it picks (the first entry of its opcode table
// that matches, so aliases such as `li`, `ret`, `csrr` win over the base
// instruction), which encodings it refuses although the ISA table decodes
// them, and which base registers feed its `# address` comments.
//
// The encodings themselves come from isa.ts; this file only knows spelling.

import { CSR_NAME_BY_NUMBER } from './csr-names.js';
import { ABI_NAMES, FIELDS, INSNS, extractField, type FieldName, type InsnSpec } from './isa.js';

/** A branch or jump target, printed through the symbolizer. */
export interface TargetOperand {
  readonly target: number;
}

export type Operand = string | TargetOperand;

/**
 * One `maybe_print_address` call of objdump: an address formed from a base
 * register and an offset that objdump may print as a `# addr` comment.
 */
export interface AddressProbe {
  readonly base: number;
  readonly offset: number;
}

/** An instruction as objdump prints it. */
export interface Form {
  readonly mnemonic: string;
  readonly operands: readonly Operand[];
  /** objdump's address-comment probes, in the order it makes them. */
  readonly probes: readonly AddressProbe[];
  /** lui/auipc/c.lui: the register and the upper address it now holds. */
  readonly setsUpper?: { readonly reg: number; readonly value: number };
}

/** The operand fields of one decoded word, by isa.ts field name. */
type Fields = Readonly<Partial<Record<FieldName, number>>>;

/** One comma-separated piece of an isa.ts operand syntax. */
type SyntaxPart =
  | { readonly kind: 'field'; readonly field: FieldName } // rd, imm12, csr, ...
  | { readonly kind: 'memory'; readonly offset?: FieldName; readonly base: FieldName | 'sp' } // imm12(rs1), (rs1)
  | { readonly kind: 'fixed'; readonly text: string }; // sp, where the encoding fixes the register

interface Syntax {
  readonly parts: readonly SyntaxPart[];
  /** Every field the syntax mentions, to decode once per word. */
  readonly fields: readonly FieldName[];
}

const isField = (name: string): name is FieldName => name in FIELDS;

function parsePart(part: string): SyntaxPart {
  const memory = /^(\w*)\((\w+)\)$/.exec(part);
  if (memory) {
    const offset = memory[1] ?? '';
    const base = memory[2] ?? '';
    const baseField = isField(base) ? base : 'sp'; // the only register a syntax fixes in memory operands
    return isField(offset) ? { kind: 'memory', offset, base: baseField } : { kind: 'memory', base: baseField };
  }
  return isField(part) ? { kind: 'field', field: part } : { kind: 'fixed', text: part };
}

function parseSyntax(operands: string): Syntax {
  const parts = operands === '' ? [] : operands.split(',').map(parsePart);
  const fields = parts.flatMap((p): FieldName[] => {
    if (p.kind === 'field') return [p.field];
    if (p.kind === 'memory') return [...(p.offset ? [p.offset] : []), ...(p.base === 'sp' ? [] : [p.base])];
    return [];
  });
  return { parts, fields };
}

/** The ISA table's operand syntaxes, parsed once. */
const SYNTAX: ReadonlyMap<InsnSpec, Syntax> = new Map(INSNS.map((spec) => [spec, parseSyntax(spec.operands)]));

function decodeFields(syntax: Syntax, word: number): Fields {
  const fields: Partial<Record<FieldName, number>> = {};
  for (const name of syntax.fields) fields[name] = extractField(word, name);
  return fields;
}

const reg = (n: number): string => ABI_NAMES[n] ?? `x${n}`;
const hex = (n: number): string => `0x${(n >>> 0).toString(16)}`;
const csrName = (n: number): string => CSR_NAME_BY_NUMBER.get(n) ?? hex(n);

/** Fence ordering sets as objdump writes them (`iorw`, `rw`, ...). */
function fenceSet(bits: number): string {
  const set = ['i', 'o', 'r', 'w'].filter((_, i) => (bits >> (3 - i)) & 1).join('');
  return set === '' ? 'unknown' : set; // objdump's table has no name for the empty set
}

/** How objdump formats each field when it prints it as the ISA table names it. */
function formatField(name: FieldName, value: number, pc: number): Operand {
  const spec = FIELDS[name];
  if (spec.kind === 'reg') return reg(value);
  if (spec.kind === 'csr') return csrName(value);
  if (spec.kind === 'fence') return fenceSet(value);
  switch (name) {
    case 'bimm13': case 'jimm21': case 'cjimm12': case 'cbimm9':
      return { target: (pc + value) >>> 0 };
    case 'uimm20': case 'shamt5': case 'cshamt6':
      return hex(value);
    case 'clui6':
      return hex(value & 0xfffff); // objdump prints the 20-bit field of c.lui
    default:
      return String(value);
  }
}

const form = (mnemonic: string, operands: Operand[] = [], probes: AddressProbe[] = []): Form =>
  ({ mnemonic, operands, probes });

/**
 * The `maybe_print_address` calls objdump makes for the canonical spelling:
 * the offset of loads (`o`), stores (`q`) and addi (`j`, unless rs1 is x0);
 * jalr's `o(s)` makes three (offset, offset-as-jalr, base-as-jalr); c.addi
 * one unless rd is x0.
 */
function canonicalProbes(spec: InsnSpec, f: Fields): AddressProbe[] {
  if (spec.name === 'jalr') return Array(3).fill({ base: f.rs1!, offset: f.imm12! });
  if (spec.name === 'addi') return f.rs1 === 0 ? [] : [{ base: f.rs1!, offset: f.imm12! }];
  if (spec.name === 'c.addi') return [{ base: f.crd!, offset: f.csimm6! }];
  if (spec.operands === 'rd,imm12(rs1)') return [{ base: f.rs1!, offset: f.imm12! }];
  if (spec.operands === 'rs2,simm12(rs1)') return [{ base: f.rs1!, offset: f.simm12! }];
  return [];
}

const UNIMP_32 = 0xc0001073; // csrrw x0, cycle, x0: the canonical 32-bit illegal instruction

/** Base instructions whose `-M no-aliases` spelling is not the ISA table's. */
const CANONICAL_SPECIAL: ReadonlyMap<string, (f: Fields, word: number) => Form | undefined> = new Map([
  ['c.addi4spn', (_f: Fields, word: number) => (word === 0 ? form('c.unimp') : undefined)],
  ['csrrw', (_f: Fields, word: number) => (word === UNIMP_32 ? form('unimp') : undefined)], // not an alias in objdump
  ['c.nop', (f: Fields) => form('c.addi', ['zero', String(f.csimm6)])], // c.nop is an alias of c.addi x0
  ['c.slli', (f: Fields) => (f.cshamt6 === 0 ? form('c.slli64', [reg(f.crd!)]) : undefined)],
  ['c.srli', (f: Fields) => (f.cshamt6 === 0 ? form('c.srli64', [reg(f.crs1q!)]) : undefined)],
  ['c.srai', (f: Fields) => (f.cshamt6 === 0 ? form('c.srai64', [reg(f.crs1q!)]) : undefined)],
]);

/**
 * The base instruction spelled exactly as isa.ts writes its syntax, which is
 * also objdump's `-M no-aliases` spelling.
 */
function canonicalForm(spec: InsnSpec, syntax: Syntax, f: Fields, word: number, pc: number): Form {
  const special = CANONICAL_SPECIAL.get(spec.name)?.(f, word);
  if (special) return special;
  const operands = syntax.parts.map((part): Operand => {
    switch (part.kind) {
      case 'field': return formatField(part.field, f[part.field]!, pc);
      case 'fixed': return part.text;
      case 'memory': {
        const offset = part.offset ? String(f[part.offset]) : '';
        return `${offset}(${part.base === 'sp' ? 'sp' : reg(f[part.base]!)})`;
      }
    }
  });
  return form(spec.name, operands, canonicalProbes(spec, f));
}

// ---------------------------------------------------------------------------
// Encodings the ISA table decodes but objdump's opcode table refuses. The
// spec marks most of them reserved (e.g. c.lwsp with rd=x0). For fence and
// fence.i it reserves rd, rs1 (and fm, imm) for future finer-grained fences
// and has today's harts ignore them, while objdump insists they are zero;
// we print objdump's raw `.4byte`, which claims nothing false.

const FM_MASK = 0xf0000000;
const RS1_RD_MASK = 0x000f8f80;
const IMM12_MASK = 0xfff00000;

function objdumpRefuses(spec: InsnSpec, word: number, f: Fields): boolean {
  switch (spec.name) {
    case 'fence': return (word & (FM_MASK | RS1_RD_MASK)) !== 0;
    case 'fence.tso': return (word & RS1_RD_MASK) !== 0;
    case 'fence.i': return (word & (IMM12_MASK | RS1_RD_MASK)) !== 0;
    case 'c.addi4spn': return f.cnzuimm10 === 0 && word !== 0;
    case 'c.addi16sp': return f.caddi16sp === 0; // objdump prints `add sp,sp,0`: see the differential test
    case 'c.lui': return f.clui6 === 0;
    case 'c.lwsp': return f.crd === 0;
    case 'c.jr': return f.crd === 0;
    // RV32C reserves shamt[5]=1 for custom use; objdump decodes it (see the differential test).
    case 'c.srli': case 'c.srai': case 'c.slli': return (f.cshamt6 ?? 0) >= 32;
    default: return false;
  }
}

// ---------------------------------------------------------------------------
// Alias choice: for each base instruction, the spelling of the first entry of
// objdump's table that matches.

type AliasRule = (f: Fields, word: number, pc: number) => Form;

const mem = (offset: number, base: number): string => `${offset}(${reg(base)})`;
const target = (pc: number, offset: number): TargetOperand => ({ target: (pc + offset) >>> 0 });

/** jalr: `o(s)` probes the address twice (offset operand, then as jalr), `s` once more. */
function jalrForm(f: Fields): Form {
  const rd = f.rd!, rs1 = f.rs1!, imm = f.imm12!;
  const base: AddressProbe = { base: rs1, offset: imm };
  if (rd === 0 && rs1 === 1 && imm === 0) return form('ret');
  if (rd === 0 && imm === 0) return form('jr', [reg(rs1)], [base]);
  if (rd === 0) return form('jr', [mem(imm, rs1)], [base, base, base]);
  if (rd === 1 && imm === 0) return form('jalr', [reg(rs1)], [base]);
  if (rd === 1) return form('jalr', [mem(imm, rs1)], [base, base, base]);
  if (imm === 0) return form('jalr', [reg(rd), reg(rs1)], [base]);
  return form('jalr', [reg(rd), mem(imm, rs1)], [base, base, base]);
}

function branchForm(name: string, f: Fields, pc: number): Form {
  const rs1 = f.rs1!, rs2 = f.rs2!, t = target(pc, f.bimm13!);
  const zeroRs1: Record<string, string> = { bge: 'blez', blt: 'bgtz' };
  const zeroRs2: Record<string, string> = { beq: 'beqz', bne: 'bnez', bge: 'bgez', blt: 'bltz' };
  // objdump's table lists blez before bgez but bltz before bgtz.
  if (name === 'bge' && rs1 === 0) return form('blez', [reg(rs2), t]);
  if (rs2 === 0 && zeroRs2[name]) return form(zeroRs2[name]!, [reg(rs1), t]);
  if (rs1 === 0 && zeroRs1[name]) return form(zeroRs1[name]!, [reg(rs2), t]);
  return form(name, [reg(rs1), reg(rs2), t]);
}

const loadAs = (mnemonic: string): AliasRule => (f) =>
  form(mnemonic, [reg(f.rd!), mem(f.imm12!, f.rs1!)], [{ base: f.rs1!, offset: f.imm12! }]);
const storeAs = (mnemonic: string): AliasRule => (f) =>
  form(mnemonic, [reg(f.rs2!), mem(f.simm12!, f.rs1!)], [{ base: f.rs1!, offset: f.simm12! }]);
/** Register-immediate ALU ops print as the register-register mnemonic. */
const immAs = (mnemonic: string): AliasRule => (f) => form(mnemonic, [reg(f.rd!), reg(f.rs1!), String(f.imm12)]);
const shiftAs = (mnemonic: string): AliasRule => (f) => form(mnemonic, [reg(f.rd!), reg(f.rs1!), hex(f.shamt5!)]);

/** csrrs rd,csr,x0 on the unprivileged counters. */
const COUNTER_READS: ReadonlyMap<number, string> = new Map([
  [0xc00, 'rdcycle'], [0xc01, 'rdtime'], [0xc02, 'rdinstret'],
  [0xc80, 'rdcycleh'], [0xc81, 'rdtimeh'], [0xc82, 'rdinstreth'],
]);

/** csrrw/csrrs/csrrc and their immediate forms: `csrX` when rd is x0, else `csrrX`. */
function csrForm(letter: 'w' | 's' | 'c', f: Fields, source: string): Form {
  if (f.rd === 0) return form(`csr${letter}`, [csrName(f.csr!), source]);
  return form(`csrr${letter}`, [reg(f.rd!), csrName(f.csr!), source]);
}

const cReg = (f: Fields, name: FieldName): string => reg(f[name]!);
const threeRegs = (mnemonic: string, f: Fields): Form => form(mnemonic, [reg(f.rd!), reg(f.rs1!), reg(f.rs2!)]);
/** A compressed instruction spelled as its expansion `op rd,rd,source`. */
const twoAddress = (mnemonic: string, f: Fields, rd: FieldName, source: string): Form =>
  form(mnemonic, [cReg(f, rd), cReg(f, rd), source]);

const ALIASES: ReadonlyMap<string, AliasRule> = new Map<string, AliasRule>([
  ['jal', (f, _w, pc) => {
    const t = target(pc, f.jimm21!);
    if (f.rd === 0) return form('j', [t]);
    if (f.rd === 1) return form('jal', [t]);
    return form('jal', [reg(f.rd!), t]);
  }],
  ['jalr', (f) => jalrForm(f)],
  ...['beq', 'bne', 'blt', 'bge', 'bltu', 'bgeu'].map((n): [string, AliasRule] =>
    [n, (f, _w, pc) => branchForm(n, f, pc)]),
  ...['lb', 'lh', 'lw', 'lbu', 'lhu'].map((n): [string, AliasRule] => [n, loadAs(n)]),
  ...['sb', 'sh', 'sw'].map((n): [string, AliasRule] => [n, storeAs(n)]),
  ['addi', (f) => {
    const rd = f.rd!, rs1 = f.rs1!, imm = f.imm12!;
    if (rd === 0 && rs1 === 0 && imm === 0) return form('nop');
    if (rs1 === 0) return form('li', [reg(rd), String(imm)]);
    if (imm === 0) return form('mv', [reg(rd), reg(rs1)]);
    return form('add', [reg(rd), reg(rs1), String(imm)], [{ base: rs1, offset: imm }]);
  }],
  ['sltiu', (f, w, pc) => (f.imm12 === 1 ? form('seqz', [reg(f.rd!), reg(f.rs1!)]) : immAs('sltiu')(f, w, pc))],
  ['xori', (f, w, pc) => (f.imm12 === -1 ? form('not', [reg(f.rd!), reg(f.rs1!)]) : immAs('xor')(f, w, pc))],
  ['ori', immAs('or')],
  ['andi', (f, w, pc) => (f.imm12 === 0xff ? form('zext.b', [reg(f.rd!), reg(f.rs1!)]) : immAs('and')(f, w, pc))],
  ['slli', shiftAs('sll')],
  ['srli', shiftAs('srl')],
  ['srai', shiftAs('sra')],
  ['sub', (f) => (f.rs1 === 0 ? form('neg', [reg(f.rd!), reg(f.rs2!)]) : threeRegs('sub', f))],
  ['slt', (f) => {
    if (f.rs2 === 0) return form('sltz', [reg(f.rd!), reg(f.rs1!)]);
    if (f.rs1 === 0) return form('sgtz', [reg(f.rd!), reg(f.rs2!)]);
    return threeRegs('slt', f);
  }],
  ['sltu', (f) => (f.rs1 === 0 ? form('snez', [reg(f.rd!), reg(f.rs2!)]) : threeRegs('sltu', f))],
  ['fence', (f) => (f.pred === 0xf && f.succ === 0xf
    ? form('fence')
    : form('fence', [fenceSet(f.pred!), fenceSet(f.succ!)]))],
  ['csrrw', (f, w) => w === UNIMP_32 ? form('unimp') : csrForm('w', f, reg(f.rs1!))],
  ['csrrs', (f) => {
    const counter = COUNTER_READS.get(f.csr!);
    if (f.rs1 === 0 && counter) return form(counter, [reg(f.rd!)]);
    if (f.rs1 === 0) return form('csrr', [reg(f.rd!), csrName(f.csr!)]);
    return csrForm('s', f, reg(f.rs1!));
  }],
  ['csrrc', (f) => csrForm('c', f, reg(f.rs1!))],
  ['csrrwi', (f) => csrForm('w', f, String(f.zimm5))],
  ['csrrsi', (f) => csrForm('s', f, String(f.zimm5))],
  ['csrrci', (f) => csrForm('c', f, String(f.zimm5))],
  ['sfence.vma', (f) => {
    if (f.rs1 === 0 && f.rs2 === 0) return form('sfence.vma');
    if (f.rs2 === 0) return form('sfence.vma', [reg(f.rs1!)]);
    return form('sfence.vma', [reg(f.rs1!), reg(f.rs2!)]);
  }],
  // Compressed: objdump prints the 32-bit instruction each one expands to.
  ['c.addi4spn', (f, w) => (w === 0 ? form('unimp') : form('add', [cReg(f, 'crdq'), 'sp', String(f.cnzuimm10)]))],
  ['c.lw', (f) => form('lw', [cReg(f, 'crdq'), mem(f.cuimm7!, f.crs1q!)])],
  ['c.sw', (f) => form('sw', [cReg(f, 'crs2q'), mem(f.cuimm7!, f.crs1q!)])],
  ['c.nop', (f) => (f.csimm6 === 0 ? form('nop') : form('c.nop', [String(f.csimm6)]))],
  ['c.addi', (f) => ({
    ...twoAddress('add', f, 'crd', String(f.csimm6)),
    probes: [{ base: f.crd!, offset: f.csimm6! }],
  })],
  ['c.jal', (f, _w, pc) => form('jal', [target(pc, f.cjimm12!)])],
  ['c.li', (f) => form(f.crd === 0 ? 'c.li' : 'li', [cReg(f, 'crd'), String(f.csimm6)])],
  ['c.addi16sp', (f) => form('add', ['sp', 'sp', String(f.caddi16sp)])],
  ['c.lui', (f) => form(f.crd === 0 ? 'c.lui' : 'lui', [cReg(f, 'crd'), hex(f.clui6! & 0xfffff)])],
  ['c.srli', (f) => (f.cshamt6 === 0
    ? form('c.srli64', [cReg(f, 'crs1q')])
    : twoAddress('srl', f, 'crs1q', hex(f.cshamt6!)))],
  ['c.srai', (f) => (f.cshamt6 === 0
    ? form('c.srai64', [cReg(f, 'crs1q')])
    : twoAddress('sra', f, 'crs1q', hex(f.cshamt6!)))],
  ['c.andi', (f) => twoAddress('and', f, 'crs1q', String(f.csimm6))],
  ...['sub', 'xor', 'or', 'and'].map((n): [string, AliasRule] =>
    [`c.${n}`, (f) => twoAddress(n, f, 'crs1q', cReg(f, 'crs2q'))]),
  ['c.j', (f, _w, pc) => form('j', [target(pc, f.cjimm12!)])],
  ['c.beqz', (f, _w, pc) => form('beqz', [cReg(f, 'crs1q'), target(pc, f.cbimm9!)])],
  ['c.bnez', (f, _w, pc) => form('bnez', [cReg(f, 'crs1q'), target(pc, f.cbimm9!)])],
  ['c.slli', (f) => {
    if (f.cshamt6 === 0) return form('c.slli64', [cReg(f, 'crd')]);
    if (f.crd === 0) return form('c.slli', ['zero', hex(f.cshamt6!)]);
    return twoAddress('sll', f, 'crd', hex(f.cshamt6!));
  }],
  ['c.lwsp', (f) => form('lw', [cReg(f, 'crd'), mem(f.clwsp8!, 2)])],
  ['c.jr', (f) => (f.crd === 1 ? form('ret') : form('jr', [cReg(f, 'crd')]))],
  ['c.mv', (f) => form(f.crd === 0 ? 'c.mv' : 'mv', [cReg(f, 'crd'), cReg(f, 'crs2')])],
  ['c.ebreak', () => form('ebreak')],
  ['c.jalr', (f) => form('jalr', [cReg(f, 'crd')])],
  ['c.add', (f) => (f.crd === 0
    ? form('c.add', ['zero', cReg(f, 'crs2')])
    : twoAddress('add', f, 'crd', cReg(f, 'crs2')))],
  ['c.swsp', (f) => form('sw', [cReg(f, 'crs2'), mem(f.cswsp8!, 2)])],
]);

/** The upper address objdump remembers for the destination of lui, auipc and c.lui. */
function upperOf(spec: InsnSpec, f: Fields, pc: number): Form['setsUpper'] {
  if (spec.name === 'lui') return { reg: f.rd!, value: (f.uimm20! << 12) >>> 0 };
  if (spec.name === 'auipc') return { reg: f.rd!, value: (pc + (f.uimm20! << 12)) >>> 0 };
  if (spec.name === 'c.lui') return { reg: f.crd!, value: (f.clui6! << 12) >>> 0 };
  return undefined;
}

/**
 * objdump's spelling of `word`, already decoded to `spec` by the ISA table,
 * or undefined if objdump does not accept the encoding (it then prints the
 * raw `.2byte`/`.4byte`).
 */
export function objdumpForm(spec: InsnSpec, word: number, pc: number, aliases: boolean): Form | undefined {
  const syntax = SYNTAX.get(spec)!;
  const f = decodeFields(syntax, word);
  if (objdumpRefuses(spec, word, f)) return undefined;
  const rule = aliases ? ALIASES.get(spec.name) : undefined;
  const chosen = rule ? rule(f, word, pc) : canonicalForm(spec, syntax, f, word, pc);
  const upper = upperOf(spec, f, pc);
  return upper ? { ...chosen, setsUpper: upper } : chosen;
}

// ---------------------------------------------------------------------------
// Encodings outside mmulab's ISA that objdump 2.40 still names for
// rv32imac_zicsr_zifencei: uret (the withdrawn N extension), dret (the Debug
// specification), and hret and sfence.vm (privileged specification 1.9).
// mmulab's hart raises an illegal-instruction exception on all of them; the
// disassembler names them anyway so that its text stays objdump's.

const SFENCE_VM = 0x10400073; // sfence.vm rs1
const SFENCE_VM_MASK = 0xfff07fff;
const FOREIGN_SYSTEM: ReadonlyMap<number, string> = new Map([
  [0x00200073, 'uret'], [0x20200073, 'hret'], [0x7b200073, 'dret'],
]);

/** objdump's spelling of a 32-bit word the ISA table does not decode, if it has one. */
export function foreignForm(word: number): Form | undefined {
  const name = FOREIGN_SYSTEM.get(word);
  if (name) return form(name);
  if (((word & SFENCE_VM_MASK) >>> 0) !== SFENCE_VM) return undefined;
  const rs1 = extractField(word, 'rs1');
  return rs1 === 0 ? form('sfence.vm') : form('sfence.vm', [reg(rs1)]);
}
