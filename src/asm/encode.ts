// Encoding from the ISA table: an instruction word is its match bits with each
// operand inserted into its field. Range checks live here so every caller gets
// the same limits and the same messages.
import { FIELDS, fieldLowBit, insertField, INSN_BY_NAME, type FieldName, type InsnSpec } from './isa.js';

export type FieldValues = Partial<Record<FieldName, number>>;

/** The spec of instruction `name`, which must exist in the table. */
export function spec(name: string): InsnSpec {
  const s = INSN_BY_NAME.get(name);
  if (s === undefined) throw new Error(`no instruction ${name} in the ISA table`);
  return s;
}

/** The word of instruction `name` with the given operand fields. */
export function encode(name: string, values: FieldValues): number {
  let word = spec(name).match;
  for (const [field, value] of Object.entries(values) as [FieldName, number][]) {
    word = insertField(word, field, value);
  }
  return word >>> 0;
}

/** The values an immediate field can hold: [min, max] and the step (values are multiples of it). */
export interface FieldRange {
  min: bigint;
  max: bigint;
  step: bigint;
  /** The value 0 is reserved (c.addi4spn, c.addi16sp, c.lui). */
  nonzero: boolean;
}

// c.lui writes nzimm[17:12] as the 20-bit value lui would take: 1..0x1f or 0xfffe0..0xfffff.
const CLUI_LOW_MAX = 0x1fn;
const CLUI_HIGH_MIN = 0xfffe0n;

export function fieldRange(field: FieldName): FieldRange {
  const f = FIELDS[field];
  const step = 1n << BigInt(fieldLowBit(field));
  const nonzero = field === 'cnzuimm10' || field === 'caddi16sp' || field === 'clui6';
  if (field === 'clui6') return { min: 1n, max: 0xfffffn, step, nonzero };
  if (f.kind === 'imm') {
    const half = 1n << BigInt(f.width - 1);
    return { min: -half, max: half - step, step, nonzero };
  }
  return { min: 0n, max: (1n << BigInt(f.width)) - step, step, nonzero };
}

/** Whether `value` can be encoded in immediate field `field`. */
export function fitsField(field: FieldName, value: bigint): boolean {
  const r = fieldRange(field);
  if (value < r.min || value > r.max || value % r.step !== 0n) return false;
  if (r.nonzero && value === 0n) return false;
  if (field === 'clui6') return value <= CLUI_LOW_MAX || value >= CLUI_HIGH_MIN;
  return true;
}

/** Why `value` does not fit `field` of `mnemonic`, or undefined if it fits. */
export function rangeError(field: FieldName, value: bigint, mnemonic: string): string | undefined {
  if (fitsField(field, value)) return undefined;
  const r = fieldRange(field);
  if (field === 'clui6') return `immediate ${value} out of range for ${mnemonic} (1..31 or 0xfffe0..0xfffff)`;
  if (value >= r.min && value <= r.max && value % r.step !== 0n) {
    return `immediate ${value} for ${mnemonic} must be a multiple of ${r.step}`;
  }
  if (r.nonzero && value === 0n) return `immediate for ${mnemonic} must not be zero`;
  return `immediate ${value} out of range for ${mnemonic} (${r.min}..${r.max})`;
}

/** Splits a 32-bit offset into the (hi20, lo12) pair of auipc/lui + addi: hi = (v + 0x800) >> 12. */
export function splitHiLo(value: number): { hi: number; lo: number } {
  const lo = (value << 20) >> 20;
  const hi = ((value - lo) >>> 12) & 0xfffff;
  return { hi, lo };
}
