// One instruction at a time, text-identical to GNU objdump 2.40
// (`riscv64-unknown-elf-objdump -d` on an rv32imac_zicsr_zifencei ELF).
// Words are decoded with the ISA table (isa.ts) through a per-opcode index;
// disasm-forms.ts picks objdump's spelling; disasm-elf.ts makes listings;
// disasm.ts is the public face of all three.

import { MmulabError } from '../errors.js';
import { foreignForm, objdumpForm, type AddressProbe, type Form, type Operand } from './disasm-forms.js';
import { INSNS, type InsnSpec } from './isa.js';

/** Byte lengths the RISC-V length encoding can announce (unprivileged spec, "Expanded Instruction-Length Encoding"). */
export type InsnLength = 2 | 4 | 6 | 8 | 10 | 12 | 14 | 16 | 18 | 20 | 22;

export interface Disassembly {
  /** Bytes the instruction occupies (2 or 4 for RV32IMAC; longer encodings are never valid here). */
  size: InsnLength;
  mnemonic: string;
  operands: string;
  /** `${mnemonic}\t${operands}` as objdump prints it, with its ` # address` comment if any. */
  text: string;
  /** Branch/jump target address, for symbolization. */
  target?: number;
  /** The address objdump explains in a ` # ...` comment (e.g. `lw a0,8(zero) # 0x8`). */
  commentAddress?: number;
}

export interface DisasmOptions {
  /** Default true, like objdump; false = `-M no-aliases`. */
  aliases?: boolean;
  /** Names an address, e.g. `<main+0x8>`; addresses it names print as `10074 <main+0x8>`, others as `0x10074`. */
  symbolize?: (addr: number) => string | undefined;
  /**
   * Register knowledge carried from instruction to instruction (what objdump
   * remembers after lui/auipc, and the global pointer). Without it each call
   * starts fresh, as objdump does at the start of a file.
   */
  tracker?: AddressTracker;
}

export class DisasmError extends MmulabError {
  override name = 'DisasmError';
}

// ---------------------------------------------------------------------------
// Instruction length (unprivileged spec, "Expanded Instruction-Length Encoding").

/** The byte length announced by the low 16 bits of an instruction, as objdump reads it. */
export function instructionLength(low16: number): InsnLength {
  if ((low16 & 0x3) !== 0x3) return 2;
  if ((low16 & 0x1f) !== 0x1f) return 4;
  if ((low16 & 0x3f) === 0x1f) return 6;
  if ((low16 & 0x7f) === 0x3f) return 8;
  // 80..176-bit encodings carry their length in bits [14:12]; nnn=111 is
  // reserved for >=192 bits, which objdump consumes two bytes at a time.
  if ((low16 & 0x7000) !== 0x7000) return (10 + ((low16 >> 11) & 0xe)) as InsnLength;
  return 2;
}

// ---------------------------------------------------------------------------
// Decoding index: the ISA table split by major opcode (32-bit) or by quadrant
// and funct3 (16-bit), keeping the table's most-specific-first order.

const OPCODE_MASK = 0x7f;
const C_INDEX_MASK = 0xe003; // funct3 + quadrant

const cIndex = (word: number): number => ((word >>> 11) & 0x1c) | (word & 0x3);

function buildIndex(): { wide: InsnSpec[][]; compressed: InsnSpec[][] } {
  const wide: InsnSpec[][] = Array.from({ length: 128 }, () => []);
  const compressed: InsnSpec[][] = Array.from({ length: 32 }, () => []);
  for (const spec of INSNS) {
    if (spec.size === 4) wide[spec.match & OPCODE_MASK]!.push(spec);
    else compressed[cIndex(spec.match & C_INDEX_MASK)]!.push(spec);
  }
  return { wide, compressed };
}

const INDEX = buildIndex();

/** The ISA table entry for a 16- or 32-bit instruction word, or undefined if none matches. */
export function decodeSpec(word: number, size: 2 | 4): InsnSpec | undefined {
  const bucket = size === 4 ? INDEX.wide[word & OPCODE_MASK]! : INDEX.compressed[cIndex(word)]!;
  for (const spec of bucket) if (((word & spec.mask) >>> 0) === spec.match) return spec;
  return undefined;
}

// ---------------------------------------------------------------------------
// objdump's memory of upper-immediate registers, for its `# address` comments.

const X_GP = 3;
const X_TP = 4;

/**
 * What objdump knows about register values while it lists a file: the upper
 * address each lui/auipc/c.lui put in a register (forgotten once an address
 * is formed from it) and the global pointer. It turns `addi a0,a0,%lo(x)`
 * after `lui a0,%hi(x)` into `add a0,a0,... # x`.
 */
export class AddressTracker {
  private readonly upper: (number | undefined)[] = new Array<number | undefined>(32).fill(undefined);

  /** `gp` is the value of `__global_pointer$`, if the program defines it. */
  constructor(private readonly gp?: number) {}

  /** Forget everything learnt from earlier instructions. */
  reset(): void {
    this.upper.fill(undefined);
  }

  setUpper(reg: number, value: number): void {
    this.upper[reg] = value >>> 0;
  }

  /**
   * The address base+offset if objdump can know it: after lui/auipc into
   * base (used once), from gp, or absolute for x0 and tp.
   */
  probe({ base, offset }: AddressProbe): number | undefined {
    const upper = this.upper[base];
    if (upper !== undefined) {
      this.upper[base] = undefined;
      return ((base !== 0 ? upper : 0) + offset) >>> 0;
    }
    if (base === X_GP && this.gp !== undefined) return (this.gp + offset) >>> 0;
    if (base === X_TP || base === 0) return offset >>> 0;
    return undefined;
  }
}

// ---------------------------------------------------------------------------
// Text.

/** An address as objdump's print_address prints it: `1001c <label>` or, with no symbol, `0x1001c`. */
export function formatAddress(addr: number, symbolize?: (addr: number) => string | undefined): string {
  const name = symbolize?.(addr);
  return name === undefined ? `0x${addr.toString(16)}` : `${addr.toString(16)} ${name}`;
}

function formatOperand(op: Operand, symbolize: DisasmOptions['symbolize']): string {
  return typeof op === 'string' ? op : formatAddress(op.target, symbolize);
}

function joinText(mnemonic: string, operands: string, comment: string): string {
  return (operands === '' ? mnemonic : `${mnemonic}\t${operands}`) + comment;
}

function rawText(size: InsnLength, mnemonic: string, operands: string): Disassembly {
  return { size, mnemonic, operands, text: joinText(mnemonic, operands, '') };
}

/** objdump's rendering of a 16- or 32-bit word it cannot decode: `.2byte 0x...` / `.4byte 0x...`. */
const rawWord = (word: number, size: 2 | 4): Disassembly => rawText(size, `.${size}byte`, `0x${word.toString(16)}`);

/** `n` as unsigned lower-case hex, zero-padded to `width` digits. */
export const hexDigits = (n: number, width: number): string => (n >>> 0).toString(16).padStart(width, '0');

/** objdump's rendering of a longer encoding: `.8byte` for 64 bits, else every byte. */
function rawLong(bytes: Uint8Array, size: InsnLength): Disassembly {
  const hexByte = (b: number): string => hexDigits(b, 2);
  if (size === 8) {
    const hex = Array.from(bytes.subarray(0, 8), hexByte).reverse().join('');
    return rawText(size, '.8byte', `0x${hex.replace(/^0+(?=.)/, '')}`);
  }
  return rawText(size, '.byte', Array.from(bytes.subarray(0, size), (b) => `0x${hexByte(b)}`).join(', '));
}

function fromForm(f: Form, size: 2 | 4, options: DisasmOptions, tracker: AddressTracker): Disassembly {
  const operands = f.operands.map((op) => formatOperand(op, options.symbolize)).join(',');
  let commentAddress: number | undefined;
  for (const p of f.probes) commentAddress = tracker.probe(p) ?? commentAddress;
  if (f.setsUpper) tracker.setUpper(f.setsUpper.reg, f.setsUpper.value);
  const comment = commentAddress === undefined ? '' : ` # ${formatAddress(commentAddress, options.symbolize)}`;
  const result: Disassembly = { size, mnemonic: f.mnemonic, operands, text: joinText(f.mnemonic, operands, comment) };
  const target = f.operands.find((op) => typeof op !== 'string');
  if (target !== undefined && typeof target !== 'string') result.target = target.target;
  if (commentAddress !== undefined) result.commentAddress = commentAddress;
  return result;
}

/** A 16-bit or 32-bit instruction word. */
function disassembleWord(word: number, size: 2 | 4, pc: number, options: DisasmOptions): Disassembly {
  const spec = decodeSpec(word, size);
  const form = spec ? objdumpForm(spec, word, pc >>> 0, options.aliases ?? true)
    : size === 4 ? foreignForm(word) : undefined;
  if (!form) return rawWord(word, size);
  return fromForm(form, size, options, options.tracker ?? new AddressTracker());
}

/**
 * Disassemble the instruction at the start of `bytes` at `pc`, or the
 * instruction word `bytes` as the hart fetched it (only its low 16 bits if
 * they say compressed).
 *
 * An encoding longer than 32 bits is consumed whole when all its bytes are
 * given, as objdump does. Given fewer bytes than the instruction announces
 * (a word counts as 4), the bytes given print as raw data, `.4byte` or
 * `.2byte`: that is what a hart that fetched them saw. Fewer than 2 bytes is
 * a DisasmError.
 */
export function disassembleOne(bytes: Uint8Array | number, pc: number, options: DisasmOptions = {}): Disassembly {
  if (typeof bytes === 'number') {
    const low16 = bytes & 0xffff;
    const size = instructionLength(low16);
    if (size === 2) return disassembleWord(low16, 2, pc, options);
    return size === 4 ? disassembleWord(bytes >>> 0, 4, pc, options) : rawWord(bytes >>> 0, 4);
  }
  if (bytes.length < 2) throw new DisasmError(`cannot disassemble ${bytes.length} byte(s) at 0x${pc.toString(16)}`);
  const low16 = bytes[0]! | (bytes[1]! << 8);
  const size = instructionLength(low16);
  const word32 = bytes.length >= 4 ? (low16 | (bytes[2]! << 16) | (bytes[3]! << 24)) >>> 0 : undefined;
  if (size > bytes.length) return word32 === undefined ? rawWord(low16, 2) : rawWord(word32, 4);
  if (size > 4) return rawLong(bytes, size);
  return size === 2 ? disassembleWord(low16, 2, pc, options) : disassembleWord(word32!, 4, pc, options);
}
