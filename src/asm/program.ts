// The assembled program before layout: sections holding items (instructions,
// data, alignment) and the symbol table. Items keep what is needed to emit
// their bytes once every address is known; relaxable branches and alignment
// padding change size while layout iterates (see relax.ts).
import type { SourceLoc } from './diagnostics.js';
import type { Expr } from './expr.js';

/** How an instruction's unresolved operand is filled in once addresses are known. */
export type FixupKind =
  | 'hi20' // lui %hi(x)
  | 'lo12_i' // I-type %lo(x)
  | 'lo12_s' // S-type %lo(x)
  | 'pcrel_hi20' // auipc %pcrel_hi(x)
  | 'pcrel_lo12_i' // I-type %pcrel_lo(label of the auipc)
  | 'pcrel_lo12_s'; // S-type %pcrel_lo(label of the auipc)

export interface Fixup {
  readonly kind: FixupKind;
  readonly expr: Expr;
  readonly loc: SourceLoc;
}

interface ItemBase {
  readonly loc: SourceLoc;
  /** The source statement, for the listing. */
  readonly source: string;
}

/** A 16- or 32-bit instruction whose size is fixed. */
export interface InsnItem extends ItemBase {
  readonly kind: 'insn';
  readonly size: 2 | 4;
  readonly word: number;
  readonly mnemonic: string;
  readonly fixup?: Fixup;
}

/**
 * A conditional branch or a jump to a label, sized by GNU as's rule (relax.ts):
 * 2 (compressed), 4, 6 (inverted c.b* over a jal) or 8 (inverted branch over a jal).
 */
export interface BranchItem extends ItemBase {
  readonly kind: 'branch';
  readonly mnemonic: string;
  /** The 32-bit form without its offset: a B-type branch, or a jal for jumps. */
  readonly word: number;
  /** The 16-bit form without its offset when the instruction may be compressed (c.beqz, c.bnez, c.j, c.jal). */
  readonly rvcWord?: number;
  readonly uncond: boolean;
  readonly target: Expr;
  size: 2 | 4 | 6 | 8;
}

/** A value of `width` bytes (.byte, .half, .word, .dword) computed from an expression. */
export interface DataItem extends ItemBase {
  readonly kind: 'data';
  readonly width: 1 | 2 | 4 | 8;
  readonly expr: Expr;
}

/** Bytes known when read (.ascii and .string, data values that are constants, LEB128). */
export interface BytesItem extends ItemBase {
  readonly kind: 'bytes';
  readonly bytes: Uint8Array;
}

/**
 * `size` bytes of a repeated pattern (.fill, .space, .zero, .skip), kept
 * unexpanded so a large .bss costs nothing. GNU as starts a new fragment after
 * one (see relax.ts).
 */
export interface FillItem extends ItemBase {
  readonly kind: 'fill';
  readonly size: number;
  readonly pattern: Uint8Array;
}

/** Padding to a power-of-two boundary. */
export interface AlignItem extends ItemBase {
  readonly kind: 'align';
  readonly boundary: number;
  /** Fill byte pattern, or null for the default (nops in code, zeros elsewhere). */
  readonly fill: { value: bigint; size: number } | null;
  /** Skip the alignment if it needs more than this many bytes. */
  readonly maxSkip: number | null;
  /** Pad with nops: a code section and no explicit fill. */
  readonly code: boolean;
  size: number;
}

/** .org: padding up to a fixed offset in the section. */
export interface OrgItem extends ItemBase {
  readonly kind: 'org';
  readonly offset: number;
  readonly fill: number;
  size: number;
}

export type Item = InsnItem | BranchItem | DataItem | BytesItem | FillItem | AlignItem | OrgItem;

export interface Section {
  readonly name: string;
  /** SHT_PROGBITS or SHT_NOBITS. */
  readonly type: number;
  /** SHF_* bits. */
  readonly flags: number;
  /** Largest alignment requested, in bytes. */
  align: number;
  readonly items: Item[];
  /** offsets[i] is the offset of items[i]; offsets[items.length] is the size. Set by relax.ts. */
  offsets: number[];
  /** Base address, set by layout.ts. */
  addr: number;
}

export interface SymbolDef {
  readonly name: string;
  /** Where it was first defined or, for undefined symbols, first used. */
  loc: SourceLoc;
  /** A label at items[index] of `section`; an absolute value from .equ/.set; or not (yet) defined. */
  def: { kind: 'label'; section: Section; index: number } | { kind: 'equ'; expr: Expr } | { kind: 'undefined' };
  /** .equ/.set may redefine; .equiv and labels may not. */
  redefinable: boolean;
  bind: 'local' | 'global' | 'weak';
  /** STT_* from .type. */
  type: number;
  sizeExpr?: Expr;
  /** Internal names (local labels, `.L*`, `.`) never reach the ELF symbol table. */
  readonly internal: boolean;
}

export function itemSize(item: Item): number {
  switch (item.kind) {
    case 'insn':
      return item.size;
    case 'branch':
      return item.size;
    case 'data':
      return item.width;
    case 'bytes':
      return item.bytes.length;
    case 'fill':
    case 'align':
    case 'org':
      return item.size;
  }
}
