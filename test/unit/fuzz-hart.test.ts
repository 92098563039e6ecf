// Robustness: 1,000,000+ random 32-bit and 16-bit instruction words, each
// executed once from a freshly reset hart in M, S and U mode, with paging off
// and with Sv32 on (an identity megapage over RAM next to random PTEs, so the
// walker also meets garbage). Every word either retires or traps; the host
// never throws; afterwards x0 = 0, and a trap left the hart at the right trap
// vector in the right mode with a legal cause, xepc = the word's address,
// xPP = the mode it came from, and xtval = 0 or the instruction's bits for an
// illegal instruction. Then random programs: pages of random words (trap
// vectors included) run instruction by instruction, where the same holds.
import { beforeAll, describe, expect, it } from 'vitest';
import { Machine } from '../../src/machine/index.js';
import { Rng } from '../diff/lib/rng.js';

const RAM_BASE = 0x8000_0000;
const RAM_BYTES = 1 << 20;
const CODE = RAM_BASE + 0x8000; // the word under test
const M_VECTOR = RAM_BASE + 0x100;
const S_VECTOR = RAM_BASE + 0x200;
const ROOT_S = RAM_BASE + 0x1_0000; // identity megapage without U (S runs) ...
const ROOT_U = RAM_BASE + 0x1_1000; // ... and with U (U runs)
const RANDOM_L0 = RAM_BASE + 0x1_2000; // a second-level table of random PTEs
const DATA = RAM_BASE + 0x2_0000; // where pointer registers point
const DATA_BYTES = RAM_BYTES - 0x2_0000;

const PRV_U = 0, PRV_S = 1, PRV_M = 3;
const CSR_SSTATUS = 0x100, CSR_STVEC = 0x105, CSR_SEPC = 0x141, CSR_SCAUSE = 0x142, CSR_STVAL = 0x143;
const CSR_SATP = 0x180, CSR_MSTATUS = 0x300, CSR_MEDELEG = 0x302, CSR_MTVEC = 0x305;
const CSR_MEPC = 0x341, CSR_MCAUSE = 0x342, CSR_MTVAL = 0x343;
const CAUSE_ILLEGAL_INSTRUCTION = 2;
/** Every exception an RV32IMAC hart with S, U and Sv32 can raise (no interrupt is ever enabled here). */
const LEGAL_CAUSES = new Set([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 11, 12, 13, 15]);
const MSTATUS_MPP_SHIFT = 11;
const MSTATUS_SPP = 1 << 8;
const PTE_V = 1, PTE_R = 2, PTE_W = 4, PTE_X = 8, PTE_U = 0x10, PTE_A = 0x40, PTE_D = 0x80;
const SATP_SV32 = 0x8000_0000;
/** Delegating everything delegable sends S and U traps to S; half the runs do, half keep them in M. */
const DELEGATE_ALL = 0xb3ff;
const EDGE_VALUES = [0, 1, 0xffff_ffff, 0x8000_0000, 0x7fff_ffff, RAM_BASE, RAM_BASE + RAM_BYTES - 4];

/** Words per (mode, paging, width) run: 12 runs make 1,008,000 words. */
const WORDS_PER_RUN = 84_000;

interface Config {
  priv: number;
  paging: boolean;
  compressed: boolean;
}

function le32(v: number): Uint8Array {
  return new Uint8Array(new Uint32Array([v >>> 0]).buffer);
}

/** Root tables: RAM identity-mapped by a megapage (U set in the U root), every other entry random. */
function writePageTables(m: Machine, rng: Rng): void {
  const randomPte = (): number => {
    const r = rng.next();
    // A third point at the random second-level table, so walks reach level 0 too.
    return rng.chance(0.33) ? (((RANDOM_L0 / 4096) << 10) | PTE_V) >>> 0 : r;
  };
  const root = new Uint32Array(1024);
  for (let i = 0; i < 1024; i++) root[i] = randomPte();
  const ramLeaf = ((RAM_BASE / 4096) << 10) | PTE_V | PTE_R | PTE_W | PTE_X | PTE_A | PTE_D;
  root[RAM_BASE >>> 22] = ramLeaf >>> 0;
  m.writePhys(ROOT_S, new Uint8Array(root.buffer.slice(0)));
  root[RAM_BASE >>> 22] = (ramLeaf | PTE_U) >>> 0;
  m.writePhys(ROOT_U, new Uint8Array(root.buffer.slice(0)));
  const l0 = Uint32Array.from({ length: 1024 }, () => rng.next());
  m.writePhys(RANDOM_L0, new Uint8Array(l0.buffer));
}

function registerValue(rng: Rng): number {
  if (rng.chance(0.3)) return DATA + (rng.next() % DATA_BYTES);
  if (rng.chance(0.15)) return rng.pick(EDGE_VALUES);
  return rng.next();
}

/** A random instruction word: 32-bit (low bits 11) or a 16-bit parcel (low bits 00, 01 or 10). */
function randomWord(rng: Rng, compressed: boolean): { word: number; bits: number } {
  if (compressed) {
    const half = (rng.next() & 0xfffc) | rng.int(0, 2);
    // The halfword after it is random too: it is never part of this instruction.
    return { word: ((rng.next() & 0xffff) << 16 | half) >>> 0, bits: half };
  }
  const word = (rng.next() | 3) >>> 0;
  return { word, bits: word };
}

describe('fuzz: random instruction words never break the hart', () => {
  let m: Machine;

  beforeAll(async () => {
    m = await Machine.create({ ramBytes: RAM_BYTES });
  });

  const configs: Config[] = [];
  for (const priv of [PRV_M, PRV_S, PRV_U]) {
    for (const paging of [false, true]) for (const compressed of [false, true]) configs.push({ priv, paging, compressed });
  }

  for (const config of configs) {
    const name = `${['U', 'S', '?', 'M'][config.priv]}-mode, paging ${config.paging ? 'on' : 'off'}, ` +
      `${config.compressed ? '16' : '32'}-bit words`;
    it(`${WORDS_PER_RUN} words: ${name}`, () => {
      const rng = new Rng(0xf022 + config.priv * 4 + (config.paging ? 2 : 0) + (config.compressed ? 1 : 0));
      const failures: string[] = [];
      let trapped = 0;
      for (let n = 0; n < WORDS_PER_RUN && failures.length < 5; n++) {
        if (n % 4096 === 0) writePageTables(m, rng);
        const { word, bits } = randomWord(rng, config.compressed);
        const delegate = rng.chance(0.5);
        m.reset();
        m.writePhys(CODE, le32(word));
        m.writeCsr(CSR_MTVEC, M_VECTOR);
        m.writeCsr(CSR_STVEC, S_VECTOR);
        m.writeCsr(CSR_MEDELEG, delegate ? DELEGATE_ALL : 0);
        if (config.paging) m.writeCsr(CSR_SATP, SATP_SV32 | ((config.priv === PRV_U ? ROOT_U : ROOT_S) / 4096));
        for (let r = 1; r < 32; r++) m.setReg(r, registerValue(rng));
        m.priv = config.priv;
        m.pc = CODE;
        const before = m.instret;
        const stop = m.run({ maxInstructions: 1 });
        const problem = checkAfter(m, config.priv, bits, stop.kind, m.instret - before);
        if (problem === 'trapped') trapped++;
        else if (problem !== 'retired') {
          failures.push(`word 0x${word.toString(16)} (${name}, medeleg ${delegate ? 'all' : 'none'}): ${problem}`);
        }
      }
      expect(failures).toEqual([]);
      // Most random words are illegal or fault: a run that never traps is not exercising anything.
      expect(trapped).toBeGreaterThan(WORDS_PER_RUN / 10);
    });
  }
});

describe('fuzz: random programs run step by step', () => {
  const PROGRAMS = 1000;
  const STEPS = 1000;

  it(`${PROGRAMS} pages of random words, ${STEPS} steps each, in every mode with paging off and on`, async () => {
    const m = await Machine.create({ ramBytes: RAM_BYTES });
    const rng = new Rng(0xc4a05);
    const failures: string[] = [];
    for (let p = 0; p < PROGRAMS && failures.length < 5; p++) {
      writePageTables(m, rng);
      m.reset();
      // Code, both trap vectors and the data area's first page are all random words.
      const page = Uint32Array.from({ length: 1024 }, () => rng.next());
      m.writePhys(RAM_BASE, new Uint8Array(page.buffer));
      m.writePhys(CODE, new Uint8Array(page.buffer));
      m.writeCsr(CSR_MTVEC, M_VECTOR);
      m.writeCsr(CSR_STVEC, S_VECTOR);
      m.writeCsr(CSR_MEDELEG, rng.chance(0.5) ? DELEGATE_ALL : 0);
      const priv = rng.pick([PRV_M, PRV_S, PRV_U]);
      if (rng.chance(0.5)) m.writeCsr(CSR_SATP, SATP_SV32 | ((priv === PRV_U ? ROOT_U : ROOT_S) / 4096));
      for (let r = 1; r < 32; r++) m.setReg(r, registerValue(rng));
      m.priv = priv;
      m.pc = CODE + 4 * rng.int(0, 1023);
      for (let step = 0; step < STEPS; step++) {
        const stop = m.run({ maxInstructions: 1 });
        const where = `program ${p}, step ${step}, pc 0x${m.pc.toString(16)}`;
        if (stop.kind !== 'limit' && stop.kind !== 'wfi') failures.push(`${where}: stopped with ${JSON.stringify(stop)}`);
        if (m.getReg(0) !== 0) failures.push(`${where}: x0 = 0x${m.getReg(0).toString(16)}`);
        if (![PRV_U, PRV_S, PRV_M].includes(m.priv)) failures.push(`${where}: privilege ${m.priv}`);
        if (m.pc % 2 !== 0) failures.push(`${where}: odd pc`);
        if (failures.length) break;
      }
    }
    expect(failures).toEqual([]);
  });
});

/** 'retired', 'trapped', or what is wrong with the hart's state after one step. */
function checkAfter(m: Machine, fromPriv: number, bits: number, stop: string, retired: number): string {
  if (m.getReg(0) !== 0) return `x0 = 0x${m.getReg(0).toString(16)}`;
  if (stop === 'wfi') return 'retired';
  if (retired === 1) return 'retired';
  if (retired !== 0) return `retired ${retired} instructions in a one-instruction run`;
  // Trapped: into S if delegated from S or U, else into M.
  const toS = m.priv === PRV_S;
  if (m.priv !== PRV_M && !toS) return `trap left the hart in privilege ${m.priv}`;
  if (toS && fromPriv === PRV_M) return 'a trap from M went to S';
  const [vector, epcCsr, causeCsr, tvalCsr] = toS
    ? [S_VECTOR, CSR_SEPC, CSR_SCAUSE, CSR_STVAL]
    : [M_VECTOR, CSR_MEPC, CSR_MCAUSE, CSR_MTVAL];
  const cause = m.readCsr(causeCsr);
  const epc = m.readCsr(epcCsr);
  const tval = m.readCsr(tvalCsr);
  if (m.pc !== vector) return `pc 0x${m.pc.toString(16)} after a trap, not the vector 0x${vector.toString(16)}`;
  if (!LEGAL_CAUSES.has(cause)) return `cause ${cause} is not a legal exception code`;
  if (epc !== CODE) return `epc 0x${epc.toString(16)}, not the instruction's address`;
  if (cause === CAUSE_ILLEGAL_INSTRUCTION && tval !== 0 && tval !== bits >>> 0) {
    return `illegal instruction with tval 0x${tval.toString(16)}`;
  }
  const previous = toS
    ? ((m.readCsr(CSR_SSTATUS) & MSTATUS_SPP) ? PRV_S : PRV_U)
    : (m.readCsr(CSR_MSTATUS) >>> MSTATUS_MPP_SHIFT) & 3;
  if (previous !== fromPriv) return `xPP = ${previous} after a trap from ${fromPriv}`;
  return 'trapped';
}
