// What instruction and directive handlers need from the assembler while it
// reads the source: where output goes, the current options, and parse-time
// evaluation of expressions.
import type { SourceLoc } from './diagnostics.js';
import type { Expr, ExprNames } from './expr.js';
import type { Item, Section } from './program.js';

export interface AsmContext {
  readonly names: ExprNames;
  /** Whether RVC is on (`.option rvc` / `norvc`): GNU as then compresses eligible instructions. */
  readonly rvc: boolean;
  readonly section: Section;
  /** Text of the statement being assembled, for the listing. */
  readonly source: string;
  emit(item: Item): void;
  /** Defines an internal label at the current position (e.g. on an auipc for %pcrel_lo) and returns its name. */
  hereLabel(): string;
  /** The value of `expr` if it is a constant now: numbers and .equ symbols defined so far. */
  constant(expr: Expr, loc: SourceLoc): bigint | undefined;
}
