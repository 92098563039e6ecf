// The assembler's public API: GNU-as-compatible RV32IMAC assembly in, a
// runnable ELF32 executable out. The default .include reader uses node:fs;
// browsers pass their own readFile (and may import assemble.js directly).
import { assembleWith, type AssembleOptions, type AssembleResult } from './assemble.js';
import { readFileUtf8 } from './node-read-file.js';

export { AsmError, formatDiagnostic, type Diagnostic } from './diagnostics.js';
export { LAYOUT_BASE, type LayoutName } from './layout.js';
export { GLOBAL_POINTER_SYMBOL, ENTRY_SYMBOL, type AssembleOptions, type AssembleResult } from './assemble.js';

/** Assembles `source`; throws AsmError listing every problem found. */
export function assemble(source: string, options: AssembleOptions = {}): AssembleResult {
  return assembleWith(source, { ...options, readFile: options.readFile ?? readFileUtf8 });
}
