// Physical-address bounds: loads, stores and fetches anywhere in Sv32's
// 34-bit physical space outside RAM and the CLINT's registers raise the
// access fault of their kind (load 5, store/AMO 7, fetch 1) with mtval = the
// address, and never reach host memory: RAM keeps its contents, and a load
// after a refused store still faults. Addresses are sampled densely at the
// region edges (0, the CLINT, just below and above RAM, 4 GiB - 1) and at
// random elsewhere; physical addresses above 4 GiB are reached through Sv32
// megapages and pages.
import { beforeAll, describe, expect, it } from 'vitest';
import { INSN_BY_NAME, insertField, type FieldName } from '../../src/asm/isa.js';
import { Machine } from '../../src/machine/index.js';
import { Rng } from '../diff/lib/rng.js';
import { openPmp } from './hart-helpers.js';

const RAM_BASE = 0x8000_0000;
const RAM_BYTES = 1 << 20;
const RAM_END = RAM_BASE + RAM_BYTES;
const CLINT_BASE = 0x0200_0000;
const CLINT_END = CLINT_BASE + 0x1_0000;
/** The CLINT registers: msip, mtimecmp (lo, hi), mtime (lo, hi). */
const CLINT_REGISTERS = [0x0, 0x4000, 0x4004, 0xbff8, 0xbffc].map((o) => CLINT_BASE + o);

const CAUSE_FETCH_ACCESS = 1;
const CAUSE_LOAD_ACCESS = 5;
const CAUSE_STORE_ACCESS = 7;
const CSR_MTVEC = 0x305;
const CSR_MCAUSE = 0x342;
const CSR_MEPC = 0x341;
const CSR_MTVAL = 0x343;
const CSR_SATP = 0x180;
const PRV_S = 1;

const CODE = RAM_BASE; // the instruction under test
const TRAP_VECTOR = RAM_BASE + 0x100;
const CANARY_LOW = RAM_BASE + 0x1000; // patterned RAM that no access may change
const CANARY_HIGH = RAM_END - 0x1000;
const CANARY_BYTES = 0x1000;

function encode(name: string, fields: Partial<Record<FieldName, number>>): number {
  const spec = INSN_BY_NAME.get(name)!;
  let word = spec.match;
  for (const [f, v] of Object.entries(fields)) word = insertField(word, f as FieldName, v);
  return word;
}

const LOADS = [['lb', 1], ['lbu', 1], ['lh', 2], ['lhu', 2], ['lw', 4]] as const;
const STORES = [['sb', 1], ['sh', 2], ['sw', 4]] as const;

function le32(v: number): Uint8Array {
  return new Uint8Array(new Uint32Array([v >>> 0]).buffer);
}

function canaryPattern(): Uint8Array {
  return Uint8Array.from({ length: CANARY_BYTES }, (_, i) => (i * 37 + 11) & 0xff);
}

/** Whether every byte of [pa, pa + size) is RAM. */
function inRam(pa: number, size: number): boolean {
  return pa >= RAM_BASE && pa + size <= RAM_END;
}

/** Whether [pa, pa + size) lies inside one CLINT register (the device answers; no fault). */
function inClintRegister(pa: number, size: number): boolean {
  return CLINT_REGISTERS.some((r) => pa >= r && pa + size <= r + 4);
}

/**
 * The address mtval must hold: the address of the part of the access that
 * faulted. For an access starting below RAM that is its start; for one
 * running past RAM's end it is the first byte past the end.
 */
function faultingPart(pa: number, size: number): number {
  return pa < RAM_END && pa + size > RAM_END ? RAM_END : pa;
}

/** Addresses at every region edge, plus `count` random ones. */
function sampleAddresses(count: number): number[] {
  const edges = [0, CLINT_BASE, CLINT_END, RAM_BASE, RAM_END, 0x1_0000_0000];
  const out = new Set<number>([1, 2, 3, 4, 0x1000, 0x7fff_ffff, 0xc000_0000]);
  for (const e of edges) for (let d = -8; d <= 8; d++) if (e + d >= 0 && e + d < 2 ** 32) out.add(e + d);
  const rng = new Rng(0x9b0d);
  while (out.size < count + 100) out.add(rng.next());
  return [...out];
}

describe('physical bounds (paging off, M-mode)', () => {
  let m: Machine;
  const addresses = sampleAddresses(600);

  beforeAll(async () => {
    m = await Machine.create({ ramBytes: RAM_BYTES });
  });

  /** Resets the hart and runs `words` from CODE with x1 = pa, x2 = a marker value; returns whether it trapped. */
  function runAt(words: number[], pa: number, instructions: number): boolean {
    m.reset();
    words.forEach((w, i) => m.writePhys(CODE + 4 * i, le32(w)));
    m.writeCsr(CSR_MTVEC, TRAP_VECTOR);
    m.writeCsr(CSR_MCAUSE, 0xdead);
    m.setReg(1, pa);
    m.setReg(2, 0xa5c3_e10f);
    m.pc = CODE;
    m.run({ maxInstructions: instructions });
    return m.readCsr(CSR_MCAUSE) !== 0xdead;
  }

  function expectAccessFault(cause: number, tval: number, epc: number): void {
    expect({ pc: m.pc, mcause: m.readCsr(CSR_MCAUSE), mtval: m.readCsr(CSR_MTVAL), mepc: m.readCsr(CSR_MEPC) })
      .toEqual({ pc: TRAP_VECTOR, mcause: cause, mtval: tval >>> 0, mepc: epc >>> 0 });
  }

  it('loads fault outside RAM and the CLINT registers, with mtval = the faulting part', () => {
    for (const pa of addresses) {
      for (const [name, size] of LOADS) {
        const trapped = runAt([encode(name, { rd: 3, rs1: 1, imm12: 0 })], pa, 1);
        if (inRam(pa, size) || inClintRegister(pa, size)) {
          expect(trapped, `${name} at 0x${pa.toString(16)}`).toBe(false);
        } else if (pa < CLINT_BASE || pa >= CLINT_END || pa + size > CLINT_END) {
          expect(trapped, `${name} at 0x${pa.toString(16)}`).toBe(true);
          expectAccessFault(CAUSE_LOAD_ACCESS, faultingPart(pa, size), CODE);
        }
      }
    }
  });

  it('stores fault outside RAM and the CLINT registers and change no RAM byte', () => {
    m.writePhys(CANARY_LOW, canaryPattern());
    m.writePhys(CANARY_HIGH, canaryPattern());
    for (const pa of addresses) {
      for (const [name, size] of STORES) {
        if (inRam(pa, size) || inClintRegister(pa, size)) continue;
        if (pa >= CLINT_BASE && pa < CLINT_END && pa + size <= CLINT_END) continue; // device-defined
        const store = encode(name, { rs2: 2, rs1: 1, simm12: 0 });
        const load = encode('lw', { rd: 3, rs1: 1, imm12: 0 });
        expect(runAt([store], pa, 1), `${name} at 0x${pa.toString(16)}`).toBe(true);
        expectAccessFault(CAUSE_STORE_ACCESS, faultingPart(pa, size), CODE);
        // Had the store reached memory anywhere, reading it back would not fault.
        if (!inRam(pa, 4)) expect(runAt([load], pa, 1), `lw after ${name} at 0x${pa.toString(16)}`).toBe(true);
      }
    }
    expect(m.readPhys(CANARY_LOW, CANARY_BYTES)).toEqual(canaryPattern());
    expect(m.readPhys(CANARY_HIGH, CANARY_BYTES)).toEqual(canaryPattern());
  });

  it('AMOs outside RAM raise store/AMO access faults', () => {
    for (const pa of addresses.filter((a) => a % 4 === 0 && !inRam(a, 4) && (a < CLINT_BASE || a >= CLINT_END))) {
      expect(runAt([encode('amoadd.w', { rd: 3, rs2: 2, rs1: 1 })], pa, 1), `amoadd.w at 0x${pa.toString(16)}`).toBe(true);
      expectAccessFault(CAUSE_STORE_ACCESS, pa, CODE);
    }
  });

  it('fetches fault outside RAM, including from the CLINT, with mepc = mtval = the target', () => {
    const jump = encode('jalr', { rd: 0, rs1: 1, imm12: 0 });
    for (const pa of addresses.filter((a) => a % 2 === 0 && !inRam(a, 2))) {
      expect(runAt([jump], pa, 2), `fetch at 0x${pa.toString(16)}`).toBe(true);
      expectAccessFault(CAUSE_FETCH_ACCESS, pa, pa);
    }
  });

  it('a 32-bit instruction whose second half lies past RAM: mepc = its start, mtval = RAM end', () => {
    const last = RAM_END - 2;
    m.reset();
    m.writePhys(last, Uint8Array.of(0x13, 0x00)); // the low half of addi x0, x0, 0
    m.writeCsr(CSR_MTVEC, TRAP_VECTOR);
    m.pc = last;
    m.run({ maxInstructions: 1 });
    expectAccessFault(CAUSE_FETCH_ACCESS, RAM_END, last);
  });
});

// Sv32 physical addresses are 34 bits: a leaf's PPN can name memory at 4 GiB
// and above, where nothing is. A hart that drops the high bits would reach RAM
// at 0x8000_0000 through 0x1_8000_0000; it must fault instead.
describe('physical addresses above 4 GiB through Sv32 (S-mode)', () => {
  const ROOT = RAM_BASE + 0x4000; // root page table
  const L0 = RAM_BASE + 0x5000; // one second-level table
  const PTE_V = 1, PTE_R = 2, PTE_W = 4, PTE_X = 8, PTE_A = 0x40, PTE_D = 0x80;
  const LEAF = PTE_V | PTE_R | PTE_W | PTE_X | PTE_A | PTE_D;
  const SATP_SV32 = 0x8000_0000;
  const SATP_ASID_SHIFT = 22;
  let m: Machine;

  /** Virtual megapages and the 34-bit physical address each maps to. */
  const MEGAPAGES = [
    [0x4000_0000, 0x1_0000_0000], // 4 GiB
    [0x4040_0000, 0x1_8000_0000], // RAM's address + 4 GiB
    [0x4080_0000, 0x2_8000_0000], // RAM's address + 8 GiB
    [0x40c0_0000, 0x3_ffc0_0000], // the last megapage of the 34-bit space
  ] as const;
  /** Virtual 4 KiB pages in the second-level table (VA 0x4100_0000 + i * 4 KiB). */
  const PAGES = [0x1_8000_0000, 0x3_ffff_f000, 0x1_0000_0000 + CLINT_BASE] as const;
  const PAGE_VA = 0x4100_0000;

  function writePte(table: number, index: number, pte: number): void {
    m.writePhys(table + 4 * index, le32(pte));
  }

  beforeAll(async () => {
    m = await Machine.create({ ramBytes: RAM_BYTES });
    m.writePhys(ROOT, new Uint8Array(4096));
    m.writePhys(L0, new Uint8Array(4096));
    for (const [va, pa] of MEGAPAGES) writePte(ROOT, va >>> 22, ((pa / 4096) << 10) | LEAF);
    writePte(ROOT, PAGE_VA >>> 22, ((L0 / 4096) << 10) | PTE_V);
    PAGES.forEach((pa, i) => writePte(L0, i, ((pa / 4096) << 10) | LEAF));
    writePte(ROOT, RAM_BASE >>> 22, ((RAM_BASE / 4096) << 10) | LEAF); // code: identity megapage
  });

  /** Runs `word` at CODE in S-mode with Sv32 on and x1 = va; returns the trap CSRs. */
  function runS(words: number[], va: number, instructions: number): { mcause: number; mtval: number; mepc: number } {
    m.reset();
    openPmp(m);
    words.forEach((w, i) => m.writePhys(CODE + 4 * i, le32(w)));
    m.writeCsr(CSR_MTVEC, TRAP_VECTOR);
    m.writeCsr(CSR_SATP, SATP_SV32 | (ROOT / 4096));
    m.writeCsr(CSR_MCAUSE, 0xdead);
    m.setReg(1, va);
    m.setReg(2, 0x5a5a_5a5a);
    m.priv = PRV_S;
    m.pc = CODE;
    m.run({ maxInstructions: instructions });
    return { mcause: m.readCsr(CSR_MCAUSE), mtval: m.readCsr(CSR_MTVAL), mepc: m.readCsr(CSR_MEPC) };
  }

  const targets = [...MEGAPAGES.flatMap(([va]) => [va, va + 0x3f_fffc]), ...PAGES.map((_, i) => PAGE_VA + i * 4096)];

  it('loads, stores and AMOs there raise access faults (not page faults) with mtval = the virtual address', () => {
    const before = m.readPhys(RAM_BASE + 0x10000, 0x1000);
    for (const va of targets) {
      expect(runS([encode('lw', { rd: 3, rs1: 1, imm12: 0 })], va, 1)).toEqual({ mcause: CAUSE_LOAD_ACCESS, mtval: va >>> 0, mepc: CODE });
      expect(runS([encode('sw', { rs2: 2, rs1: 1, simm12: 0 })], va, 1)).toEqual({ mcause: CAUSE_STORE_ACCESS, mtval: va >>> 0, mepc: CODE });
      expect(runS([encode('amoswap.w', { rd: 3, rs2: 2, rs1: 1 })], va, 1)).toEqual({ mcause: CAUSE_STORE_ACCESS, mtval: va >>> 0, mepc: CODE });
    }
    expect(m.readPhys(RAM_BASE + 0x10000, 0x1000)).toEqual(before);
  });

  it('fetches there raise instruction access faults', () => {
    for (const va of targets) {
      expect(runS([encode('jalr', { rd: 0, rs1: 1, imm12: 0 })], va, 2)).toEqual({ mcause: CAUSE_FETCH_ACCESS, mtval: va >>> 0, mepc: va >>> 0 });
    }
  });

  it('a page table outside RAM (satp.PPN above 4 GiB or below RAM) makes the walk raise the access fault of the access', () => {
    // The root's own address + 4 GiB: a walker that drops PA bits 33:32 would find the real table.
    const rootAbove4G = 0x10_0000 + ROOT / 4096;
    [0x10, rootAbove4G, 0x3f_ffff].forEach((rootPpn, i) => {
      m.reset();
      m.writePhys(CODE, le32(encode('lw', { rd: 3, rs1: 1, imm12: 0 })));
      m.writeCsr(CSR_MTVEC, TRAP_VECTOR);
      // A fresh ASID, so no translation cached by the tests above can apply.
      m.writeCsr(CSR_SATP, SATP_SV32 | ((i + 1) << SATP_ASID_SHIFT) | rootPpn);
      m.writeCsr(CSR_MCAUSE, 0xdead);
      m.priv = PRV_S;
      m.pc = CODE; // the fetch itself walks the absent table
      m.run({ maxInstructions: 1 });
      expect({ mcause: m.readCsr(CSR_MCAUSE), mtval: m.readCsr(CSR_MTVAL), mepc: m.readCsr(CSR_MEPC) })
        .toEqual({ mcause: CAUSE_FETCH_ACCESS, mtval: CODE, mepc: CODE });
    });
  });
});
