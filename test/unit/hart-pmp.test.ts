// Physical Memory Protection, case by case from the privileged spec's
// "Physical Memory Protection" section (and "Physical Memory Protection and
// Paging", and the Sv32 translation steps that name PMP). mmulab: 16 entries,
// grain G = 0, the reserved R=0 W=1 stored with W cleared, no Smepmp.
import { describe, expect, it } from 'vitest';
import { Kernel } from '../../src/kernel/index.js';
import { Machine, RAM_BASE } from '../../src/machine/index.js';
import {
  CSR_PMPADDR0, CSR_PMPCFG0, M_HANDLER, PTE_A, PTE_D, PTE_R, PTE_W, PTE_X, PageTables, START, addi, amoaddW,
  csrrs, csrrw, ecall, jalr, lh, li, lrW, lw, machine, sw, trapRun,
} from './hart-helpers.js';

const CSR_MSTATUS = 0x300, CSR_MEPC = 0x341, CSR_MCAUSE = 0x342, CSR_MTVAL = 0x343, CSR_SATP = 0x180;
const CSR_PMPCFG15 = 0x3af, CSR_PMPADDR15 = 0x3bf, CSR_PMPADDR16 = 0x3c0, CSR_PMPADDR63 = 0x3ef;
const PRV_U = 0, PRV_S = 1, PRV_M = 3;
const MSTATUS_MPRV = 1 << 17, MSTATUS_MPP_S = 1 << 11, MSTATUS_MPP_M = 3 << 11;
const CAUSE_FETCH_ACCESS = 1, CAUSE_LOAD_ACCESS = 5, CAUSE_STORE_ACCESS = 7;
const CAUSE_LOAD_PAGE_FAULT = 13;
const ECALL_CAUSE: Record<number, number> = { [PRV_U]: 8, [PRV_S]: 9, [PRV_M]: 11 };

// pmpNcfg fields.
const R = 0x01, W = 0x02, X = 0x04, L = 0x80;
const TOR = 1 << 3, NA4 = 2 << 3, NAPOT = 3 << 3;

const DATA = RAM_BASE + 0x2_0000;
const CODE_TOP = RAM_BASE + 0x2000; // the handlers and the code at START lie below it

interface Entry { cfg: number; addr: number }
/** pmpaddr of a NAPOT region of `size` (a power of two >= 8) bytes at `base` (aligned to it). */
const napot = (base: number, size: number): number => ((base >>> 2) | ((size >>> 3) - 1)) >>> 0;
const tor = (top: number): number => top >>> 2;
/** Entry 0: TOR [0, CODE_TOP) with R and X, so S- and U-mode can run the code at START. */
const CODE: Entry = { cfg: TOR | R | X, addr: tor(CODE_TOP) };

/** Sets all 16 entries: every pmpcfg to 0 first (unless locked), then the addresses, then the configurations. */
function programPmp(m: Machine, entries: (Entry | undefined)[]): void {
  for (let n = 0; n < 4; n++) m.writeCsr(CSR_PMPCFG0 + n, 0);
  entries.forEach((e, i) => { if (e) m.writeCsr(CSR_PMPADDR0 + i, e.addr); });
  for (let n = 0; n < 4; n++) {
    let v = 0;
    for (let k = 0; k < 4; k++) v |= (entries[n * 4 + k]?.cfg ?? 0) << (8 * k);
    m.writeCsr(CSR_PMPCFG0 + n, v >>> 0);
  }
}

interface Outcome { m: Machine; cause: number; tval: number; epc: number }

/**
 * Runs `code` (then an ecall) at START at privilege `priv` with paging off,
 * x5 = DATA, and PMP set to `entries`; a trap ends in M_HANDLER.
 */
async function run(code: number[], entries: (Entry | undefined)[], priv: number, mstatus = 0,
  setup: (m: Machine) => void = () => {}): Promise<Outcome> {
  const m = await trapRun([...code, ecall()], (m) => {
    programPmp(m, entries);
    m.writeCsr(CSR_MSTATUS, mstatus);
    m.setReg(5, DATA);
    m.priv = priv;
    setup(m);
  }, 100);
  expect(m.pc).toBe(M_HANDLER);
  return { m, cause: m.readCsr(CSR_MCAUSE), tval: m.readCsr(CSR_MTVAL), epc: m.readCsr(CSR_MEPC) };
}

/** The trap a run ended with: [mcause, mtval, mepc]. */
const trap = (o: Outcome): number[] => [o.cause, o.tval, o.epc];

describe('PMP CSRs', () => {
  it('reset: every pmpcfg and pmpaddr reads 0', async () => {
    const m = await Machine.create({ ramBytes: 1 << 20 });
    for (let n = 0; n < 4; n++) expect(m.readCsr(CSR_PMPCFG0 + n)).toBe(0);
    for (let i = 0; i < 16; i++) expect(m.readCsr(CSR_PMPADDR0 + i)).toBe(0);
  });

  it.each([
    [0x7f, 0x1f], // bits 6:5 read as zero
    [0x9f, 0x9f], // L NAPOT X W R
    [0x02, 0x00], // R=0 W=1 is reserved: W is cleared
    [0x06, 0x04], // ... keeping X
    [0x1a, 0x18], // ... and A
    [0x03, 0x03],
    [0x11, 0x11], // NA4 is selectable (G = 0)
  ])('pmp0cfg written %i reads %i', async (written, read) => {
    const m = await machine();
    m.writeCsr(CSR_PMPCFG0, 0);
    m.writeCsr(CSR_PMPCFG0, written);
    expect(m.readCsr(CSR_PMPCFG0)).toBe(read);
  });

  it('each byte of pmpcfg1 is its own entry (4..7), entry 4 in bits 7:0', async () => {
    const m = await machine();
    m.writeCsr(CSR_PMPCFG0 + 1, 0x0206_1f01);
    expect(m.readCsr(CSR_PMPCFG0 + 1).toString(16)).toBe('41f01');
  });

  it('pmpaddr holds all 32 bits (grain 4 bytes: the lowest bit set by writing all ones is bit 0), in any mode', async () => {
    const m = await machine();
    m.writeCsr(CSR_PMPCFG0, 0); // riscv-tests pmpaddr: OFF, all ones, read back
    m.writeCsr(CSR_PMPADDR0, 0xffff_ffff);
    expect(m.readCsr(CSR_PMPADDR0)).toBe(0xffff_ffff);
    m.writeCsr(CSR_PMPADDR15, 0x1234_5677);
    for (const cfg of [0, TOR, NA4, NAPOT]) {
      m.writeCsr(CSR_PMPCFG0 + 3, cfg << 24);
      expect(m.readCsr(CSR_PMPADDR15)).toBe(0x1234_5677);
    }
  });

  it('the CSRs of entries 16-63 (pmpcfg4-15, pmpaddr16-63) are read-only zero, and legal', async () => {
    const m = await trapRun([
      addi(6, 0, -1), csrrw(0, 0x3a4, 6), csrrw(0, CSR_PMPCFG15, 6), csrrw(0, CSR_PMPADDR16, 6),
      csrrw(0, CSR_PMPADDR63, 6), csrrs(7, 0x3a4, 0), csrrs(8, CSR_PMPCFG15, 0), csrrs(9, CSR_PMPADDR16, 0),
      csrrs(10, CSR_PMPADDR63, 0), ecall(),
    ]);
    expect([m.getReg(7), m.getReg(8), m.getReg(9), m.getReg(10)]).toEqual([0, 0, 0, 0]);
    expect(m.readCsr(CSR_MCAUSE)).toBe(11);
  });

  it('a locked entry ignores writes to its pmpcfg byte and its pmpaddr until reset', async () => {
    const m = await machine();
    m.writeCsr(CSR_PMPADDR0, 0x100);
    m.writeCsr(CSR_PMPCFG0, L | NA4 | R);
    m.writeCsr(CSR_PMPCFG0, 0x0000_1f00); // entry 0 locked: only entry 1 changes
    m.writeCsr(CSR_PMPADDR0, 0x200);
    expect([m.readCsr(CSR_PMPCFG0), m.readCsr(CSR_PMPADDR0)]).toEqual([0x1f91, 0x100]);
    m.reset();
    expect([m.readCsr(CSR_PMPCFG0), m.readCsr(CSR_PMPADDR0)]).toEqual([0, 0]);
  });

  it('a locked TOR entry also locks pmpaddr of the entry below it; a locked NAPOT entry does not', async () => {
    const m = await machine();
    m.writeCsr(CSR_PMPCFG0, 0);
    [0x10, 0x20, 0x30, 0x40].forEach((a, i) => m.writeCsr(CSR_PMPADDR0 + i, a));
    m.writeCsr(CSR_PMPCFG0, ((L | TOR | R) << 8 | (L | NAPOT | R) << 24) >>> 0); // entry 1 TOR, entry 3 NAPOT
    for (const i of [0, 1, 2, 3]) m.writeCsr(CSR_PMPADDR0 + i, 0x55);
    expect([0, 1, 2, 3].map((i) => m.readCsr(CSR_PMPADDR0 + i))).toEqual([0x10, 0x20, 0x55, 0x40]);
    m.writeCsr(CSR_PMPCFG0, 0x1f1f_1f1f);
    expect(m.readCsr(CSR_PMPCFG0) >>> 0).toBe(((L | NAPOT | R) << 24 | 0x1f << 16 | (L | TOR | R) << 8 | 0x1f) >>> 0);
  });

  it('the hosted kernel opens entry 0 over the whole 34-bit space for U-mode, as firmware does', async () => {
    const m = (await Kernel.create({ ramBytes: 1 << 20 })).machine;
    expect([m.readCsr(CSR_PMPCFG0), m.readCsr(CSR_PMPADDR0)]).toEqual([NAPOT | R | W | X, 0x7fff_ffff]);
    for (let n = 1; n < 4; n++) expect(m.readCsr(CSR_PMPCFG0 + n)).toBe(0);
  });

  it('a pmpcfg write by an instruction obeys the same rules', async () => {
    const m = await trapRun([...li(6, 0xff7f_0602), csrrw(0, CSR_PMPCFG0, 6), csrrs(7, CSR_PMPCFG0, 0), ecall()]);
    expect(m.getReg(7) >>> 0).toBe(0x9f1f_0400);
  });
});

describe('PMP address matching', () => {
  it('S and U: no matching entry fails (16 entries are implemented); M succeeds', async () => {
    for (const priv of [PRV_S, PRV_U]) {
      expect(trap(await run([lw(6, 5, 0)], [CODE], priv))).toEqual([CAUSE_LOAD_ACCESS, DATA, START]);
      expect(trap(await run([sw(6, 5, 8)], [CODE], priv))).toEqual([CAUSE_STORE_ACCESS, DATA + 8, START]);
    }
    const m = await run([lw(6, 5, 0)], [CODE], PRV_M);
    expect(m.cause).toBe(ECALL_CAUSE[PRV_M]);
  });

  it('every entry OFF: S-mode cannot even fetch', async () => {
    const o = await run([], [], PRV_S);
    expect([o.cause, o.tval, o.epc]).toEqual([CAUSE_FETCH_ACCESS, START, START]);
  });

  it('NA4 matches exactly 4 bytes; its R, W, X decide', async () => {
    const entries = [CODE, { cfg: NA4 | R, addr: DATA >>> 2 }];
    const cases: [number[], number | null, number][] = [
      [[lw(6, 5, 0)], null, 0],
      [[lh(6, 5, 2)], null, 0],
      [[lw(6, 5, 4)], CAUSE_LOAD_ACCESS, DATA + 4],
      [[lw(6, 5, -4)], CAUSE_LOAD_ACCESS, DATA - 4],
      [[sw(6, 5, 0)], CAUSE_STORE_ACCESS, DATA],
      [[lw(6, 5, 2)], CAUSE_LOAD_ACCESS, DATA + 2], // bytes 2..5: only some match
      [[lh(6, 5, -1)], CAUSE_LOAD_ACCESS, DATA - 1],
    ];
    for (const [code, cause, tval] of cases) {
      const o = await run(code, entries, PRV_S);
      if (cause === null) expect(o.cause).toBe(ECALL_CAUSE[PRV_S]);
      else expect([o.cause, o.tval, o.epc]).toEqual([cause, tval, START]);
    }
  });

  it('NAPOT: pmpaddr y..y0 followed by k ones is 2^(k+3) bytes; a straddling access fails', async () => {
    const entries = [CODE, { cfg: NAPOT | R | W, addr: napot(DATA + 64, 64) }];
    expect((await run([lw(6, 5, 64), sw(6, 5, 124)], entries, PRV_S)).cause).toBe(ECALL_CAUSE[PRV_S]);
    expect((await run([lw(6, 5, 60)], entries, PRV_S)).tval).toBe(DATA + 60);
    const o = await run([lw(6, 5, 126)], entries, PRV_S); // bytes 126..129: the last two are outside
    expect([o.cause, o.tval]).toEqual([CAUSE_LOAD_ACCESS, DATA + 126]);
    expect((await run([sw(6, 5, 128)], entries, PRV_S)).cause).toBe(CAUSE_STORE_ACCESS);
  });

  it('NAPOT with pmpaddr 0x7fff_ffff and all ones covers the whole 34-bit space', async () => {
    for (const addr of [0x7fff_ffff, 0xffff_ffff]) {
      const o = await run([lw(6, 5, 0), sw(6, 5, 0)], [{ cfg: NAPOT | R | W | X, addr }], PRV_U);
      expect(o.cause).toBe(ECALL_CAUSE[PRV_U]);
    }
  });

  it('one entry over all memory decides every access: R X only, loads and fetches pass, stores fail', async () => {
    const everything = [{ cfg: NAPOT | R | X, addr: 0xffff_ffff }];
    expect((await run([lw(6, 5, 0), lw(6, 5, 0x7fc)], everything, PRV_U)).cause).toBe(ECALL_CAUSE[PRV_U]);
    expect(trap(await run([sw(6, 5, 0)], everything, PRV_U))).toEqual([CAUSE_STORE_ACCESS, DATA, START]);
    expect((await run([sw(6, 5, 0)], everything, PRV_M)).cause).toBe(ECALL_CAUSE[PRV_M]); // unlocked
  });

  it('TOR: pmpaddr[i-1] <= y < pmpaddr[i], whatever entry i-1 is configured as', async () => {
    const entries = [CODE, { cfg: NA4, addr: DATA >>> 2 }, { cfg: TOR | R, addr: tor(DATA + 0x100) }];
    // Entry 1 (NA4 at DATA, no permissions) wins at DATA; entry 2 covers DATA..DATA+0xff.
    expect((await run([lw(6, 5, 0)], entries, PRV_S)).cause).toBe(CAUSE_LOAD_ACCESS);
    expect((await run([lw(6, 5, 4), lw(6, 5, 0xfc)], entries, PRV_S)).cause).toBe(ECALL_CAUSE[PRV_S]);
    expect((await run([lw(6, 5, 0x100)], entries, PRV_S)).tval).toBe(DATA + 0x100);
    entries[1] = { cfg: 0, addr: DATA >>> 2 }; // OFF: its pmpaddr is still the bottom of entry 2
    expect((await run([lw(6, 5, 0)], entries, PRV_S)).cause).toBe(ECALL_CAUSE[PRV_S]);
    expect((await run([lw(6, 5, -4)], entries, PRV_S)).cause).toBe(CAUSE_LOAD_ACCESS);
  });

  it('TOR entry 0 starts at address 0', async () => {
    const o = await run([lw(6, 5, 0)], [{ cfg: TOR | R | X, addr: tor(DATA + 4) }], PRV_S);
    expect(o.cause).toBe(ECALL_CAUSE[PRV_S]);
  });

  it('TOR with pmpaddr[i-1] >= pmpaddr[i] matches nothing, even locked and even for M-mode', async () => {
    const entries = [CODE, { cfg: 0, addr: tor(DATA + 0x100) }, { cfg: L | TOR, addr: tor(DATA) }];
    expect((await run([lw(6, 5, 0)], entries, PRV_M)).cause).toBe(ECALL_CAUSE[PRV_M]);
    expect((await run([lw(6, 5, 0)], entries, PRV_S)).cause).toBe(CAUSE_LOAD_ACCESS); // no match
    entries[1] = { cfg: 0, addr: tor(DATA) }; // equal: still empty
    expect((await run([lw(6, 5, 0)], entries, PRV_M)).cause).toBe(ECALL_CAUSE[PRV_M]);
  });

  it('the lowest-numbered entry that matches any byte decides, even when a later one would allow it all', async () => {
    const all = { cfg: NAPOT | R | W, addr: napot(DATA, 0x1000) };
    const denyWord = { cfg: NA4, addr: (DATA + 4) >>> 2 };
    expect((await run([lw(6, 5, 0), lw(6, 5, 8)], [CODE, denyWord, all], PRV_S)).cause).toBe(ECALL_CAUSE[PRV_S]);
    expect((await run([lw(6, 5, 4)], [CODE, denyWord, all], PRV_S)).tval).toBe(DATA + 4);
    // A misaligned word at DATA+2 touches 2 bytes of the NA4 entry: it fails although entry 2 covers all 4.
    expect((await run([lw(6, 5, 2)], [CODE, denyWord, all], PRV_S)).tval).toBe(DATA + 2);
    // The other order: the big region comes first and decides.
    expect((await run([lw(6, 5, 4)], [CODE, all, denyWord], PRV_S)).cause).toBe(ECALL_CAUSE[PRV_S]);
  });

  it('a misaligned access inside a region is one access, allowed', async () => {
    const o = await run([lw(6, 5, 1), sw(6, 5, 3)], [CODE, { cfg: NAPOT | R | W, addr: napot(DATA, 8) }], PRV_S);
    expect(o.cause).toBe(ECALL_CAUSE[PRV_S]);
  });
});

describe('PMP permissions and privilege', () => {
  it('unlocked entries do not restrict M-mode; locked ones do (L: enforced for all modes)', async () => {
    const entry = (cfg: number) => [undefined, { cfg, addr: DATA >>> 2 }];
    expect((await run([lw(6, 5, 0), sw(6, 5, 0)], entry(NA4), PRV_M)).cause).toBe(ECALL_CAUSE[PRV_M]);
    expect(trap(await run([lw(6, 5, 0)], entry(L | NA4), PRV_M))).toEqual([CAUSE_LOAD_ACCESS, DATA, START]);
    expect((await run([lw(6, 5, 0)], entry(L | NA4 | R), PRV_M)).cause).toBe(ECALL_CAUSE[PRV_M]);
    expect((await run([sw(6, 5, 0)], entry(L | NA4 | R), PRV_M)).cause).toBe(CAUSE_STORE_ACCESS);
  });

  it('a locked entry without X stops M-mode fetching there', async () => {
    const o = await run([], [{ cfg: L | NAPOT | R | W, addr: napot(START, 0x1000) }], PRV_M);
    expect([o.cause, o.tval, o.epc]).toEqual([CAUSE_FETCH_ACCESS, START, START]);
  });

  it('fetch needs X: a jump to a readable, non-executable region is an instruction access fault', async () => {
    const entries = [CODE, { cfg: NAPOT | R | W, addr: napot(DATA, 0x1000) }];
    const o = await run([lw(6, 5, 0), jalr(1, 5, 0)], entries, PRV_S);
    expect([o.cause, o.tval, o.epc]).toEqual([CAUSE_FETCH_ACCESS, DATA, DATA]);
  });

  it('a 32-bit instruction whose second half is not executable: tval = the half that failed, epc = the instruction', async () => {
    // X on [DATA, DATA+8); an addi at DATA+6 needs DATA+8..9 too.
    const entries = [CODE, { cfg: NAPOT | X, addr: napot(DATA, 8) }];
    const o = await run([...li(6, DATA + 6), jalr(0, 6, 0)], entries, PRV_S, 0, (m) => {
      m.writePhys(DATA + 6, Uint8Array.of(0x93, 0x82, 0x12, 0x00)); // addi x5, x5, 1
    });
    expect([o.cause, o.tval, o.epc]).toEqual([CAUSE_FETCH_ACCESS, DATA + 8, DATA + 6]);
  });

  it('LR needs R, SC and AMOs need W (store/AMO access fault)', async () => {
    const readOnly = [CODE, { cfg: NA4 | R, addr: DATA >>> 2 }];
    const executeOnly = [CODE, { cfg: NA4 | X, addr: DATA >>> 2 }];
    expect((await run([lrW(6, 5)], readOnly, PRV_S)).cause).toBe(ECALL_CAUSE[PRV_S]);
    expect(trap(await run([amoaddW(6, 7, 5)], readOnly, PRV_S))).toEqual([CAUSE_STORE_ACCESS, DATA, START]);
    expect((await run([lrW(6, 5)], executeOnly, PRV_S)).cause).toBe(CAUSE_LOAD_ACCESS);
  });

  it('MPRV: M-mode loads and stores are checked at MPP; its fetches are not', async () => {
    const o = await run([lw(6, 5, 0)], [], PRV_M, MSTATUS_MPRV | MSTATUS_MPP_S);
    expect([o.cause, o.tval]).toEqual([CAUSE_LOAD_ACCESS, DATA]);
    expect((await run([lw(6, 5, 0)], [], PRV_M, MSTATUS_MPRV | MSTATUS_MPP_M)).cause).toBe(ECALL_CAUSE[PRV_M]);
    const data = { cfg: NA4 | R, addr: DATA >>> 2 };
    expect((await run([lw(6, 5, 0)], [undefined, data], PRV_M, MSTATUS_MPRV)).cause).toBe(ECALL_CAUSE[PRV_M]);
  });
});

describe('PMP and paging', () => {
  const VA = 0x4000_0000;
  const ALL: Entry = { cfg: NAPOT | R | W | X, addr: 0x7fff_ffff };

  /** S-mode with Sv32: code identity-mapped by a megapage, VA -> DATA by a 4 KiB page. */
  async function paged(code: number[], entries: (pteAddr: number) => (Entry | undefined)[], dataFlags = PTE_R | PTE_W | PTE_A | PTE_D) {
    let pte = 0;
    const o = await run(code, [], PRV_S, 0, (m) => {
      const pt = new PageTables(m);
      pt.map4m(RAM_BASE, RAM_BASE, PTE_R | PTE_X | PTE_A);
      pte = pt.map4k(VA, DATA, dataFlags);
      m.writeCsr(CSR_SATP, pt.satp());
      m.setReg(5, VA);
      programPmp(m, entries(pte));
    });
    return { ...o, pte };
  }

  it('page-table reads are checked as S-mode loads: a denied PTE is an access fault of the original access type', async () => {
    const denyPte = (pte: number) => [{ cfg: NA4 | W | X, addr: pte >>> 2 }, ALL]; // no R on the leaf PTE
    for (const [code, cause] of [[lw(6, 5, 4), CAUSE_LOAD_ACCESS], [sw(6, 5, 4), CAUSE_STORE_ACCESS]] as const) {
      const o = await paged([code], denyPte);
      expect([o.cause, o.tval, o.epc]).toEqual([cause, VA + 4, START]);
    }
    const fetch = await paged([jalr(0, 5, 0)], denyPte, PTE_R | PTE_X | PTE_A);
    expect([fetch.cause, fetch.tval, fetch.epc]).toEqual([CAUSE_FETCH_ACCESS, VA, VA]);
  });

  it('M-mode with MPRV walks as S, so an unlocked entry without R on the PTE stops its load', async () => {
    const o = await run([lw(6, 5, 0)], [], PRV_M, MSTATUS_MPRV | MSTATUS_MPP_S, (m) => {
      const pt = new PageTables(m);
      const pte = pt.map4k(VA, DATA, PTE_R | PTE_W | PTE_A | PTE_D);
      m.writeCsr(CSR_SATP, pt.satp());
      m.setReg(5, VA);
      programPmp(m, [{ cfg: NA4, addr: pte >>> 2 }, ALL]);
    });
    expect([o.cause, o.tval]).toEqual([CAUSE_LOAD_ACCESS, VA]);
  });

  it('the A/D update is an S-mode store to the PTE: without W there, an access fault and the PTE unchanged', async () => {
    const readOnlyPte = (pte: number) => [{ cfg: NA4 | R, addr: pte >>> 2 }, ALL];
    const o = await paged([lw(6, 5, 0)], readOnlyPte, PTE_R | PTE_W);
    expect([o.cause, o.tval]).toEqual([CAUSE_LOAD_ACCESS, VA]);
    expect(o.m.readPhys32(o.pte) & PTE_A).toBe(0);
    // A and D already set: nothing to store, the load succeeds.
    expect((await paged([lw(6, 5, 0)], readOnlyPte)).cause).toBe(ECALL_CAUSE[PRV_S]);
  });

  it('the translated physical address is what PMP checks', async () => {
    const dataDenied = () => [{ cfg: NAPOT, addr: napot(DATA, 0x1000) }, ALL];
    const o = await paged([lw(6, 5, 0x10)], dataDenied);
    expect([o.cause, o.tval]).toEqual([CAUSE_LOAD_ACCESS, VA + 0x10]);
    expect((await paged([lw(6, 5, 0x10)], () => [ALL])).cause).toBe(ECALL_CAUSE[PRV_S]);
  });

  it('a misaligned load across pages: the page fault of the second page outranks the PMP fault of the first', async () => {
    const dataDenied = () => [{ cfg: NAPOT, addr: napot(DATA, 0x1000) }, ALL];
    const o = await paged([addi(5, 5, 0x7ff), lw(6, 5, 0x7ff)], dataDenied); // VA + 0xffe; VA + 0x1000 is not mapped
    expect([o.cause, o.tval]).toEqual([CAUSE_LOAD_PAGE_FAULT, VA + 0x1000]);
  });

  it('Machine.translate reports a PMP denial of the page table or of the page as an access fault', async () => {
    const m = await machine();
    const pt = new PageTables(m);
    const pte = pt.map4k(VA, DATA, PTE_R | PTE_W | PTE_A | PTE_D);
    m.writeCsr(CSR_SATP, pt.satp());
    m.priv = PRV_S;
    expect(m.translate(VA, 'load')).toMatchObject({ pa: DATA });
    programPmp(m, [{ cfg: NAPOT | R, addr: napot(DATA, 0x1000) }, ALL]);
    expect(m.translate(VA, 'load')).toMatchObject({ pa: DATA });
    expect(m.translate(VA, 'store')).toMatchObject({ cause: CAUSE_STORE_ACCESS });
    programPmp(m, [{ cfg: NA4, addr: pte >>> 2 }, ALL]);
    expect(m.translate(VA, 'fetch')).toMatchObject({ cause: CAUSE_FETCH_ACCESS });
  });
});

describe('PMP and the fast caches', () => {
  const LOOP = [lw(6, 5, 0), sw(6, 5, 4), addi(7, 7, 1), jalr(0, 8, 0)]; // x8 = START: forever

  for (const fastPaths of [true, false]) {
    it(`a page used freely, then denied by a PMP write, faults at the next access (fastPaths ${fastPaths})`, async () => {
      const data = { cfg: NAPOT | R | W, addr: napot(DATA, 0x1000) };
      const m = await trapRun(LOOP, (m) => {
        programPmp(m, [CODE, data]);
        m.setReg(5, DATA);
        m.setReg(8, START);
        m.priv = PRV_S;
      }, 40, { fastPaths }); // ten passes
      expect([m.getReg(7), m.pc, m.priv]).toEqual([10, START, PRV_S]);
      // Loads stay allowed, stores do not.
      programPmp(m, [CODE, { ...data, cfg: NAPOT | R }]);
      m.run({ maxInstructions: 2 });
      expect([m.readCsr(CSR_MCAUSE), m.readCsr(CSR_MTVAL), m.readCsr(CSR_MEPC)]).toEqual([CAUSE_STORE_ACCESS, DATA + 4, START + 4]);
      // Fetches: the code loses X.
      m.pc = START;
      m.priv = PRV_S;
      programPmp(m, [{ ...CODE, cfg: TOR | R }, data]);
      m.run({ maxInstructions: 1 });
      expect([m.readCsr(CSR_MCAUSE), m.readCsr(CSR_MTVAL), m.readCsr(CSR_MEPC)]).toEqual([CAUSE_FETCH_ACCESS, START, START]);
    });
  }

  it('a page outside the lowest entry\'s region, allowed by a later entry, is cached and counted as without the fast paths', async () => {
    // Entry 0 (the data page, R W) decides the fast range; the code is outside it, X from entry 1.
    const entries = [{ cfg: NAPOT | R | W, addr: napot(DATA, 0x1000) }, { cfg: NAPOT | R | X, addr: napot(RAM_BASE, CODE_TOP - RAM_BASE) }];
    const stats = [];
    for (const fastPaths of [true, false]) {
      const m = await trapRun(LOOP, (m) => {
        programPmp(m, entries);
        m.setReg(5, DATA);
        m.setReg(8, START);
        m.priv = PRV_S;
      }, 40, { fastPaths });
      expect([m.getReg(7), m.pc, m.priv]).toEqual([10, START, PRV_S]);
      stats.push(m.stats());
    }
    expect(stats[0]).toEqual(stats[1]);
  });

  it('a page only partly allowed is never cached: each access is checked', async () => {
    // Entry 1 denies the word at DATA; entry 2 allows the rest of the page.
    const entries = [CODE, { cfg: NA4, addr: DATA >>> 2 }, { cfg: NAPOT | R | W, addr: napot(DATA, 0x1000) }];
    const o = await run([lw(6, 5, 4), lw(6, 5, 8), sw(6, 5, 8), lw(6, 5, 0)], entries, PRV_S);
    expect([o.cause, o.tval, o.epc]).toEqual([CAUSE_LOAD_ACCESS, DATA, START + 12]);
  });
});
