// Diagnostics: where in the source something went wrong, and the AsmError
// that carries every problem found in one run (the assembler keeps going after
// an error so a student sees all of them at once).
import { MmulabError } from '../errors.js';

/** A position in the source: the file, its 1-based line and column, and the line's text. */
export interface SourceLoc {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly sourceLine: string;
}

export interface Diagnostic {
  file: string;
  line: number;
  column: number;
  message: string;
  sourceLine: string;
}

/** `file:line:column: error: message`, the source line, and a caret under the column. */
export function formatDiagnostic(d: Diagnostic): string {
  // Keep tabs in the caret line so the caret lines up however tabs are shown.
  const pad = d.sourceLine.slice(0, Math.max(0, d.column - 1)).replace(/[^\t]/g, ' ');
  return `${d.file}:${d.line}:${d.column}: error: ${d.message}\n${d.sourceLine}\n${pad}^`;
}

export class AsmError extends MmulabError {
  override name = 'AsmError';
  readonly diagnostics: Diagnostic[];

  constructor(diagnostics: Diagnostic[]) {
    super(diagnostics.map(formatDiagnostic).join('\n'));
    this.diagnostics = diagnostics;
  }
}

/** Thrown inside the assembler to abandon one statement; caught and recorded per statement. */
export class StatementError extends Error {
  constructor(
    readonly loc: SourceLoc,
    message: string,
  ) {
    super(message);
  }
}

/** More errors than this stop the assembly: nobody reads further, and runaway input stays cheap. */
export const MAX_DIAGNOSTICS = 1000;

/** Thrown by DiagnosticList.report once MAX_DIAGNOSTICS errors are in; ends the assembly (see throwIfAny). */
export class TooManyErrors extends Error {}

/** Collects diagnostics; reports them in source order. */
export class DiagnosticList {
  readonly items: Diagnostic[] = [];
  /** Files in the order reading reached them, to sort diagnostics found in later stages. */
  private readonly files: string[] = [];
  private readonly reported = new Set<string>();

  noteFile(file: string): void {
    if (!this.files.includes(file)) this.files.push(file);
  }

  report(loc: SourceLoc, message: string): void {
    // One mistake can surface twice (e.g. an undefined symbol in both halves of a call): report it once.
    const key = `${loc.file}\0${loc.line}\0${loc.column}\0${message}`;
    if (this.reported.has(key)) return;
    this.reported.add(key);
    this.items.push({ file: loc.file, line: loc.line, column: loc.column, message, sourceLine: loc.sourceLine });
    if (this.items.length === MAX_DIAGNOSTICS) {
      this.items.push({ ...this.items[this.items.length - 1]!, message: `too many errors (${MAX_DIAGNOSTICS}); stopping` });
      throw new TooManyErrors();
    }
  }

  /** Runs `fn`, recording a StatementError instead of letting it escape. */
  guard(fn: () => void): void {
    try {
      fn();
    } catch (err) {
      if (!(err instanceof StatementError)) throw err;
      this.report(err.loc, err.message);
    }
  }

  throwIfAny(): void {
    if (this.items.length > 0) throw this.error();
  }

  /** The AsmError for the diagnostics so far, in source order. */
  error(): AsmError {
    const fileRank = (d: Diagnostic): number => this.files.indexOf(d.file);
    return new AsmError([...this.items].sort((a, b) => fileRank(a) - fileRank(b) || a.line - b.line || a.column - b.column));
  }
}

export function fail(loc: SourceLoc, message: string): never {
  throw new StatementError(loc, message);
}
