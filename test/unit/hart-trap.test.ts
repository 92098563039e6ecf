import { describe, expect, it } from 'vitest';
import { RAM_BASE } from '../../src/machine/index.js';
import {
  M_HANDLER, S_HANDLER, START, addi, csrrs, ebreak, ecall, jal, li, lrW, lw, mret, sret, sw, trapRun, wfi,
  amoaddW, scW, sfenceVma, csrrsi,
} from './hart-helpers.js';

const MSTATUS = 0x300, MEPC = 0x341, MCAUSE = 0x342, MTVAL = 0x343, SEPC = 0x141, SCAUSE = 0x142, STVAL = 0x143;
const MIE_BIT = 1 << 3, MPIE = 1 << 7, SIE_BIT = 1 << 1, SPIE = 1 << 5, SPP = 1 << 8, MPRV = 1 << 17;
const TVM = 1 << 20, TW = 1 << 21, TSR = 1 << 22;
const mpp = (p: number) => p << 11;

describe('exceptions', () => {
  it.each([[3, 11], [1, 9], [0, 8]])('ECALL from privilege %i has cause %i, tval 0', async (priv, cause) => {
    const m = await trapRun([ecall()], (m) => { m.priv = priv; });
    expect([m.readCsr(MCAUSE), m.readCsr(MEPC), m.readCsr(MTVAL), m.priv, m.pc])
      .toEqual([cause, START, 0, 3, M_HANDLER]);
    expect((m.readCsr(MSTATUS) >> 11) & 3).toBe(priv);
  });

  it('EBREAK reports the breakpoint address in tval', async () => {
    const m = await trapRun([addi(0, 0, 0), ebreak()]);
    expect([m.readCsr(MCAUSE), m.readCsr(MEPC), m.readCsr(MTVAL)]).toEqual([3, START + 4, START + 4]);
  });

  it('an illegal instruction reports its bits; trap entry stacks MIE into MPIE', async () => {
    const m = await trapRun([0xffffffff], (m) => m.writeCsr(MSTATUS, MIE_BIT));
    expect([m.readCsr(MCAUSE), m.readCsr(MTVAL), m.readCsr(MEPC)]).toEqual([2, 0xffffffff, START]);
    expect(m.readCsr(MSTATUS)).toBe(MPIE | mpp(3));
  });

  it.each([
    ['load', [...li(5, 0x1000), lw(6, 5, 0)], 5, 0x1000],
    ['store', [...li(5, 0x1004), sw(6, 5, 0)], 7, 0x1004],
    // Misaligned across the end of RAM: tval is the address of the part that faulted.
    ['store straddling the end of RAM', [...li(5, RAM_BASE + (1 << 20) - 2), sw(6, 5, 0)], 7, RAM_BASE + (1 << 20)],
    ['fetch', [...li(5, 0x2000), jal(0, 0), 0], 1, 0x2000],
  ])('a %s outside RAM and the CLINT is an access fault', async (_what, code, cause, tval) => {
    const fetch = cause === 1;
    const m = await trapRun(fetch ? [...li(5, 0x2000), R_JALR5] : code as number[]);
    expect([m.readCsr(MCAUSE), m.readCsr(MTVAL)]).toEqual([cause, tval]);
    if (fetch) expect(m.readCsr(MEPC)).toBe(0x2000);
  });

  it('misaligned LR raises load-misaligned (4), SC and AMO store-misaligned (6)', async () => {
    const base = [...li(5, RAM_BASE + 0x2002)];
    expect((await trapRun([...base, lrW(6, 5)])).readCsr(MCAUSE)).toBe(4);
    expect((await trapRun([...base, scW(6, 7, 5)])).readCsr(MCAUSE)).toBe(6);
    const m = await trapRun([...base, amoaddW(6, 7, 5)]);
    expect([m.readCsr(MCAUSE), m.readCsr(MTVAL)]).toEqual([6, RAM_BASE + 0x2002]);
  });

  it('medeleg sends an exception from U or S to S-mode, stacking SIE and SPP', async () => {
    const m = await trapRun([ecall()], (m) => {
      m.writeCsr(0x302, 1 << 9);
      m.writeCsr(MSTATUS, SIE_BIT);
      m.priv = 1;
    });
    expect([m.readCsr(SCAUSE), m.readCsr(SEPC), m.readCsr(STVAL), m.priv, m.pc]).toEqual([9, START, 0, 1, S_HANDLER]);
    expect(m.readCsr(MSTATUS)).toBe(SPIE | SPP);
    expect(m.readCsr(MCAUSE)).toBe(0);
  });

  it('delegated exceptions raised in M-mode still go to M', async () => {
    const m = await trapRun([ebreak()], (m) => m.writeCsr(0x302, 1 << 3));
    expect([m.readCsr(MCAUSE), m.readCsr(SCAUSE), m.pc]).toEqual([3, 0, M_HANDLER]);
  });
});

describe('xRET', () => {
  it('MRET to U restores MIE from MPIE, sets MPIE, MPP = U, clears MPRV, jumps to mepc', async () => {
    const m = await trapRun([mret()], (m) => {
      m.writeCsr(MSTATUS, MPIE | mpp(0) | MPRV);
      m.writeCsr(MEPC, START + 0x100);
    }, 1);
    expect([m.priv, m.pc, m.readCsr(MSTATUS)]).toEqual([0, START + 0x100, MIE_BIT | MPIE]);
  });

  it('MRET to M keeps MPRV', async () => {
    const m = await trapRun([mret()], (m) => {
      m.writeCsr(MSTATUS, mpp(3) | MPRV);
      m.writeCsr(MEPC, START + 8);
    }, 1);
    expect([m.priv, m.readCsr(MSTATUS)]).toEqual([3, MPIE | MPRV]);
  });

  it('SRET restores SIE from SPIE and returns to SPP', async () => {
    const m = await trapRun([sret()], (m) => {
      m.writeCsr(MSTATUS, SPIE | SPP);
      m.writeCsr(SEPC, START + 0x40);
      m.priv = 1;
    }, 1);
    expect([m.priv, m.pc, m.readCsr(MSTATUS)]).toEqual([1, START + 0x40, SIE_BIT | SPIE]);
  });

  it.each([
    ['MRET in S', mret(), 1, 0], ['SRET in U', sret(), 0, 0], ['SRET in S with TSR', sret(), 1, TSR],
    ['WFI in U', wfi(), 0, 0], ['WFI in S with TW', wfi(), 1, TW], ['SFENCE.VMA in U', sfenceVma(0, 0), 0, 0],
    ['SFENCE.VMA in S with TVM', sfenceVma(0, 0), 1, TVM], ['satp in S with TVM', csrrs(5, 0x180, 0), 1, TVM],
  ])('%s is an illegal instruction', async (_what, insn, priv, status) => {
    const m = await trapRun([insn], (m) => { m.writeCsr(MSTATUS, status); m.priv = priv; }, 1);
    expect([m.readCsr(MCAUSE), m.readCsr(MTVAL), m.readCsr(MEPC), m.priv]).toEqual([2, insn, START, 3]);
  });
});

describe('interrupts', () => {
  const CLINT = 0x0200_0000;
  it('the CLINT timer interrupts once mtime reaches mtimecmp (one tick per instruction)', async () => {
    // mtimecmp = 20: set it, enable MTIE and MIE, then spin.
    const m = await trapRun([
      ...li(5, CLINT + 0x4000), addi(6, 0, 20), sw(6, 5, 0), sw(0, 5, 4),
      ...li(7, 1 << 7), csrrs(0, 0x304, 7), csrrsi(0, MSTATUS, 8), addi(8, 8, 1), jal(0, -4),
    ]);
    expect(m.readCsr(MCAUSE)).toBe(0x80000007);
    expect(m.pc).toBe(M_HANDLER);
    // mtime = 20 once 20 instructions retired: 9 set-up ones, then addi/jal
    // pairs; the 21st (a jal at START + 40) is interrupted after 6 addi.
    expect(m.readCsr(MEPC)).toBe(START + 40);
    expect(m.getReg(8)).toBe(6);
    expect(m.readCsr(0xb02)).toBe(m.instret);
  });

  it('software and timer both pending: MSI is taken first (priority MEI, MSI, MTI, SEI, SSI, STI)', async () => {
    const m = await trapRun([
      ...li(5, CLINT), addi(6, 0, 1), sw(6, 5, 0), ...li(5, CLINT + 0x4000), sw(0, 5, 0), sw(0, 5, 4),
      ...li(7, (1 << 7) | (1 << 3)), csrrs(0, 0x304, 7), csrrsi(0, MSTATUS, 8), jal(0, 0),
    ]);
    expect(m.readCsr(MCAUSE)).toBe(0x80000003);
  });

  it('vectored mtvec sends interrupt n to BASE + 4n', async () => {
    const m = await trapRun([csrrsi(0, MSTATUS, 8), jal(0, 0)], (m) => {
      m.writeCsr(0x305, M_HANDLER | 1);
      m.writeCsr(0x304, 1 << 1);
      m.writeCsr(0x344, 1 << 1); // SSIP, not delegated: an M-mode interrupt
    }, 2);
    expect(m.readCsr(MCAUSE)).toBe(0x80000001);
    expect(m.pc).toBe(M_HANDLER + 4);
  });

  it('a delegated supervisor interrupt is taken in S from U, never in M', async () => {
    const inM = await trapRun([jal(0, 0)], (m) => {
      m.writeCsr(0x303, 1 << 1); m.writeCsr(0x304, 1 << 1); m.writeCsr(0x344, 1 << 1);
      m.writeCsr(MSTATUS, MIE_BIT | SIE_BIT);
    }, 5);
    expect(inM.pc).toBe(START);
    const inU = await trapRun([jal(0, 0)], (m) => {
      m.writeCsr(0x303, 1 << 1); m.writeCsr(0x304, 1 << 1); m.writeCsr(0x344, 1 << 1);
      m.priv = 0;
    }, 5);
    expect([inU.readCsr(SCAUSE), inU.readCsr(SEPC), inU.priv, inU.pc]).toEqual([0x80000001, START, 1, S_HANDLER]);
  });

  it.each([[1, 'SSI'], [5, 'STI'], [9, 'SEI']])('delegated interrupt %i (%s) from U enters S with SPIE/SPP stacked', async (irq) => {
    const m = await trapRun([jal(0, 0)], (m) => {
      m.writeCsr(0x303, 0x222); m.writeCsr(0x304, 1 << irq); m.writeCsr(0x344, 1 << irq); m.priv = 0;
    }, 1);
    expect([m.readCsr(SCAUSE), m.readCsr(SEPC), m.readCsr(STVAL), m.priv, m.pc])
      .toEqual([(0x80000000 | irq) >>> 0, START, 0, 1, S_HANDLER]);
    expect(m.readCsr(MSTATUS) & (SPP | SPIE | SIE_BIT)).toBe(0);
  });

  it('with several S-level interrupts pending the order is SEI, SSI, STI', async () => {
    const m = await trapRun([jal(0, 0)], (m) => {
      m.writeCsr(0x303, 0x222); m.writeCsr(0x304, 0x222); m.writeCsr(0x344, 0x222); m.priv = 0;
    }, 1);
    expect(m.readCsr(SCAUSE)).toBe(0x80000009);
    const m2 = await trapRun([jal(0, 0)], (m) => {
      m.writeCsr(0x303, 0x222); m.writeCsr(0x304, 0x222); m.writeCsr(0x344, 0x022); m.priv = 0;
    }, 1);
    expect(m2.readCsr(SCAUSE)).toBe(0x80000001);
  });

  it('WFI with only the timer able to wake skips time to mtimecmp', async () => {
    const m = await trapRun([
      ...li(5, CLINT + 0x4000), ...li(6, 100000), sw(6, 5, 0), sw(0, 5, 4),
      ...li(7, 1 << 7), csrrs(0, 0x304, 7), wfi(), csrrs(8, 0xc01, 0), jal(0, 0),
    ], () => {}, 11);
    // WFI ends at mtime = 100000 and then retires: one more tick.
    expect(m.getReg(8)).toBe(100001);
  });

  it('WFI that nothing can end stops the run', async () => {
    const m = await trapRun([wfi(), jal(0, 0)], () => {}, 0);
    expect(m.run({ maxInstructions: 10 })).toEqual({ kind: 'wfi' });
    expect(m.pc).toBe(START + 4);
  });
});

describe('hosted mode', () => {
  it('a trap into S-mode is taken and returned to the host', async () => {
    const m = await trapRun([addi(5, 0, 1), ecall()], (m) => {
      m.writeCsr(0x302, 1 << 8);
      m.priv = 0;
    }, 0, { hostTraps: true });
    expect(m.run({ maxInstructions: 10 })).toEqual({ kind: 'trap', cause: 8, tval: 0, epc: START + 4, fromPriv: 0 });
    expect([m.priv, m.pc, m.readCsr(SEPC)]).toEqual([1, S_HANDLER, START + 4]);
  });
});

// jalr x0, 0(x5)
const R_JALR5 = 0x00028067;

describe('CLINT registers', () => {
  const CLINT = 0x0200_0000;
  it('msip holds only bit 0; mtimecmp and mtime read back by halves; holes are access faults', async () => {
    const m = await trapRun([
      ...li(5, CLINT), addi(6, 0, -1), sw(6, 5, 0), 0x0002a383 /* lw x7,0(x5) */,
      ...li(5, CLINT + 0x4000), sw(6, 5, 4), 0x0042a403 /* lw x8,4(x5) */,
      ...li(5, CLINT + 0xbff8), 0x0002a483 /* lw x9,0(x5) */,
      ...li(5, CLINT + 0x8000), 0x0002a503 /* lw x10,0(x5) */,
    ], () => {}, 15);
    expect([m.getReg(7), m.getReg(8)]).toEqual([1, 0xffffffff]);
    expect(m.getReg(9)).toBe(11); // mtime = the 11 instructions retired before this lw
    expect([m.readCsr(MCAUSE), m.readCsr(MTVAL)]).toEqual([5, CLINT + 0x8000]);
  });
});

describe('hosted mode interrupts', () => {
  it('a delegated supervisor timer interrupt from U stops the run as a trap', async () => {
    const m = await trapRun([jal(0, 0)], (m) => {
      m.writeCsr(0x303, 1 << 5); m.writeCsr(0x304, 1 << 5); m.priv = 0;
    }, 0, { hostTraps: true });
    m.writeCsr(0x344, 1 << 5);
    expect(m.run({ maxInstructions: 5 })).toEqual({ kind: 'trap', cause: 0x80000005, tval: 0, epc: START, fromPriv: 0 });
    expect([m.priv, m.pc, m.readCsr(SCAUSE)]).toEqual([1, S_HANDLER, 0x80000005]);
  });
});
