// The signature of a bare-metal run, as the RISC-V architectural tests
// (riscv-arch-test) define it: the memory from the symbol `begin_signature`
// up to `end_signature`, dumped when the run ends, one 32-bit little-endian
// word per line as 8 lowercase hex digits — the format of Spike's
// `+signature=FILE +signature-granularity=4`, which the suite's reference
// outputs use, so a test passes when the two files are byte for byte equal.
import { writeFileSync } from 'node:fs';
import { symbolValue, type ElfFile } from '../elf/index.js';
import { MmulabError } from '../errors.js';

export const SIGNATURE_BEGIN = 'begin_signature';
export const SIGNATURE_END = 'end_signature';

/** Bytes per signature line (Spike's signature granularity 4). */
const SIGNATURE_WORD_BYTES = 4;

/** The physical range [begin, end) a test writes its results to. */
export interface SignatureRange {
  begin: number;
  end: number;
}

/** The range between the ELF's begin_signature and end_signature symbols, or a MmulabError naming what is missing. */
export function signatureRange(elf: ElfFile, file: string): SignatureRange {
  const begin = symbolValue(elf, SIGNATURE_BEGIN);
  const end = symbolValue(elf, SIGNATURE_END);
  const missing = [begin === undefined ? SIGNATURE_BEGIN : '', end === undefined ? SIGNATURE_END : ''].filter((s) => s);
  if (missing.length > 0) {
    throw new MmulabError(`${file}: --signature needs the symbols ${SIGNATURE_BEGIN} and ${SIGNATURE_END}; ` +
      `the ELF has no ${missing.join(' and no ')}`);
  }
  if (end! < begin!) {
    throw new MmulabError(`${file}: ${SIGNATURE_END} (0x${end!.toString(16)}) is below ${SIGNATURE_BEGIN} (0x${begin!.toString(16)})`);
  }
  return { begin: begin!, end: end! };
}

/**
 * The signature file's text for the bytes of the range: one word per line,
 * most significant digit first. A range that does not end on a word boundary
 * is completed with zero bytes, as Spike does.
 */
export function formatSignature(bytes: Uint8Array): string {
  let text = '';
  for (let at = 0; at < bytes.length; at += SIGNATURE_WORD_BYTES) {
    let word = 0;
    for (let i = SIGNATURE_WORD_BYTES - 1; i >= 0; i--) word = word * 256 + (bytes[at + i] ?? 0);
    text += word.toString(16).padStart(2 * SIGNATURE_WORD_BYTES, '0') + '\n';
  }
  return text;
}

/** Writes the signature file, or a MmulabError saying why it cannot. */
export function writeSignature(path: string, bytes: Uint8Array): void {
  try {
    writeFileSync(path, formatSignature(bytes));
  } catch (err) {
    throw new MmulabError(`${path}: cannot write the signature: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
  }
}
