// Names from an ELF string table (SHT_STRTAB): NUL-terminated byte strings
// found by offset, where offset 0 is the empty name by definition.
import { hex } from './errors.js';
import type { FieldReader } from './field-reader.js';

// A name may start anywhere in the table, so a corrupt file can point
// thousands of symbols at different places in one long unterminated-looking
// run and make a naive reader decode gigabytes. Real tables share little
// (a name is at most reused as another's tail), so decoding more than this
// many times the table's size means the file is corrupt.
const DECODE_BUDGET_FACTOR = 16;
const DECODE_BUDGET_MINIMUM = 0x10000;

const decoder = new TextDecoder('utf-8');

export class StringTable {
  private readonly names = new Map<number, string>();
  private budget: number;

  /** `label` names the table's section in errors, e.g. "section 6 (.strtab)". */
  constructor(
    private readonly r: FieldReader,
    private readonly table: Uint8Array,
    private readonly label: string,
  ) {
    this.budget = DECODE_BUDGET_FACTOR * table.length + DECODE_BUDGET_MINIMUM;
  }

  /** The name at `offset`; `what` ("symbol 3") says whose name it is in errors. */
  name(offset: number, what: string): string {
    if (offset === 0) return '';
    const known = this.names.get(offset);
    if (known !== undefined) return known;
    const { r, table } = this;
    if (offset >= table.length) {
      r.fail(`${what} name offset ${hex(offset)} is past the end of its string table (${hex(table.length)} bytes)`);
    }
    const end = table.indexOf(0, offset);
    if (end < 0) r.fail(`${what} name at offset ${hex(offset)} is not NUL-terminated in its string table`);
    this.budget -= end - offset;
    if (this.budget < 0) {
      r.fail(`${this.label}: the names read from it add up to more than ${DECODE_BUDGET_FACTOR} times its size`);
    }
    const name = decoder.decode(table.subarray(offset, end));
    this.names.set(offset, name);
    return name;
  }
}
