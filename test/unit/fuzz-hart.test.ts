// Robustness: 1,000,000+ random 32-bit and 16-bit instruction words, each
// executed once from a freshly reset hart in M, S and U mode, with paging off
// and with Sv32 on (an identity megapage over RAM next to random PTEs, so the
// walker also meets garbage). Every word either retires or traps; the host
// never throws; afterwards x0 = 0, and a trap left the hart at the right trap
// vector in the right mode with a legal cause, xepc = the word's address,
// xPP = the mode it came from, xtval = 0 or the instruction's bits for an
// illegal instruction, and the statistics counted exactly that exception. Then random programs: pages of random words (trap
// vectors included) run instruction by instruction, where the same holds.
// Last, Machine.translate() on the random page tables: it must change
// nothing (statistics, PTEs) and agree with the access the hart then makes.
import { beforeAll, describe, expect, it } from 'vitest';
import { Machine, type Translation } from '../../src/machine/index.js';
import { INSN_BY_NAME, insertField, type FieldName } from '../../src/asm/isa.js';
import { MMU_CONFIGS } from '../diff/lib/mmu-configs.js';
import { Rng } from '../diff/lib/rng.js';
import { openPmp } from './hart-helpers.js';

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
const CAUSE_LOAD_ACCESS = 5;
const CAUSE_STORE_ACCESS = 7;
const CLINT_BASE = 0x0200_0000;
const MSTATUS_SUM = 1 << 18;
const MSTATUS_MXR = 1 << 19;
/** Every exception an RV32IMAC hart with S, U and Sv32 can raise (no interrupt is ever enabled here). */
const LEGAL_CAUSES = new Set([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 11, 12, 13, 15]);
const MSTATUS_MPP_SHIFT = 11;
const MSTATUS_SPP = 1 << 8;
const PTE_V = 1, PTE_R = 2, PTE_W = 4, PTE_X = 8, PTE_U = 0x10, PTE_G = 0x20, PTE_A = 0x40, PTE_D = 0x80;
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

/**
 * Root tables: RAM identity-mapped by a megapage (U set in the U root), every
 * other entry random; with `intoRam`, half the leaves point into the data
 * area, so that accesses through them can succeed.
 */
function writePageTables(m: Machine, rng: Rng, intoRam = false): void {
  // Mostly readable and writable (U, X, G and the RSW bits at random), else any flags.
  const leafFlags = (): number => (rng.chance(0.75)
    ? (rng.next() & (PTE_U | PTE_X | PTE_G | 0x300)) | PTE_V | PTE_R | PTE_W | PTE_A | PTE_D
    : (rng.next() & 0x3ff) | PTE_V);
  const dataLeaf = (): number => ((((DATA + (rng.next() % DATA_BYTES)) >>> 12) << 10) | leafFlags()) >>> 0;
  const randomPte = (): number => {
    // A third point at the random second-level table, so walks reach level 0 too.
    if (rng.chance(0.33)) return (((RANDOM_L0 / 4096) << 10) | PTE_V) >>> 0;
    return intoRam && rng.chance(0.5) ? dataLeaf() : rng.next();
  };
  const root = new Uint32Array(1024);
  for (let i = 0; i < 1024; i++) root[i] = randomPte();
  const ramLeaf = ((RAM_BASE / 4096) << 10) | PTE_V | PTE_R | PTE_W | PTE_X | PTE_A | PTE_D;
  root[RAM_BASE >>> 22] = ramLeaf >>> 0;
  m.writePhys(ROOT_S, new Uint8Array(root.buffer.slice(0)));
  root[RAM_BASE >>> 22] = (ramLeaf | PTE_U) >>> 0;
  m.writePhys(ROOT_U, new Uint8Array(root.buffer.slice(0)));
  const l0 = Uint32Array.from({ length: 1024 }, () => (intoRam && rng.chance(0.5) ? dataLeaf() : rng.next()));
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
    // Program p runs on a machine with MMU configuration p mod 6 (TLB shapes, fast paths on and off).
    const machines = await Promise.all(MMU_CONFIGS.map((c) => Machine.create({ ramBytes: RAM_BYTES, ...c })));
    const rng = new Rng(0xc4a05);
    const failures: string[] = [];
    for (let p = 0; p < PROGRAMS && failures.length < 5; p++) {
      const m = machines[p % machines.length]!;
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

describe('fuzz: translate() has no side effects and agrees with the hart', () => {
  const CHECKS = 50_000;
  const SFENCE_AT = RAM_BASE + 0x4000; // sfence.vma x0, x0, run in M before each check
  const LOAD = encode('lw', { rd: 3, rs1: 1, imm12: 0 });
  const STORE = encode('sw', { rs2: 2, rs1: 1, simm12: 0 });
  const TABLES = [ROOT_S, RANDOM_L0 + 4096] as const; // every page-table byte

  it(`${CHECKS} random loads and stores through random page tables, S and U, SUM and MXR at random`, async () => {
    const m = await Machine.create({ ramBytes: RAM_BYTES });
    const rng = new Rng(0x7a11);
    m.writePhys(SFENCE_AT, le32(encode('sfence.vma', { rs1: 0, rs2: 0 })));
    const failures: string[] = [];
    let faults = 0;
    let reachedRam = 0;
    for (let n = 0; n < CHECKS && failures.length < 5; n++) {
      if (n % 1000 === 0) writePageTables(m, rng, true);
      const store = rng.chance(0.5);
      const priv = rng.chance(0.5) ? PRV_S : PRV_U;
      // VAs in the megapages the random root entries describe, word-aligned.
      const va = ((rng.int(0, 1023) << 22) | (rng.next() & 0x3ffffc)) >>> 0;
      if (va >>> 22 === RAM_BASE >>> 22) continue; // the code's own megapage
      m.reset();
      openPmp(m);
      m.writeCsr(CSR_MTVEC, M_VECTOR);
      m.writeCsr(CSR_SATP, SATP_SV32 | ((priv === PRV_U ? ROOT_U : ROOT_S) / 4096));
      m.pc = SFENCE_AT; // flush what earlier tables left in the TLB
      m.run({ maxInstructions: 1 });
      m.writeCsr(CSR_MSTATUS, (rng.chance(0.5) ? MSTATUS_SUM : 0) | (rng.chance(0.5) ? MSTATUS_MXR : 0));
      m.priv = priv;
      const statsBefore = JSON.stringify(m.stats());
      const tablesBefore = m.readPhys(TABLES[0], TABLES[1] - TABLES[0]);
      const t = m.translate(va, store ? 'store' : 'load');
      const where = `${store ? 'store' : 'load'} at 0x${va.toString(16)} in ${priv === PRV_S ? 'S' : 'U'} (check ${n})`;
      if (JSON.stringify(m.stats()) !== statsBefore) failures.push(`${where}: translate() changed the statistics`);
      if (!sameBytes(m.readPhys(TABLES[0], TABLES[1] - TABLES[0]), tablesBefore)) {
        failures.push(`${where}: translate() changed a PTE`);
      }
      const problem = compareWithAccess(m, t, va, store);
      if (problem) failures.push(`${where}: translate() said ${JSON.stringify(t)}, but ${problem}`);
      if ('cause' in t) faults++;
      else if (t.pa >= DATA && t.pa < RAM_BASE + RAM_BYTES) reachedRam++;
    }
    expect(failures).toEqual([]);
    // Both outcomes must be common, or the comparison proves little.
    expect(Math.min(faults, reachedRam)).toBeGreaterThan(CHECKS / 20);
  });

  /** Runs the access at CODE and checks it against the translation; returns what disagrees, if anything. */
  function compareWithAccess(m: Machine, t: Translation, va: number, store: boolean): string | undefined {
    m.writePhys(CODE, le32(store ? STORE : LOAD));
    m.writeCsr(CSR_MCAUSE, 0xdead);
    m.writeCsr(CSR_MEDELEG, 0);
    m.setReg(1, va);
    m.setReg(2, 0x5eed_c0de);
    m.setReg(3, 0);
    m.pc = CODE;
    const before = m.instret;
    m.run({ maxInstructions: 1 });
    const trapped = m.instret === before;
    const cause = m.readCsr(CSR_MCAUSE);
    if ('cause' in t) {
      if (!trapped || cause !== t.cause) return `the hart ${trapped ? `raised cause ${cause}` : 'did not trap'}`;
      if (m.readCsr(CSR_MTVAL) !== va) return `mtval = 0x${m.readCsr(CSR_MTVAL).toString(16)}`;
      return undefined;
    }
    const inRam = t.pa >= RAM_BASE && t.pa + 4 <= RAM_BASE + RAM_BYTES;
    if (t.pa >= CLINT_BASE && t.pa < CLINT_BASE + 0x1_0000) return undefined; // a device register
    if (!inRam) {
      const expected = store ? CAUSE_STORE_ACCESS : CAUSE_LOAD_ACCESS;
      return trapped && cause === expected ? undefined : `the hart ${trapped ? `raised cause ${cause}` : 'did not trap'}`;
    }
    if (trapped) return `the hart raised cause ${cause}`;
    const word = new DataView(m.readPhys(t.pa, 4).buffer).getUint32(0, true);
    const seen = store ? word : m.getReg(3);
    const wanted = store ? 0x5eed_c0de : word;
    return seen === wanted ? undefined : `the access moved 0x${seen.toString(16)}, not 0x${wanted.toString(16)}`;
  }
});

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}

function encode(name: string, fields: Partial<Record<FieldName, number>>): number {
  let word = INSN_BY_NAME.get(name)!.match;
  for (const [f, v] of Object.entries(fields)) word = insertField(word, f as FieldName, v);
  return word;
}

/** 'retired', 'trapped', or what is wrong with the hart's state after one step. */
function checkAfter(m: Machine, fromPriv: number, bits: number, stop: string, retired: number): string {
  if (m.getReg(0) !== 0) return `x0 = 0x${m.getReg(0).toString(16)}`;
  if (stop === 'wfi') return 'retired';
  if (retired === 1) {
    const counted = m.stats().exceptions.reduce((a, b) => a + b, 0);
    return counted === 0 ? 'retired' : `statistics count ${counted} exceptions for a retired instruction`;
  }
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
  const counted = m.stats().exceptions;
  if (counted[cause] !== 1 || counted.reduce((a, b) => a + b, 0) !== 1) {
    return `statistics count exceptions ${JSON.stringify(counted)} for one trap with cause ${cause}`;
  }
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
