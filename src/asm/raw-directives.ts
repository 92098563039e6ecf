// Directives that take their operands as raw text or names rather than
// expressions: macro and repetition blocks (macros.ts) and conditional
// assembly (conditionals.ts).
import { fail, type SourceLoc } from './diagnostics.js';
import { constant, count, expectCount, type DirectiveContext } from './directives.js';
import type { Token } from './lexer.js';
import { argumentTexts, type MacroParam } from './macros.js';
import { splitOperands } from './operands.js';

type RawDirective = (ctx: DirectiveContext, tokens: Token[], loc: SourceLoc) => void;

/** `name`, `name=default`, `name:req` (must be given) or `name:vararg` (takes the remaining arguments). */
const PARAM = /^([A-Za-z_$][A-Za-z0-9_$]*)(?::(req|vararg))?(?:\s*=\s*(.*))?$/s;

/** `.macro name [param[=default]]...` */
function macroDirective(ctx: DirectiveContext, tokens: Token[], loc: SourceLoc): void {
  const name = tokens[0];
  if (name === undefined || name.kind !== 'ident') fail(loc, '.macro needs a name');
  const params: MacroParam[] = [];
  for (const text of argumentTexts(tokens.slice(1), loc.sourceLine)) {
    const m = PARAM.exec(text);
    if (m === null) fail(loc, `bad macro parameter '${text}'`);
    params.push({ name: m[1]!, defaultValue: m[3]?.trim() ?? '', required: m[2] === 'req', vararg: m[2] === 'vararg' });
  }
  ctx.beginBlock({ kind: 'macro', name: name.text, params }, loc);
}

/** `.irp param, values...` and `.irpc param, characters`. */
function irpDirective(ctx: DirectiveContext, tokens: Token[], loc: SourceLoc, perCharacter: boolean): void {
  const param = tokens[0];
  if (param === undefined || param.kind !== 'ident') fail(loc, `${perCharacter ? '.irpc' : '.irp'} needs a parameter name`);
  const rest = tokens[1]?.kind === 'punct' && tokens[1].text === ',' ? tokens.slice(2) : tokens.slice(1);
  const texts = argumentTexts(rest, loc.sourceLine);
  const values = perCharacter ? [...texts.join('')] : texts;
  ctx.beginBlock({ kind: 'irp', param: param.text, values }, loc);
}

/** Block directives take raw tokens: their operands are names and text, not expressions. */
const BLOCK_DIRECTIVES: Record<string, RawDirective> = {
  '.macro': macroDirective,
  '.irp': (ctx, tokens, loc) => irpDirective(ctx, tokens, loc, false),
  '.irpc': (ctx, tokens, loc) => irpDirective(ctx, tokens, loc, true),
  '.rept': (ctx, tokens, loc) => {
    const ops = splitOperands(tokens, loc);
    expectCount(ops, 1, 1, '.rept', loc);
    ctx.beginBlock({ kind: 'rept', count: count(ctx, ops[0]!, 'repeat count') }, loc);
  },
  '.endm': (_ctx, _tokens, loc) => fail(loc, '.endm without a .macro'),
  '.endr': (_ctx, _tokens, loc) => fail(loc, '.endr without a .rept, .irp or .irpc'),
  '.exitm': (ctx, _tokens, loc) => ctx.exitMacro(loc),
};

/** The single expression operand of a conditional directive. */
function conditionValue(ctx: DirectiveContext, tokens: Token[], loc: SourceLoc, name: string): bigint {
  const ops = splitOperands(tokens, loc);
  expectCount(ops, 1, 1, name, loc);
  return constant(ctx, ops[0]!, `the condition of ${name}`);
}

/** A string operand of .ifc: its text, without quotes if quoted. */
function unquoted(text: string): string {
  const m = /^"(.*)"$/s.exec(text.trim());
  return m ? m[1]! : text.trim();
}

function symbolOperand(tokens: Token[], loc: SourceLoc, name: string): string {
  if (tokens.length !== 1 || tokens[0]!.kind !== 'ident') fail(loc, `${name} needs a symbol name`);
  return tokens[0]!.text;
}

/** Conditions by directive; each is evaluated only when its branch could be taken. */
const CONDITIONS: Record<string, (ctx: DirectiveContext, tokens: Token[], loc: SourceLoc, name: string) => boolean> = {
  '.if': (ctx, t, loc, name) => conditionValue(ctx, t, loc, name) !== 0n,
  '.ifne': (ctx, t, loc, name) => conditionValue(ctx, t, loc, name) !== 0n,
  '.ifeq': (ctx, t, loc, name) => conditionValue(ctx, t, loc, name) === 0n,
  '.ifgt': (ctx, t, loc, name) => conditionValue(ctx, t, loc, name) > 0n,
  '.ifge': (ctx, t, loc, name) => conditionValue(ctx, t, loc, name) >= 0n,
  '.iflt': (ctx, t, loc, name) => conditionValue(ctx, t, loc, name) < 0n,
  '.ifle': (ctx, t, loc, name) => conditionValue(ctx, t, loc, name) <= 0n,
  '.ifdef': (ctx, t, loc, name) => ctx.isDefined(symbolOperand(t, loc, name)),
  '.ifndef': (ctx, t, loc, name) => !ctx.isDefined(symbolOperand(t, loc, name)),
  '.ifb': (_ctx, t) => t.length === 0,
  '.ifnb': (_ctx, t) => t.length !== 0,
  '.ifc': (_ctx, t, loc) => sameStrings(t, loc),
  '.ifnc': (_ctx, t, loc) => !sameStrings(t, loc),
};

function sameStrings(tokens: Token[], loc: SourceLoc): boolean {
  const texts = argumentTexts(tokens, loc.sourceLine);
  if (texts.length !== 2) fail(loc, '.ifc needs two strings separated by a comma');
  return unquoted(texts[0]!) === unquoted(texts[1]!);
}

const CONDITIONAL_DIRECTIVES: Record<string, RawDirective> = {
  ...Object.fromEntries(
    Object.entries(CONDITIONS).map(([name, test]) => [
      name,
      (ctx: DirectiveContext, tokens: Token[], loc: SourceLoc) => {
        // A bad condition still opens its .if (as false), so its .endif is not reported too.
        let condition = false;
        try {
          condition = test(ctx, tokens, loc, name);
        } finally {
          ctx.conditions.begin(condition, loc);
        }
      },
    ]),
  ),
  '.elseif': (ctx, tokens, loc) =>
    ctx.conditions.elseIf(ctx.conditions.needsCondition && CONDITIONS['.if']!(ctx, tokens, loc, '.elseif'), loc),
  '.else': (ctx, tokens, loc) => (expectNothing(tokens, loc, '.else'), ctx.conditions.else(loc)),
  '.endif': (ctx, tokens, loc) => (expectNothing(tokens, loc, '.endif'), ctx.conditions.end(loc)),
};

function expectNothing(tokens: Token[], loc: SourceLoc, name: string): void {
  if (tokens.length > 0) fail({ ...loc, column: tokens[0]!.column }, `${name} takes no operands`);
}

export const RAW_DIRECTIVES: Record<string, RawDirective> = { ...BLOCK_DIRECTIVES, ...CONDITIONAL_DIRECTIVES };
