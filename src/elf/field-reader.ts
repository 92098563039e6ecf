import { ElfError, hex } from './errors.js';

// ELF64 fields are 64 bits wide but mmulab keeps addresses in JS numbers,
// which are exact only up to 2^53 - 1.
const MAX_ADDRESS = Number.MAX_SAFE_INTEGER;

/**
 * Little-endian field access into an ELF file. Callers check that a whole
 * structure lies inside the file (requireInFile) before reading its fields,
 * so the reads themselves can never run off the end.
 */
export class FieldReader {
  private readonly view: DataView;

  constructor(
    readonly bytes: Uint8Array,
    readonly file: string,
    readonly bits: 32 | 64,
  ) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  get length(): number {
    return this.bytes.length;
  }

  u8(offset: number): number {
    return this.view.getUint8(offset);
  }

  u16(offset: number): number {
    return this.view.getUint16(offset, true);
  }

  u32(offset: number): number {
    return this.view.getUint32(offset, true);
  }

  /**
   * A class-sized field (Elf32_Addr/Off/Word or Elf64_Addr/Off/Xword).
   * `what` names the field for the error when an ELF64 value is too big.
   */
  word(offset: number, what: string): number {
    if (this.bits === 32) return this.u32(offset);
    const value = this.view.getBigUint64(offset, true);
    if (value > BigInt(MAX_ADDRESS)) {
      this.fail(`unsupported address 0x${value.toString(16)} in ${what} (values above 2^53 - 1 are not supported)`);
    }
    return Number(value);
  }

  /** Throws unless the bytes of `what` end at or before the end of the file. */
  requireInFile(end: number, what: string): void {
    if (end > this.length) {
      this.fail(`truncated: ${what} ends at ${hex(end)}, past the end of the file (${hex(this.length)} bytes)`);
    }
  }

  fail(detail: string): never {
    throw new ElfError(this.file, detail);
  }
}
