// Emitting bytes once every address is known: symbol values, fixups of
// relocated operands (the arithmetic of the RISC-V psABI relocations
// R_RISCV_HI20, LO12_I/S, PCREL_HI20, PCREL_LO12_I/S), branches and jumps in
// their relaxed form (BRANCH, JAL, RVC_BRANCH, RVC_JUMP), and alignment padding.
import { fail, type DiagnosticList, type SourceLoc } from './diagnostics.js';
import { littleEndian } from './directives.js';
import { rangeError, splitHiLo } from './encode.js';
import { evaluate, symbolPlusOffset, type Expr } from './expr.js';
import { insertField, type FieldName } from './isa.js';
import type { AlignItem, BranchItem, DataItem, Fixup, InsnItem, Item, Section, SymbolDef } from './program.js';
import { SHT_NOBITS } from '../elf/types.js';

const MATCH_JAL = 0x6f; // jal x0
const BRANCH_INVERT = 0x1000; // MATCH_BEQ ^ MATCH_BNE: flips funct3 bit 0 (beq/bne, blt/bge, bltu/bgeu)
const RVC_BRANCH_INVERT = 0x2000; // MATCH_C_BEQZ ^ MATCH_C_BNEZ
const NOP = 0x00000013;
/** Most bytes of section contents mmulab builds in memory, all sections together (a .bss can be any size). */
const MAX_CONTENT_BYTES = 256 * 1024 * 1024;
const C_NOP = 0x0001;

/** Final symbol values; reports undefined and circular symbols. */
export class SymbolValues {
  private readonly cache = new Map<string, bigint>();
  private readonly active = new Set<string>();

  constructor(readonly symbols: ReadonlyMap<string, SymbolDef>) {}

  value(name: string, loc: SourceLoc): bigint {
    const cached = this.cache.get(name);
    if (cached !== undefined) return cached;
    const sym = this.symbols.get(name);
    if (sym === undefined || sym.def.kind === 'undefined') fail(loc, `undefined symbol '${displayName(name)}'`);
    let v: bigint;
    if (sym.def.kind === 'label') {
      v = BigInt(sym.def.section.addr + sym.def.section.offsets[sym.def.index]!);
    } else {
      if (this.active.has(name)) fail(loc, `symbol '${name}' is defined in terms of itself`);
      this.active.add(name);
      try {
        v = this.evaluate(sym.def.expr, sym.loc);
      } finally {
        this.active.delete(name);
      }
    }
    this.cache.set(name, v);
    return v;
  }

  evaluate(expr: Expr, loc: SourceLoc): bigint {
    return evaluate(expr, (name, column) => this.value(name, { ...loc, column }), loc)!;
  }
}

/** Internal names of local labels, shown as written (`1b`/`1f` become `1`). */
function displayName(name: string): string {
  const m = /^\.L(\d+)\^B\d+$/.exec(name);
  return m ? m[1]! : name;
}

function putWord(out: Uint8Array, at: number, word: number, size: number): void {
  for (let i = 0; i < size; i++) out[at + i] = (word >>> (8 * i)) & 0xff;
}

/** Places a pc-relative `offset` into `field`, checking range and alignment. */
function pcrelField(word: number, field: FieldName, offset: bigint, mnemonic: string, loc: SourceLoc): number {
  if (offset % 2n !== 0n) fail(loc, `misaligned target for ${mnemonic}: offset ${offset} is odd`);
  const err = rangeError(field, offset, mnemonic);
  if (err !== undefined) fail(loc, `target out of range for ${mnemonic}: offset ${offset} (${err.replace(/.*\(/, '').replace(')', '')})`);
  return insertField(word, field, Number(offset));
}

export class Emitter {
  private contentBytes = 0;

  constructor(
    private readonly values: SymbolValues,
    private readonly diagnostics: DiagnosticList,
  ) {}

  /** The bytes of `section` (none for SHT_NOBITS: it holds only zeros, which the file does not store). */
  emitSection(section: Section): Uint8Array {
    const size = section.offsets[section.items.length]!;
    if (section.type === SHT_NOBITS || size === 0) return new Uint8Array(0);
    if (this.contentBytes + size > MAX_CONTENT_BYTES) {
      const message = `section ${section.name} brings the contents to ${this.contentBytes + size} bytes, more than ${MAX_CONTENT_BYTES}`;
      this.diagnostics.report(section.items[0]!.loc, message);
      return new Uint8Array(0);
    }
    this.contentBytes += size;
    const out = new Uint8Array(size);
    section.items.forEach((item, i) => {
      const offset = section.offsets[i]!;
      this.diagnostics.guard(() => this.emitItem(item, out, offset, section.addr + offset));
    });
    return out;
  }

  private emitItem(item: Item, out: Uint8Array, at: number, pc: number): void {
    switch (item.kind) {
      case 'insn':
        return putWord(out, at, this.applyFixup(item, pc), item.size);
      case 'branch':
        return this.emitBranch(item, out, at, pc);
      case 'data':
        return out.set(littleEndian(this.dataValue(item), item.width), at);
      case 'bytes':
        return out.set(item.bytes, at);
      case 'fill':
        return repeatPattern(out, at, item.size, item.pattern);
      case 'align':
        return out.set(alignmentFill(item), at);
      case 'org':
        if (at > item.offset) fail(item.loc, `.org ${item.offset} is behind the current offset ${at} in the section`);
        out.fill(item.fill, at, at + item.size);
        return;
    }
  }

  /**
   * A .byte/.half/.word/.dword value that needed addresses. A value that does
   * not fit 1 or 2 bytes is an error, as in GNU as (constants known when read
   * are truncated silently instead, like GNU as's warning).
   */
  private dataValue(item: DataItem): bigint {
    const v = this.values.evaluate(item.expr, item.loc);
    const bits = BigInt(item.width * 8);
    if (item.width <= 2 && (v < -(1n << (bits - 1n)) || v >= 1n << bits)) {
      fail(item.loc, `value ${v} does not fit in ${item.width} byte${item.width === 1 ? '' : 's'}`);
    }
    return v;
  }

  private applyFixup(item: InsnItem, pc: number): number {
    const f = item.fixup;
    if (f === undefined) return item.word;
    const value = Number(BigInt.asIntN(32, this.values.evaluate(f.expr, f.loc)));
    switch (f.kind) {
      case 'hi20':
        return insertField(item.word, 'uimm20', splitHiLo(value).hi);
      case 'lo12_i':
        return insertField(item.word, 'imm12', value);
      case 'lo12_s':
        return insertField(item.word, 'simm12', value);
      case 'pcrel_hi20':
        return insertField(item.word, 'uimm20', splitHiLo((value - pc) | 0).hi);
      case 'pcrel_lo12_i':
        return insertField(item.word, 'imm12', this.pcrelLow(f));
      case 'pcrel_lo12_s':
        return insertField(item.word, 'simm12', this.pcrelLow(f));
    }
  }

  /** %pcrel_lo(label): the low 12 bits of the offset computed by the auipc at `label`. */
  private pcrelLow(f: Fixup): number {
    const ref = symbolPlusOffset(f.expr);
    const def = ref && ref.offset === 0n ? this.values.symbols.get(ref.name)?.def : undefined;
    const auipc = def?.kind === 'label' ? def.section.items[def.index] : undefined;
    if (def?.kind !== 'label' || auipc?.kind !== 'insn' || auipc.fixup?.kind !== 'pcrel_hi20') {
      fail(f.loc, '%pcrel_lo needs the label of an auipc with %pcrel_hi');
    }
    const auipcPc = def.section.addr + def.section.offsets[def.index]!;
    const target = Number(BigInt.asIntN(32, this.values.evaluate(auipc.fixup.expr, auipc.fixup.loc)));
    return splitHiLo((target - auipcPc) | 0).lo;
  }

  private emitBranch(item: BranchItem, out: Uint8Array, at: number, pc: number): void {
    const target = this.values.evaluate(item.target, item.loc);
    const offset = (from: number): bigint => BigInt.asIntN(32, target - BigInt(from));
    const jal = (from: number): number => pcrelField(MATCH_JAL, 'jimm21', offset(from), item.mnemonic, item.loc);
    switch (item.size) {
      case 2: {
        const field = item.uncond ? 'cjimm12' : 'cbimm9';
        return putWord(out, at, pcrelField(item.rvcWord!, field, offset(pc), item.mnemonic, item.loc), 2);
      }
      case 4: {
        const field = item.uncond ? 'jimm21' : 'bimm13';
        return putWord(out, at, pcrelField(item.word, field, offset(pc), item.mnemonic, item.loc), 4);
      }
      case 6:
        putWord(out, at, insertField(item.rvcWord! ^ RVC_BRANCH_INVERT, 'cbimm9', 6), 2);
        return putWord(out, at + 2, jal(pc + 2), 4);
      case 8:
        putWord(out, at, insertField(item.word ^ BRANCH_INVERT, 'bimm13', 8), 4);
        return putWord(out, at + 4, jal(pc + 4), 4);
    }
  }
}

/** Writes `size` bytes of `pattern` repeated at `at`, doubling what is written so far (fast for large .fill). */
function repeatPattern(out: Uint8Array, at: number, size: number, pattern: Uint8Array): void {
  if (size === 0) return;
  out.set(pattern.subarray(0, size), at);
  for (let done = Math.min(pattern.length, size); done < size; done *= 2) {
    out.copyWithin(at + done, at, at + Math.min(done, size - done));
  }
}

/**
 * Alignment padding. Code gets nops the way GNU as makes them: a zero byte if
 * the gap is odd, at most one c.nop, then 4-byte nops.
 */
function alignmentFill(item: AlignItem): Uint8Array {
  const out = new Uint8Array(item.size);
  if (item.fill !== null) return out.fill(Number(BigInt.asUintN(8, item.fill.value)));
  if (!item.code) return out;
  let i = 0;
  if (item.size % 2 === 1) out[i++] = 0;
  if ((item.size - i) % 4 === 2) {
    putWord(out, i, C_NOP, 2);
    i += 2;
  }
  for (; i < item.size; i += 4) putWord(out, i, NOP, 4);
  return out;
}
