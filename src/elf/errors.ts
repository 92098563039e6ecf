import { MmulabError } from '../errors.js';

/** A malformed or unsupported ELF file, or an image writeElf cannot encode. */
export class ElfError extends MmulabError {
  override name = 'ElfError';

  /** The message always starts with the file name so the CLI's one line says which file is bad. */
  constructor(file: string, detail: string) {
    super(`${file}: ${detail}`);
  }
}

/** Formats an address, offset or size the way readelf does: lower-case hex with 0x. */
export function hex(n: number): string {
  return `0x${n.toString(16)}`;
}

/**
 * A name from the file made safe for a one-line message: control characters
 * (a corrupt string table can hold anything) become \xNN escapes.
 */
export function printable(name: string): string {
  return name.replace(/[\x00-\x1f\x7f-\x9f\u2028\u2029]/g, (c) => {
    const code = c.charCodeAt(0);
    return code > 0xff ? `\\u${code.toString(16)}` : `\\x${code.toString(16).padStart(2, '0')}`;
  });
}
