// Physical Memory Protection: the privileged spec's "Physical Memory
// Protection" section, for 16 entries.
//
// Choices the spec leaves open (documented in src/machine/README.md):
// - 16 entries (pmpcfg0-3, pmpaddr0-15); grain G = 0 (4 bytes): NA4 is
//   selectable and every pmpaddr bit is writable and reads back as written.
// - pmpcfg bits 6:5 read as zero; the reserved R=0 W=1 combination is stored
//   with W cleared (X, A and L as written): W cannot be granted without R.
// - No Smepmp (mseccfg).
// - Checked on every access that is not served by a fast cache; the fast
//   caches (fast.ts) only hold pages PMP allows whole, and are flushed by every
//   PMP CSR write. The modeled TLB caches translations only, never PMP results
//   (the spec lets PMP be checked at any point up to the access itself).
import { PRV_M, PRV_S, ACCESS_FETCH, ACCESS_LOAD, ACCESS_STORE, PAGE_SIZE, RAM_BASE } from '../encoding';
import { ramBytes, ramHostWithinPage } from '../mem/phys';

const PMP_ENTRIES: u32 = 16;
const PHYSICAL_END: u64 = <u64>1 << 34; // Sv32's 34-bit physical addresses

// The fields of an 8-bit pmpNcfg.
const PMP_R: u32 = 0x01;
const PMP_W: u32 = 0x02;
const PMP_X: u32 = 0x04;
const PMP_A: u32 = 0x18;
const PMP_A_SHIFT: u32 = 3;
const PMP_L: u32 = 0x80;
const PMPCFG_WRITABLE: u32 = PMP_L | PMP_A | PMP_X | PMP_W | PMP_R;

// Address-matching modes (pmpcfg.A; 0 is OFF).
const PMP_A_TOR: u32 = 1;
const PMP_A_NA4: u32 = 2;
const PMP_A_NAPOT: u32 = 3;

// The registers, and each entry's region decoded from them as physical byte
// addresses [regionLo, regionHi); an entry that matches nothing (OFF, or TOR
// with pmpaddr[i-1] >= pmpaddr[i]) has regionLo = regionHi = 0.
// (Array literals: static data, so nothing is allocated at run time.)
const cfg: StaticArray<u8> = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];
const addr: StaticArray<u32> = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];
const regionLo: StaticArray<u64> = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];
const regionHi: StaticArray<u64> = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];

// True when a locked entry matches something: only then can an M-mode access
// fail, so M-mode accesses skip the entry scan otherwise.
let lockedRegions: bool = false;

// For each access type and privilege class (index access * 2 + 1 for M, + 0
// for S and U): a byte range inside which every access is allowed, so most
// checks are two compares instead of a scan. It is the region of the
// lowest-numbered entry that matches anything, when that entry grants the
// access (no lower entry can match inside it); else empty. Firmware's usual
// first entry over all of memory makes it everything.
const allowedLo: StaticArray<u64> = [0, 0, 0, 0, 0, 0];
const allowedHi: StaticArray<u64> = [0, 0, 0, 0, 0, 0];

// RAM's size when S-mode may read all of RAM, else 0: pteHost() then needs
// one compare (the walker reads PTEs as S-mode loads).
let ramReadableByS: u64 = 0;

/** Reset: every entry OFF and unlocked, every pmpaddr zero. */
export function resetPmp(): void {
  for (let i: u32 = 0; i < PMP_ENTRIES; i++) {
    unchecked(cfg[i] = 0);
    unchecked(addr[i] = 0);
  }
  decodeRegions();
}

@inline function modeOf(c: u32): u32 {
  return (c & PMP_A) >> PMP_A_SHIFT;
}

@inline function isLocked(i: u32): bool {
  return (<u32>unchecked(cfg[i]) & PMP_L) != 0;
}

/** pmpcfgN (RV32: entries 4N..4N+3, one byte each, entry 4N in bits 7:0). */
export function pmpcfgRead(n: u32): u32 {
  let v: u32 = 0;
  for (let k: u32 = 0; k < 4; k++) v |= (<u32>unchecked(cfg[n * 4 + k])) << (k * 8);
  return v;
}

/** Writes pmpcfgN: a locked entry's byte keeps its value. */
export function pmpcfgWrite(n: u32, v: u32): void {
  for (let k: u32 = 0; k < 4; k++) {
    const i = n * 4 + k;
    if (isLocked(i)) continue;
    unchecked(cfg[i] = <u8>legalCfg((v >>> (k * 8)) & 0xff));
  }
  decodeRegions();
}

/** The WARL rules of one pmpNcfg byte: bits 6:5 are zero, R=0 W=1 is reserved. */
function legalCfg(c: u32): u32 {
  let legal = c & PMPCFG_WRITABLE;
  if ((legal & (PMP_R | PMP_W)) == PMP_W) legal &= ~PMP_W;
  return legal;
}

export function pmpaddrRead(i: u32): u32 {
  return unchecked(addr[i]);
}

/**
 * Writes pmpaddrI (bits 33:2 of a physical address; G = 0, so all bits are
 * writable). Ignored when entry i is locked, and when entry i+1 is locked
 * and uses it as the bottom of its TOR range.
 */
export function pmpaddrWrite(i: u32, v: u32): void {
  if (isLocked(i)) return;
  if (i + 1 < PMP_ENTRIES && isLocked(i + 1) && modeOf(unchecked(cfg[i + 1])) == PMP_A_TOR) return;
  unchecked(addr[i] = v);
  decodeRegions();
}

/** Recomputes every entry's byte range from pmpcfg and pmpaddr. */
function decodeRegions(): void {
  lockedRegions = false;
  for (let i: u32 = 0; i < PMP_ENTRIES; i++) {
    const c = <u32>unchecked(cfg[i]);
    const a = <u64>unchecked(addr[i]);
    let lo: u64 = 0;
    let hi: u64 = 0;
    const mode = modeOf(c);
    if (mode == PMP_A_TOR) {
      lo = i == 0 ? 0 : (<u64>unchecked(addr[i - 1])) << 2;
      hi = a << 2;
    } else if (mode == PMP_A_NA4) {
      lo = a << 2;
      hi = lo + 4;
    } else if (mode == PMP_A_NAPOT) {
      // pmpaddr = y..y0 followed by t ones: 2^(t+3) bytes at y..y0 followed by t+3 zeros.
      const t = <u64>ctz(~<u32>a); // 32 when pmpaddr is all ones: the whole 2^35-byte space
      const words: u64 = (<u64>1) << (t + 1);
      lo = (a & ~(words - 1)) << 2;
      hi = lo + (words << 2);
    }
    if (lo >= hi) { lo = 0; hi = 0; } // OFF, or a TOR range that matches no address
    unchecked(regionLo[i] = lo);
    unchecked(regionHi[i] = hi);
    if (hi != 0 && (c & PMP_L) != 0) lockedRegions = true;
  }
  decodeAllowedRanges();
}

/** Recomputes allowedLo/allowedHi from the decoded regions. */
function decodeAllowedRanges(): void {
  let first = PMP_ENTRIES; // the lowest-numbered entry that matches anything
  for (let i: u32 = PMP_ENTRIES; i > 0; i--) if (unchecked(regionHi[i - 1]) != 0) first = i - 1;
  for (let access: u32 = ACCESS_FETCH; access <= ACCESS_STORE; access++) {
    for (let machine: u32 = 0; machine < 2; machine++) {
      const k = access * 2 + machine;
      let lo: u64 = 0;
      let hi: u64 = 0;
      if (first < PMP_ENTRIES && entryAllows(first, access, machine == 1 ? PRV_M : PRV_S)) {
        lo = unchecked(regionLo[first]);
        hi = unchecked(regionHi[first]);
      }
      unchecked(allowedLo[k] = lo);
      unchecked(allowedHi[k] = hi);
    }
  }
  const sLoads = ACCESS_LOAD * 2;
  const end = <u64>RAM_BASE + <u64>ramBytes;
  const all = unchecked(allowedLo[sLoads]) <= <u64>RAM_BASE && end <= unchecked(allowedHi[sLoads]);
  ramReadableByS = all ? <u64>ramBytes : 0;
}

/** The pmpcfg bit that grants `access` (fetch X, load R, store or AMO W). */
@inline function permissionBit(access: u32): u32 {
  return access == ACCESS_FETCH ? PMP_X : access == ACCESS_LOAD ? PMP_R : PMP_W;
}

/**
 * Whether PMP allows an access of `size` bytes at physical address pa (the
 * bytes must not wrap past 2^34) by privilege effPriv. The lowest-numbered
 * entry that matches any byte decides; it must match every byte, else the
 * access fails. With no match, M-mode succeeds and S/U-mode fails.
 */
@inline export function pmpCheck(pa: u64, size: u32, access: u32, effPriv: u32): bool {
  const k = allowedIndex(access, effPriv);
  if (k < 0) return true;
  if (pa >= unchecked(allowedLo[k]) && pa + <u64>size <= unchecked(allowedHi[k])) return true;
  return pmpScan(pa, <u64>size, access, effPriv);
}

/** Where allowedLo/allowedHi keep `access` by effPriv, or -1: M-mode with no locked entry, which nothing can deny. */
@inline function allowedIndex(access: u32, effPriv: u32): i32 {
  if (effPriv == PRV_M && !lockedRegions) return -1;
  return <i32>(access * 2 + (effPriv == PRV_M ? 1 : 0));
}

/**
 * The range [pmpAllowedLo, pmpAllowedHi) of physical addresses inside which
 * PMP allows every `access` by effPriv without a scan (pmpCheck's two
 * compares); empty when lo >= hi. Addresses outside it may be allowed too.
 */
export function pmpAllowedLo(access: u32, effPriv: u32): u64 {
  const k = allowedIndex(access, effPriv);
  return k < 0 ? 0 : unchecked(allowedLo[k]);
}

export function pmpAllowedHi(access: u32, effPriv: u32): u64 {
  const k = allowedIndex(access, effPriv);
  return k < 0 ? PHYSICAL_END : unchecked(allowedHi[k]);
}

/**
 * Whether the walker may read the PTE at pa without a PMP scan: it lies in
 * RAM and PMP lets S-mode read all of RAM (then its host address is
 * RAM_LOCATION + pa - RAM_BASE).
 */
@inline export function pteInReadableRam(pa: u64): bool {
  return pa - <u64>RAM_BASE < ramReadableByS;
}

/**
 * The host address of a PTE of `bytes` bytes at pa if the walker may read it
 * (it is in RAM and PMP allows it as an S-mode load), else 0: for a PTE
 * outside pteInReadableRam().
 */
export function pteHostChecked(pa: u64, bytes: u32): u32 {
  return pmpCheck(pa, bytes, ACCESS_LOAD, PRV_S) ? ramHostWithinPage(pa) : 0;
}

/**
 * Whether PMP allows `access` to every byte of the 4 KiB page at pagePa: the
 * fast caches hold only such pages. True exactly when the check of the whole
 * page as one access succeeds: then the deciding entry covers the page and no
 * lower entry touches it, so it decides every access inside the page too.
 */
@inline export function pmpAllowsPage(pagePa: u64, access: u32, effPriv: u32): bool {
  return pmpCheck(pagePa, PAGE_SIZE, access, effPriv);
}

function pmpScan(pa: u64, size: u64, access: u32, effPriv: u32): bool {
  const end = pa + size;
  for (let i: u32 = 0; i < PMP_ENTRIES; i++) {
    const lo = unchecked(regionLo[i]);
    const hi = unchecked(regionHi[i]);
    if (pa >= hi || end <= lo) continue; // no byte in [lo, hi)
    if (pa < lo || end > hi) return false; // only some bytes match
    return entryAllows(i, access, effPriv);
  }
  return effPriv == PRV_M;
}

/** Whether entry i, matching every byte of an access, lets it succeed. */
function entryAllows(i: u32, access: u32, effPriv: u32): bool {
  const c = <u32>unchecked(cfg[i]);
  if (effPriv == PRV_M && (c & PMP_L) == 0) return true;
  return (c & permissionBit(access)) != 0;
}
