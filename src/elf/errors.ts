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
