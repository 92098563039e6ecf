// Automatic compression (RVC). GNU as compresses an instruction when its
// opcode table lists a compressed alias for the mnemonic as written and the
// operands fit that alias; so whether `addi a0,a0,0` becomes c.mv depends on
// the spelling, not only on the encoding. These rules follow GNU as 2.40's
// table (binutils opcodes/riscv-opc.c), checked against it by the diff suite.
import { fitsField, type FieldValues } from './encode.js';
import { isCompressedRegister as cq, REG_SP, REG_ZERO } from './registers.js';

/** Operands of the base instruction: registers and a constant immediate. */
export interface BaseOperands {
  rd?: number;
  rs1?: number;
  rs2?: number;
  imm?: bigint;
}

export interface Compressed {
  name: string;
  fields: FieldValues;
}

const simm6 = (v: bigint): boolean => v >= -32n && v <= 31n;
const c = (name: string, fields: FieldValues): Compressed => ({ name, fields });

function compressAddi(rd: number, rs1: number, imm: bigint): Compressed | undefined {
  if (cq(rd) && rs1 === REG_SP && fitsField('cnzuimm10', imm)) return c('c.addi4spn', { crdq: rd, cnzuimm10: Number(imm) });
  if (rd === rs1 && rd !== REG_ZERO && imm !== 0n && simm6(imm)) return c('c.addi', { crd: rd, csimm6: Number(imm) });
  if (imm === 0n && rd !== REG_ZERO && rs1 !== REG_ZERO) return c('c.mv', { crd: rd, crs2: rs1 });
  if (imm === 0n && rd === REG_ZERO && rs1 === REG_ZERO) return c('c.nop', { csimm6: 0 });
  if (rd === REG_SP && rs1 === REG_SP && fitsField('caddi16sp', imm)) return c('c.addi16sp', { caddi16sp: Number(imm) });
  if (rs1 === REG_ZERO && rd !== REG_ZERO && simm6(imm)) return c('c.li', { crd: rd, csimm6: Number(imm) });
  return undefined;
}

/** `add rd, rs1, imm` (GNU's alias of addi) has its own, shorter list of compressed forms. */
function compressAddImmediate(rd: number, rs1: number, imm: bigint): Compressed | undefined {
  if (rd === rs1 && rd !== REG_ZERO && simm6(imm)) return c('c.addi', { crd: rd, csimm6: Number(imm) });
  if (cq(rd) && rs1 === REG_SP && fitsField('cnzuimm10', imm)) return c('c.addi4spn', { crdq: rd, cnzuimm10: Number(imm) });
  if (rd === REG_SP && rs1 === REG_SP && fitsField('caddi16sp', imm)) return c('c.addi16sp', { caddi16sp: Number(imm) });
  return undefined;
}

function compressAdd(rd: number, rs1: number, rs2: number): Compressed | undefined {
  if (rd === REG_ZERO) return undefined;
  if (rd === rs1 && rs2 !== REG_ZERO) return c('c.add', { crd: rd, crs2: rs2 });
  if (rd === rs2 && rs1 !== REG_ZERO) return c('c.add', { crd: rd, crs2: rs1 });
  if (rs1 === REG_ZERO && rs2 !== REG_ZERO) return c('c.mv', { crd: rd, crs2: rs2 });
  return undefined;
}

/** c.and / c.or / c.xor (commutative) and c.sub (not). */
function compressCa(name: string, rd: number, rs1: number, rs2: number, commutative: boolean): Compressed | undefined {
  if (!cq(rd)) return undefined;
  if (rd === rs1 && cq(rs2)) return c(name, { crs1q: rd, crs2q: rs2 });
  if (commutative && rd === rs2 && cq(rs1)) return c(name, { crs1q: rd, crs2q: rs1 });
  return undefined;
}

function compressShift(name: string, rd: number, rs1: number, imm: bigint): Compressed | undefined {
  if (rd !== rs1 || imm === 0n || !fitsField('cshamt6', imm)) return undefined;
  if (name === 'c.slli') return rd !== REG_ZERO ? c(name, { crd: rd, cshamt6: Number(imm) }) : undefined;
  return cq(rd) ? c(name, { crs1q: rd, cshamt6: Number(imm) }) : undefined;
}

function compressLoad(rd: number, rs1: number, imm: bigint): Compressed | undefined {
  if (rs1 === REG_SP && rd !== REG_ZERO && fitsField('clwsp8', imm)) return c('c.lwsp', { crd: rd, clwsp8: Number(imm) });
  if (cq(rd) && cq(rs1) && fitsField('cuimm7', imm)) return c('c.lw', { crdq: rd, crs1q: rs1, cuimm7: Number(imm) });
  return undefined;
}

function compressStore(rs2: number, rs1: number, imm: bigint): Compressed | undefined {
  if (rs1 === REG_SP && fitsField('cswsp8', imm)) return c('c.swsp', { crs2: rs2, cswsp8: Number(imm) });
  if (cq(rs2) && cq(rs1) && fitsField('cuimm7', imm)) return c('c.sw', { crs2q: rs2, crs1q: rs1, cuimm7: Number(imm) });
  return undefined;
}

/** The compressed form GNU as would pick for `mnemonic` with these operands, if any. */
export function compress(mnemonic: string, o: BaseOperands): Compressed | undefined {
  const rd = o.rd ?? 0;
  const rs1 = o.rs1 ?? 0;
  const rs2 = o.rs2 ?? 0;
  const imm = o.imm;
  switch (mnemonic) {
    case 'addi':
      return imm === undefined ? undefined : compressAddi(rd, rs1, imm);
    case 'add':
      return imm === undefined ? compressAdd(rd, rs1, rs2) : compressAddImmediate(rd, rs1, imm);
    case 'mv':
    case 'move':
      return rd !== REG_ZERO && rs1 !== REG_ZERO ? c('c.mv', { crd: rd, crs2: rs1 }) : undefined;
    case 'and':
    case 'andi':
      if (imm !== undefined) return rd === rs1 && cq(rd) && simm6(imm) ? c('c.andi', { crs1q: rd, csimm6: Number(imm) }) : undefined;
      return compressCa('c.and', rd, rs1, rs2, true);
    case 'or':
    case 'xor':
      return imm === undefined ? compressCa(`c.${mnemonic}`, rd, rs1, rs2, true) : undefined;
    case 'sub':
      return compressCa('c.sub', rd, rs1, rs2, false);
    case 'slli':
    case 'srli':
    case 'srai':
    case 'sll':
    case 'srl':
    case 'sra':
      return imm === undefined ? undefined : compressShift(`c.${mnemonic.slice(0, 3)}i`, rd, rs1, imm);
    case 'lw':
      return imm === undefined ? undefined : compressLoad(rd, rs1, imm);
    case 'sw':
      return imm === undefined ? undefined : compressStore(rs2, rs1, imm);
    case 'lui':
      return imm !== undefined && rd !== REG_ZERO && rd !== REG_SP && fitsField('clui6', imm)
        ? c('c.lui', { crd: rd, clui6: Number(imm) })
        : undefined;
    case 'li':
      return imm !== undefined && rd !== REG_ZERO && simm6(imm) ? c('c.li', { crd: rd, csimm6: Number(imm) }) : undefined;
    // `jr rs` and `jalr rs` (one register, no offset): the only jalr spellings with a compressed alias.
    case 'jr rs':
      return rs1 !== REG_ZERO ? c('c.jr', { crd: rs1 }) : undefined;
    case 'jalr rs':
      return rs1 !== REG_ZERO ? c('c.jalr', { crd: rs1 }) : undefined;
    case 'nop':
      return c('c.nop', { csimm6: 0 });
    case 'ebreak':
      return c('c.ebreak', {});
    default:
      return undefined;
  }
}
