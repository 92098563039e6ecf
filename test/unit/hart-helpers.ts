// Instruction encoders written from the unprivileged spec's base formats, and
// a tiny harness that runs hand-encoded code on a fresh Machine.
import { Machine, RAM_BASE, openPmpForSupervisor, type MachineOptions } from '../../src/machine/index.js';
import { EM_RISCV, PT_LOAD, STB_GLOBAL, type ElfFile } from '../../src/elf/index.js';

export const R = (f7: number, rs2: number, rs1: number, f3: number, rd: number, op: number): number =>
  ((f7 << 25) | (rs2 << 20) | (rs1 << 15) | (f3 << 12) | (rd << 7) | op) >>> 0;
export const I = (imm: number, rs1: number, f3: number, rd: number, op: number): number =>
  (((imm & 0xfff) << 20) | (rs1 << 15) | (f3 << 12) | (rd << 7) | op) >>> 0;
export const S = (imm: number, rs2: number, rs1: number, f3: number, op: number): number =>
  ((((imm >> 5) & 0x7f) << 25) | (rs2 << 20) | (rs1 << 15) | (f3 << 12) | ((imm & 31) << 7) | op) >>> 0;
export const B = (imm: number, rs2: number, rs1: number, f3: number): number =>
  ((((imm >> 12) & 1) << 31) | (((imm >> 5) & 0x3f) << 25) | (rs2 << 20) | (rs1 << 15) | (f3 << 12) |
    (((imm >> 1) & 0xf) << 8) | (((imm >> 11) & 1) << 7) | 0x63) >>> 0;
export const U = (imm: number, rd: number, op: number): number => ((imm & 0xfffff000) | (rd << 7) | op) >>> 0;
export const J = (imm: number, rd: number): number =>
  ((((imm >> 20) & 1) << 31) | (((imm >> 1) & 0x3ff) << 21) | (((imm >> 11) & 1) << 20) |
    (((imm >> 12) & 0xff) << 12) | (rd << 7) | 0x6f) >>> 0;

const OP = 0x33, OPI = 0x13, LOAD = 0x03, STORE = 0x23, SYSTEM = 0x73, AMO = 0x2f;
export const add = (d: number, a: number, b: number) => R(0, b, a, 0, d, OP);
export const sub = (d: number, a: number, b: number) => R(0x20, b, a, 0, d, OP);
export const sll = (d: number, a: number, b: number) => R(0, b, a, 1, d, OP);
export const slt = (d: number, a: number, b: number) => R(0, b, a, 2, d, OP);
export const sltu = (d: number, a: number, b: number) => R(0, b, a, 3, d, OP);
export const xor = (d: number, a: number, b: number) => R(0, b, a, 4, d, OP);
export const srl = (d: number, a: number, b: number) => R(0, b, a, 5, d, OP);
export const sra = (d: number, a: number, b: number) => R(0x20, b, a, 5, d, OP);
export const or = (d: number, a: number, b: number) => R(0, b, a, 6, d, OP);
export const and = (d: number, a: number, b: number) => R(0, b, a, 7, d, OP);
export const mul = (d: number, a: number, b: number) => R(1, b, a, 0, d, OP);
export const mulh = (d: number, a: number, b: number) => R(1, b, a, 1, d, OP);
export const mulhsu = (d: number, a: number, b: number) => R(1, b, a, 2, d, OP);
export const mulhu = (d: number, a: number, b: number) => R(1, b, a, 3, d, OP);
export const div = (d: number, a: number, b: number) => R(1, b, a, 4, d, OP);
export const divu = (d: number, a: number, b: number) => R(1, b, a, 5, d, OP);
export const rem = (d: number, a: number, b: number) => R(1, b, a, 6, d, OP);
export const remu = (d: number, a: number, b: number) => R(1, b, a, 7, d, OP);
export const addi = (d: number, a: number, imm: number) => I(imm, a, 0, d, OPI);
export const slti = (d: number, a: number, imm: number) => I(imm, a, 2, d, OPI);
export const sltiu = (d: number, a: number, imm: number) => I(imm, a, 3, d, OPI);
export const xori = (d: number, a: number, imm: number) => I(imm, a, 4, d, OPI);
export const ori = (d: number, a: number, imm: number) => I(imm, a, 6, d, OPI);
export const andi = (d: number, a: number, imm: number) => I(imm, a, 7, d, OPI);
export const slli = (d: number, a: number, sh: number) => I(sh, a, 1, d, OPI);
export const srli = (d: number, a: number, sh: number) => I(sh, a, 5, d, OPI);
export const srai = (d: number, a: number, sh: number) => I(0x400 | sh, a, 5, d, OPI);
export const lb = (d: number, a: number, imm: number) => I(imm, a, 0, d, LOAD);
export const lh = (d: number, a: number, imm: number) => I(imm, a, 1, d, LOAD);
export const lw = (d: number, a: number, imm: number) => I(imm, a, 2, d, LOAD);
export const lbu = (d: number, a: number, imm: number) => I(imm, a, 4, d, LOAD);
export const lhu = (d: number, a: number, imm: number) => I(imm, a, 5, d, LOAD);
export const sb = (src: number, a: number, imm: number) => S(imm, src, a, 0, STORE);
export const sh = (src: number, a: number, imm: number) => S(imm, src, a, 1, STORE);
export const sw = (src: number, a: number, imm: number) => S(imm, src, a, 2, STORE);
export const beq = (a: number, b: number, off: number) => B(off, b, a, 0);
export const bne = (a: number, b: number, off: number) => B(off, b, a, 1);
export const blt = (a: number, b: number, off: number) => B(off, b, a, 4);
export const bge = (a: number, b: number, off: number) => B(off, b, a, 5);
export const bltu = (a: number, b: number, off: number) => B(off, b, a, 6);
export const bgeu = (a: number, b: number, off: number) => B(off, b, a, 7);
export const jal = (d: number, off: number) => J(off, d);
export const jalr = (d: number, a: number, imm: number) => I(imm, a, 0, d, 0x67);
export const lui = (d: number, imm: number) => U(imm, d, 0x37);
export const auipc = (d: number, imm: number) => U(imm, d, 0x17);
export const ecall = () => 0x00000073;
export const ebreak = () => 0x00100073;
export const sret = () => 0x10200073;
export const mret = () => 0x30200073;
export const wfi = () => 0x10500073;
export const fence = () => 0x0ff0000f;
export const fenceI = () => 0x0000100f;
export const sfenceVma = (a: number, b: number) => R(0x09, b, a, 0, 0, SYSTEM);
export const csrrw = (d: number, csr: number, a: number) => I(csr, a, 1, d, SYSTEM);
export const csrrs = (d: number, csr: number, a: number) => I(csr, a, 2, d, SYSTEM);
export const csrrc = (d: number, csr: number, a: number) => I(csr, a, 3, d, SYSTEM);
export const csrrwi = (d: number, csr: number, u: number) => I(csr, u, 5, d, SYSTEM);
export const csrrsi = (d: number, csr: number, u: number) => I(csr, u, 6, d, SYSTEM);
export const csrrci = (d: number, csr: number, u: number) => I(csr, u, 7, d, SYSTEM);
const amo = (f5: number) => (d: number, src: number, a: number) => R(f5 << 2, src, a, 2, d, AMO);
export const lrW = (d: number, a: number) => R(0x02 << 2, 0, a, 2, d, AMO);
export const scW = amo(0x03);
export const amoswapW = amo(0x01);
export const amoaddW = amo(0x00);
export const amoxorW = amo(0x04);
export const amoandW = amo(0x0c);
export const amoorW = amo(0x08);
export const amominW = amo(0x10);
export const amomaxW = amo(0x14);
export const amominuW = amo(0x18);
export const amomaxuW = amo(0x1c);

/** lui+addi loading any 32-bit value. */
export function li(d: number, v: number): number[] {
  const lo = ((v & 0xfff) << 20) >> 20;
  const hi = (v - lo) >>> 0;
  return [lui(d, hi), addi(d, d, lo)];
}

export const TOHOST = RAM_BASE + 0xf000;

/** Stores `code` to tohost (exit status code): x31 and x30 are clobbered. */
export function exit(code: number): number[] {
  return [...li(31, (code << 1) | 1), ...li(30, TOHOST), sw(31, 30, 0), sw(0, 30, 4)];
}

/** Little-endian bytes of 32-bit words (and 16-bit halves given as {half}). */
export function bytesOf(code: (number | { half: number })[]): Uint8Array {
  const out: number[] = [];
  for (const w of code) {
    if (typeof w === 'number') out.push(w & 0xff, (w >>> 8) & 0xff, (w >>> 16) & 0xff, w >>> 24);
    else out.push(w.half & 0xff, (w.half >>> 8) & 0xff);
  }
  return Uint8Array.from(out);
}

/** A bare-metal ELF (as readElf would return it) holding code at RAM_BASE and a tohost symbol. */
export function elfOf(code: (number | { half: number })[]): ElfFile {
  const data = bytesOf(code);
  const sym = (name: string, value: number) => ({ name, value, size: 8, type: 1, bind: STB_GLOBAL, sectionIndex: 1 });
  return {
    bits: 32, type: 2, machine: EM_RISCV, flags: 0, entry: RAM_BASE,
    segments: [{ type: PT_LOAD, flags: 7, offset: 0, vaddr: RAM_BASE, paddr: RAM_BASE, filesz: data.length,
      memsz: data.length, align: 4, data }],
    sections: [],
    symbols: [sym('tohost', TOHOST), sym('fromhost', TOHOST + 8)],
  };
}

export { CSR_PMPADDR0, CSR_PMPCFG0 } from '../../src/machine/firmware.js';

/** openPmpForSupervisor (what firmware does before entering S-mode), returning the machine. */
export function openPmp(m: Machine): Machine {
  openPmpForSupervisor(m);
  return m;
}

/** A fresh machine with PMP open for S and U (openPmp). */
export async function machine(options: MachineOptions = {}): Promise<Machine> {
  return openPmp(await Machine.create({ ramBytes: 1 << 20, ...options }));
}

/** Loads code at RAM_BASE on a fresh machine and runs it (default: until exit, max 10k instructions). */
export async function runCode(code: (number | { half: number })[], options: MachineOptions = {},
  maxInstructions = 10_000): Promise<Machine> {
  const m = await machine(options);
  m.loadBareMetal(elfOf(code));
  openPmp(m);
  m.run({ maxInstructions });
  return m;
}

export const M_HANDLER = RAM_BASE + 0x400;
export const S_HANDLER = RAM_BASE + 0x500;
export const START = RAM_BASE + 0x1000;

/**
 * A machine with self-looping trap handlers at M_HANDLER (mtvec) and
 * S_HANDLER (stvec) and `code` at START; `setup` may change anything before
 * it runs `steps` instructions.
 */
export async function trapRun(code: (number | { half: number })[], setup: (m: Machine) => void = () => {},
  steps = 200, options: MachineOptions = {}): Promise<Machine> {
  const m = await machine(options);
  const zeros = (bytes: number) => Array.from({ length: bytes / 4 }, () => 0);
  m.loadBareMetal(elfOf([
    ...zeros(M_HANDLER - RAM_BASE), jal(0, 0), ...zeros(S_HANDLER - M_HANDLER - 4), jal(0, 0),
    ...zeros(START - S_HANDLER - 4), ...code,
  ]));
  openPmp(m);
  m.writeCsr(0x305, M_HANDLER);
  m.writeCsr(0x105, S_HANDLER);
  m.pc = START;
  setup(m);
  m.run({ maxInstructions: steps });
  return m;
}

// Sv32 page-table building for MMU tests.
export const PTE_V = 1, PTE_R = 2, PTE_W = 4, PTE_X = 8, PTE_U = 16, PTE_G = 32, PTE_A = 64, PTE_D = 128;
export const ROOT = RAM_BASE + 0x10000;

/** Builds Sv32 page tables in guest RAM: the root (default ROOT), further tables allocated after it. */
export class PageTables {
  private next: number;
  constructor(private readonly m: Machine, readonly root = ROOT) {
    this.next = root + 0x1000;
  }

  satp(asid = 0): number {
    return ((1 << 31) | (asid << 22) | (this.root >>> 12)) >>> 0;
  }

  /** Maps the 4 KiB page at va to pa with PTE flags (V added). */
  map4k(va: number, pa: number, flags: number): number {
    const l1 = this.root + ((va >>> 22) & 0x3ff) * 4;
    let pte = this.read(l1);
    if ((pte & PTE_V) === 0) {
      pte = ((this.next >>> 12) << 10) | PTE_V;
      this.write(l1, pte);
      this.next += 0x1000;
    }
    const table = ((pte >>> 10) << 12) >>> 0;
    const addr = table + ((va >>> 12) & 0x3ff) * 4;
    this.write(addr, (((pa >>> 12) << 10) | flags | PTE_V) >>> 0);
    return addr;
  }

  /** Maps a 4 MiB megapage (level-1 leaf); `pa` need not be aligned (to test misaligned superpages). */
  map4m(va: number, pa: number, flags: number): number {
    const addr = this.root + ((va >>> 22) & 0x3ff) * 4;
    this.write(addr, (((pa >>> 12) << 10) | flags | PTE_V) >>> 0);
    return addr;
  }

  read(pa: number): number {
    return new DataView(this.m.readPhys(pa, 4).buffer).getUint32(0, true);
  }

  write(pa: number, v: number): void {
    const b = new Uint8Array(4);
    new DataView(b.buffer).setUint32(0, v >>> 0, true);
    this.m.writePhys(pa, b);
  }
}
