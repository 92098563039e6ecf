// Conditional assembly (GNU as: .if, .ifdef, .ifndef, .ifeq, .ifne, .ifgt,
// .ifge, .iflt, .ifle, .ifb, .ifnb, .ifc, .ifnc, .elseif, .else, .endif).
// While a condition is false, lines are skipped unread except for the
// directives that keep track of nesting and end the skipping.
import { fail, type SourceLoc } from './diagnostics.js';

interface Frame {
  /** Whether the enclosing code is being assembled. */
  readonly outerActive: boolean;
  /** Whether some branch of this .if has been taken. */
  taken: boolean;
  active: boolean;
  seenElse: boolean;
  readonly loc: SourceLoc;
}

/** Directives that matter while skipping. */
export const CONDITIONAL_STARTS = [
  '.if', '.ifdef', '.ifndef', '.ifeq', '.ifne', '.ifgt', '.ifge', '.iflt', '.ifle', '.ifb', '.ifnb', '.ifc', '.ifnc',
];

export class Conditionals {
  private readonly stack: Frame[] = [];

  /** Whether lines are being assembled (no false condition encloses them). */
  get active(): boolean {
    return this.stack.length === 0 || this.stack[this.stack.length - 1]!.active;
  }

  /** Whether a branch condition must be evaluated: its .if is reached and no branch was taken. */
  get needsCondition(): boolean {
    const top = this.stack[this.stack.length - 1];
    return top !== undefined && top.outerActive && !top.taken;
  }

  begin(condition: boolean, loc: SourceLoc): void {
    const outerActive = this.active;
    const active = outerActive && condition;
    this.stack.push({ outerActive, taken: active, active, seenElse: false, loc });
  }

  /** A .if inside skipped code: only its nesting matters. */
  beginSkipped(loc: SourceLoc): void {
    this.stack.push({ outerActive: false, taken: true, active: false, seenElse: false, loc });
  }

  elseIf(condition: boolean, loc: SourceLoc): void {
    const top = this.top('.elseif', loc);
    if (top.seenElse) fail(loc, '.elseif after .else');
    top.active = top.outerActive && !top.taken && condition;
    top.taken ||= top.active;
  }

  else(loc: SourceLoc): void {
    const top = this.top('.else', loc);
    if (top.seenElse) fail(loc, 'second .else for one .if');
    top.seenElse = true;
    top.active = top.outerActive && !top.taken;
    top.taken = true;
  }

  end(loc: SourceLoc): void {
    this.top('.endif', loc);
    this.stack.pop();
  }

  /** Called at the end of the input: a .if still open is an error. */
  finishInput(): void {
    const open = this.stack[0];
    this.stack.length = 0;
    if (open !== undefined) fail(open.loc, 'missing .endif for this .if');
  }

  private top(directive: string, loc: SourceLoc): Frame {
    const top = this.stack[this.stack.length - 1];
    if (top === undefined) fail(loc, `${directive} without a .if`);
    return top;
  }
}
