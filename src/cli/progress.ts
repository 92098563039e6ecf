// The progress line: on a terminal, one line on stderr rewritten in place
// (carriage return, erase to the end of the line); nothing at all when stderr
// is piped or redirected, so scripts and golden files never see it.
import { count } from './format.js';

/** Where the line goes: a TTY stream (process.stderr) or a test's stand-in. */
export interface ProgressStream {
  isTTY?: boolean;
  write(text: string): unknown;
}

export interface ProgressTiming {
  /** Nothing is drawn before this many ms (short runs never show a line). */
  delayMs: number;
  /** At least this many ms between two redraws. */
  intervalMs: number;
}

/** A run's line: after half a second, at most four redraws a second. */
export const RUN_TIMING: ProgressTiming = { delayMs: 500, intervalMs: 250 };
/** The bench's line: every step at once (each step takes a while). */
export const BENCH_TIMING: ProgressTiming = { delayMs: 0, intervalMs: 0 };

/** Carriage return, then erase to the end of the line (ECMA-48 EL 0). */
const ERASE = '\r\x1b[K';

export class ProgressLine {
  /** Whether this line writes at all (stderr is a terminal). */
  readonly active: boolean;
  private readonly start: number;
  private lastDraw = -Infinity;
  private shown = false;

  private readonly clock: () => number;

  /**
   * `clock` gives ms (default performance.now); `enabled` false makes a line
   * that never writes (e.g. when the trace also goes to stderr).
   */
  constructor(
    private readonly stream: ProgressStream,
    private readonly timing: ProgressTiming,
    options: { clock?: () => number; enabled?: boolean } = {},
  ) {
    this.clock = options.clock ?? (() => performance.now());
    this.start = this.clock();
    this.active = options.enabled !== false && stream.isTTY === true;
  }

  /** ms since the line was made. */
  elapsedMs(): number {
    return this.clock() - this.start;
  }

  /** Draws `text` over the previous line, when the timing allows. */
  update(text: string): void {
    if (!this.active) return;
    const now = this.clock();
    if (now - this.start < this.timing.delayMs || now - this.lastDraw < this.timing.intervalMs) return;
    this.stream.write(ERASE + text);
    this.lastDraw = now;
    this.shown = true;
  }

  /** Erases the line (before other output goes to the terminal); the next update draws it again. */
  clear(): void {
    if (!this.shown) return;
    this.stream.write(ERASE);
    this.shown = false;
  }
}

/** `12,345,678 instructions  98.8 MIPS  1.3 s`. */
export function runProgressText(instructions: number, elapsedMs: number): string {
  const mips = elapsedMs > 0 ? instructions / elapsedMs / 1e3 : 0;
  return `${count(instructions)} instructions  ${mips.toFixed(1)} MIPS  ${(elapsedMs / 1000).toFixed(1)} s`;
}
