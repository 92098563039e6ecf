// `li rd, imm`: GNU as loads a 32-bit constant with c.li when the value as
// written fits six bits; otherwise with lui and/or addi (load_const in
// tc-riscv.c): lower = the sign-extended low 12 bits, upper = value - lower.
// The lui is compressed like a written `lui`; the addi only when it follows the
// lui (so as c.addi, or c.nop for rd = zero), never as c.li.
import { fail, type SourceLoc } from './diagnostics.js';
import { compress } from './compress.js';
import { encode } from './encode.js';
import type { AsmContext } from './context.js';
import { REG_ZERO } from './registers.js';

const INT32_MIN = -(1n << 31n);
const UINT32_MAX = (1n << 32n) - 1n;

/** One instruction of a li sequence: a c.* or base mnemonic with its encoding. */
export interface LiStep {
  size: 2 | 4;
  word: number;
  mnemonic: string;
}

function step(ctx: AsmContext, base: string, rd: number, rs1: number, imm: bigint, compressible: boolean): LiStep {
  const c = ctx.rvc && compressible ? compress(base, { rd, rs1, imm }) : undefined;
  if (c !== undefined) return { size: 2, word: encode(c.name, c.fields), mnemonic: c.name };
  const word = base === 'lui' ? encode('lui', { rd, uimm20: Number(imm) }) : encode('addi', { rd, rs1, imm12: Number(imm) });
  return { size: 4, word, mnemonic: base };
}

/** The instructions GNU as emits for `li rd, value`. */
export function loadImmediate(ctx: AsmContext, rd: number, value: bigint, loc: SourceLoc): LiStep[] {
  if (ctx.rvc) {
    const c = compress('li', { rd, imm: value });
    if (c !== undefined) return [{ size: 2, word: encode(c.name, c.fields), mnemonic: c.name }];
  }
  if (value < INT32_MIN || value > UINT32_MAX) fail(loc, `immediate ${value} out of range for li (-2147483648..4294967295)`);
  const v = BigInt.asIntN(32, value);
  const lower = BigInt.asIntN(12, v);
  const upper = v - lower;
  const steps: LiStep[] = [];
  let hiReg = REG_ZERO;
  if (upper !== 0n) {
    steps.push(step(ctx, 'lui', rd, 0, BigInt.asUintN(32, upper) >> 12n, true));
    hiReg = rd;
  }
  // GNU as compresses the addi only when it follows a lui (so `li zero, 0x1000` ends in c.nop).
  if (lower !== 0n || hiReg === REG_ZERO) steps.push(step(ctx, 'addi', rd, hiReg, lower, steps.length > 0));
  return steps;
}
