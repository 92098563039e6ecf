// Control and status registers: storage, WARL rules, the S-mode views of
// mstatus/mie/mip, and the access checks of a CSR instruction.
//
// Choices the spec leaves open (documented in src/machine/README.md):
// - 16 PMP entries (mmu/pmp.ts): pmpcfg0-3 and pmpaddr0-15; the CSRs of
//   entries 16-63 (pmpcfg4-15, pmpaddr16-63) are read-only zero.
// - No triggers: tselect and tdata1-3 read as zero, writes are ignored.
// - No hpmcounters: mhpmcounter*/hpmcounter* are unimplemented (illegal).
// - mstatus.MPP written with 2 (reserved) keeps its previous value; an mtvec or
//   stvec write with MODE >= 2 is ignored.
// - menvcfgh.ADUE (Svadu) selects hardware A/D updating; its reset value is the
//   machine's `ad` option.
import {
  PRV_U, PRV_S, PRV_M, MISA_VALUE,
  MSTATUS_SIE, MSTATUS_MIE, MSTATUS_SPIE, MSTATUS_MPIE, MSTATUS_SPP, MSTATUS_MPP,
  MSTATUS_MPRV, MSTATUS_SUM, MSTATUS_MXR, MSTATUS_TVM, MSTATUS_TW, MSTATUS_TSR,
  MSTATUS_UBE, MSTATUS_VS, MSTATUS_FS, MSTATUS_XS, MSTATUS_SD, MSTATUS_MPP_SHIFT,
  MIP_SSIP, MIP_STIP, MIP_SEIP, MIP_MSIP, MIP_MTIP,
  CSR_SSTATUS, CSR_SIE, CSR_STVEC, CSR_SCOUNTEREN, CSR_SENVCFG, CSR_SSCRATCH, CSR_SEPC,
  CSR_SCAUSE, CSR_STVAL, CSR_SIP, CSR_SATP, CSR_MSTATUS, CSR_MISA, CSR_MEDELEG,
  CSR_MIDELEG, CSR_MIE, CSR_MTVEC, CSR_MCOUNTEREN, CSR_MENVCFG, CSR_MSTATUSH,
  CSR_MENVCFGH, CSR_MSCRATCH, CSR_MEPC, CSR_MCAUSE, CSR_MTVAL, CSR_MIP,
  CSR_PMPCFG0, CSR_PMPCFG3, CSR_PMPADDR0, CSR_PMPADDR15,
  CSR_TSELECT, CSR_TDATA1, CSR_TDATA2, CSR_TDATA3,
  CSR_MCYCLE, CSR_MINSTRET, CSR_MCYCLEH, CSR_MINSTRETH,
  CSR_CYCLE, CSR_TIME, CSR_INSTRET, CSR_CYCLEH, CSR_TIMEH, CSR_INSTRETH,
  CSR_MVENDORID, CSR_MARCHID, CSR_MIMPID, CSR_MHARTID,
} from '../encoding';
import { priv, retired, recheckInterrupts } from './state';
import { msip, mtime, timerPending } from '../dev/clint';
import { fastFlush } from '../mmu/fast';
import { resetPmp, pmpcfgRead, pmpcfgWrite, pmpaddrRead, pmpaddrWrite } from '../mmu/pmp';

const MSTATUS_WRITABLE: u32 = MSTATUS_SIE | MSTATUS_MIE | MSTATUS_SPIE | MSTATUS_MPIE |
  MSTATUS_SPP | MSTATUS_MPP | MSTATUS_MPRV | MSTATUS_SUM | MSTATUS_MXR |
  MSTATUS_TVM | MSTATUS_TW | MSTATUS_TSR;
const SSTATUS_VISIBLE: u32 = MSTATUS_SIE | MSTATUS_SPIE | MSTATUS_UBE | MSTATUS_SPP |
  MSTATUS_VS | MSTATUS_FS | MSTATUS_XS | MSTATUS_SUM | MSTATUS_MXR | MSTATUS_SD;
const SSTATUS_WRITABLE: u32 = MSTATUS_SIE | MSTATUS_SPIE | MSTATUS_SPP | MSTATUS_SUM | MSTATUS_MXR;
// mstatus bits whose change alters how addresses translate.
const MSTATUS_TRANSLATION: u32 = MSTATUS_MPRV | MSTATUS_MPP | MSTATUS_SUM | MSTATUS_MXR;
const MIE_WRITABLE: u32 = 0xaaa; // SSIE MSIE STIE MTIE SEIE MEIE
const MIP_WRITABLE: u32 = MIP_SSIP | MIP_STIP | MIP_SEIP;
const MIDELEG_WRITABLE: u32 = MIP_SSIP | MIP_STIP | MIP_SEIP;
// Every defined exception but ECALL from M (read-only zero) and the reserved 10 and 14.
const MEDELEG_WRITABLE: u32 = 0xb3ff;
const COUNTEREN_WRITABLE: u32 = 7; // CY TM IR
const ENVCFG_FIOM: u32 = 1;
// The last PMP CSRs of the 64 entries the spec defines (encoding.ts has pmpcfg0..3, pmpaddr0..15).
const CSR_PMPCFG15: u32 = 0x3af;
const CSR_PMPADDR63: u32 = 0x3ef;
export const MENVCFGH_ADUE: u32 = 1 << 29; // menvcfg bit 61

export let mstatus: u32 = 0;
export let medeleg: u32 = 0;
export let mideleg: u32 = 0;
export let mie: u32 = 0;
export let mipWritten: u32 = 0; // SSIP/STIP/SEIP as written by software
export let mtvec: u32 = 0;
export let mscratch: u32 = 0;
export let mepc: u32 = 0;
export let mcause: u32 = 0;
export let mtval: u32 = 0;
export let stvec: u32 = 0;
export let sscratch: u32 = 0;
export let sepc: u32 = 0;
export let scause: u32 = 0;
export let stval: u32 = 0;
export let satp: u32 = 0;
export let mcounteren: u32 = 0;
export let scounteren: u32 = 0;
export let menvcfg: u32 = 0;
export let menvcfgh: u32 = 0;
export let senvcfg: u32 = 0;
let instretOffset: u64 = 0;
let cycleOffset: u64 = 0;

// Set by csrRead/csrWrite when the address is not an implemented CSR.
let csrMissing: bool = false;

/** mip as software sees it: written bits plus the CLINT's MSIP and MTIP. */
export function mip(): u32 {
  let v = mipWritten;
  if (msip != 0) v |= MIP_MSIP;
  if (timerPending()) v |= MIP_MTIP;
  return v;
}

export function resetCsrs(adUpdate: bool): void {
  mstatus = 0; medeleg = 0; mideleg = 0; mie = 0; mipWritten = 0;
  mtvec = 0; mscratch = 0; mepc = 0; mcause = 0; mtval = 0;
  stvec = 0; sscratch = 0; sepc = 0; scause = 0; stval = 0; satp = 0;
  mcounteren = 0; scounteren = 0; menvcfg = 0; senvcfg = 0;
  menvcfgh = adUpdate ? MENVCFGH_ADUE : 0;
  resetPmp();
  instretOffset = 0 - retired;
  cycleOffset = 0 - retired;
}

/**
 * Whether the current privilege may access CSR `addr` (write = the
 * instruction writes it). Unimplemented CSRs are caught by csrRead/csrWrite.
 */
export function csrAllowed(addr: u32, write: bool): bool {
  if (priv < ((addr >> 8) & 3)) return false;
  if (write && (addr >> 10) == 3) return false;
  if (addr == CSR_SATP && priv == PRV_S && (mstatus & MSTATUS_TVM) != 0) return false;
  if ((addr >= CSR_CYCLE && addr <= CSR_INSTRET) || (addr >= CSR_CYCLEH && addr <= CSR_INSTRETH)) {
    const bit: u32 = 1 << (addr & 0x1f);
    if (priv < PRV_M && (mcounteren & bit) == 0) return false;
    if (priv == PRV_U && (scounteren & bit) == 0) return false;
  }
  return true;
}

/** Did the last csrRead/csrWrite name an unimplemented CSR? */
export function csrWasMissing(): bool {
  const m = csrMissing;
  csrMissing = false;
  return m;
}

function instretValue(): u64 { return retired + instretOffset; }
function cycleValue(): u64 { return retired + cycleOffset; }

export function csrRead(addr: u32): u32 {
  switch (addr) {
    case CSR_SSTATUS: return mstatus & SSTATUS_VISIBLE;
    case CSR_SIE: return mie & mideleg;
    case CSR_STVEC: return stvec;
    case CSR_SCOUNTEREN: return scounteren;
    case CSR_SENVCFG: return senvcfg;
    case CSR_SSCRATCH: return sscratch;
    case CSR_SEPC: return sepc;
    case CSR_SCAUSE: return scause;
    case CSR_STVAL: return stval;
    case CSR_SIP: return mip() & mideleg;
    case CSR_SATP: return satp;
    case CSR_MSTATUS: return mstatus;
    case CSR_MISA: return MISA_VALUE;
    case CSR_MEDELEG: return medeleg;
    case CSR_MIDELEG: return mideleg;
    case CSR_MIE: return mie;
    case CSR_MTVEC: return mtvec;
    case CSR_MCOUNTEREN: return mcounteren;
    case CSR_MENVCFG: return menvcfg;
    case CSR_MENVCFGH: return menvcfgh;
    case CSR_MSTATUSH: return 0; // MBE = SBE = 0: little-endian everywhere
    case CSR_MSCRATCH: return mscratch;
    case CSR_MEPC: return mepc;
    case CSR_MCAUSE: return mcause;
    case CSR_MTVAL: return mtval;
    case CSR_MIP: return mip();
    case CSR_MCYCLE: case CSR_CYCLE: return <u32>cycleValue();
    case CSR_MCYCLEH: case CSR_CYCLEH: return <u32>(cycleValue() >> 32);
    case CSR_MINSTRET: case CSR_INSTRET: return <u32>instretValue();
    case CSR_MINSTRETH: case CSR_INSTRETH: return <u32>(instretValue() >> 32);
    case CSR_TIME: return <u32>mtime();
    case CSR_TIMEH: return <u32>(mtime() >> 32);
    case CSR_MVENDORID: case CSR_MARCHID: case CSR_MIMPID: case CSR_MHARTID:
    case CSR_TSELECT: case CSR_TDATA1: case CSR_TDATA2: case CSR_TDATA3:
      return 0;
  }
  if (addr >= CSR_PMPCFG0 && addr <= CSR_PMPCFG3) return pmpcfgRead(addr - CSR_PMPCFG0);
  if (addr >= CSR_PMPADDR0 && addr <= CSR_PMPADDR15) return pmpaddrRead(addr - CSR_PMPADDR0);
  if (isPmpCsr(addr)) return 0; // entries 16-63 are not implemented: read-only zero
  csrMissing = true;
  return 0;
}

/** pmpcfg0-15 and pmpaddr0-63: the CSRs of the spec's 64 PMP entries. */
function isPmpCsr(addr: u32): bool {
  return (addr >= CSR_PMPCFG0 && addr <= CSR_PMPCFG15) || (addr >= CSR_PMPADDR0 && addr <= CSR_PMPADDR63);
}

/**
 * Writes CSR `addr` applying its WARL rules. `byInstruction`: the write is
 * made by a CSR instruction that is about to retire, so a counter is set to
 * v - 1 and reads back as v once that instruction has been counted.
 */
export function csrWrite(addr: u32, v: u32, byInstruction: bool): void {
  const retiring: u64 = byInstruction ? 1 : 0;
  switch (addr) {
    case CSR_SSTATUS: writeMstatus((mstatus & ~SSTATUS_WRITABLE) | (v & SSTATUS_WRITABLE)); return;
    case CSR_SIE: mie = (mie & ~mideleg) | (v & mideleg); recheckInterrupts(); return;
    case CSR_STVEC: stvec = legalTvec(stvec, v); return;
    case CSR_SCOUNTEREN: scounteren = v & COUNTEREN_WRITABLE; return;
    case CSR_SENVCFG: senvcfg = v & ENVCFG_FIOM; return;
    case CSR_SSCRATCH: sscratch = v; return;
    case CSR_SEPC: sepc = v & ~1; return;
    case CSR_SCAUSE: scause = v; return;
    case CSR_STVAL: stval = v; return;
    case CSR_SIP: {
      const m = mideleg & MIP_SSIP; // only SSIP is writable through sip
      mipWritten = (mipWritten & ~m) | (v & m);
      recheckInterrupts();
      return;
    }
    case CSR_SATP: satp = v; fastFlush(); return;
    case CSR_MSTATUS: writeMstatus(v); return;
    case CSR_MEDELEG: medeleg = v & MEDELEG_WRITABLE; return;
    case CSR_MIDELEG: mideleg = v & MIDELEG_WRITABLE; recheckInterrupts(); return;
    case CSR_MIE: mie = v & MIE_WRITABLE; recheckInterrupts(); return;
    case CSR_MTVEC: mtvec = legalTvec(mtvec, v); return;
    case CSR_MCOUNTEREN: mcounteren = v & COUNTEREN_WRITABLE; return;
    case CSR_MENVCFG: menvcfg = v & ENVCFG_FIOM; return;
    case CSR_MENVCFGH: menvcfgh = v & MENVCFGH_ADUE; fastFlush(); return;
    case CSR_MSCRATCH: mscratch = v; return;
    case CSR_MEPC: mepc = v & ~1; return;
    case CSR_MCAUSE: mcause = v; return;
    case CSR_MTVAL: mtval = v; return;
    case CSR_MIP: mipWritten = (mipWritten & ~MIP_WRITABLE) | (v & MIP_WRITABLE); recheckInterrupts(); return;
    case CSR_MCYCLE:
      cycleOffset = ((cycleValue() & 0xffffffff00000000) | <u64>v) - retired - retiring; return;
    case CSR_MCYCLEH:
      cycleOffset = ((cycleValue() & 0xffffffff) | (<u64>v << 32)) - retired - retiring; return;
    case CSR_MINSTRET:
      instretOffset = ((instretValue() & 0xffffffff00000000) | <u64>v) - retired - retiring; return;
    case CSR_MINSTRETH:
      instretOffset = ((instretValue() & 0xffffffff) | (<u64>v << 32)) - retired - retiring; return;
    case CSR_MISA: case CSR_MSTATUSH:
    case CSR_TSELECT: case CSR_TDATA1: case CSR_TDATA2: case CSR_TDATA3:
      return; // WARL fields with a single legal value
    case CSR_MVENDORID: case CSR_MARCHID: case CSR_MIMPID: case CSR_MHARTID:
    case CSR_CYCLE: case CSR_TIME: case CSR_INSTRET: case CSR_CYCLEH: case CSR_TIMEH: case CSR_INSTRETH:
      return; // read-only: only the host can get here
  }
  if (isPmpCsr(addr)) { writePmp(addr, v); return; }
  csrMissing = true;
}

/**
 * A PMP CSR write: what translates is unchanged but what may be accessed is
 * not, so the fast caches (which hold only pages PMP allowed) are dropped.
 */
function writePmp(addr: u32, v: u32): void {
  if (addr >= CSR_PMPCFG0 && addr <= CSR_PMPCFG3) pmpcfgWrite(addr - CSR_PMPCFG0, v);
  else if (addr >= CSR_PMPADDR0 && addr <= CSR_PMPADDR15) pmpaddrWrite(addr - CSR_PMPADDR0, v);
  else return; // entries 16-63: read-only zero
  fastFlush();
}

/** Writes mstatus applying the WARL rules (also used by trap entry and xRET). */
export function writeMstatus(v: u32): void {
  let next = (mstatus & ~MSTATUS_WRITABLE) | (v & MSTATUS_WRITABLE);
  if (((next & MSTATUS_MPP) >> MSTATUS_MPP_SHIFT) == 2) {
    next = (next & ~MSTATUS_MPP) | (mstatus & MSTATUS_MPP);
  }
  if (((next ^ mstatus) & MSTATUS_TRANSLATION) != 0) fastFlush();
  mstatus = next;
  recheckInterrupts();
}

function legalTvec(old: u32, v: u32): u32 {
  return (v & 3) >= 2 ? old : v;
}
