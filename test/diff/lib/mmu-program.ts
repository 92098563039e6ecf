// Random Sv32 page tables and random accesses through them, as one
// privileged program (built on programs/priv-lib.S). The tables, 16 data
// pages and a code page sit at MMU_BASE (the .mmu section of link.ld), so
// their PTEs are computed here. A load, store or AMO runs in M-mode with
// MPRV = 1 and MPP = S or U (and random SUM and MXR), so it is translated
// with that privilege; a fetch is an MRET to the address in S or U, and the
// trap that follows lands in a per-step epilogue (mtvec). Every data word
// is an illegal instruction unique to its address (SYSTEM with rd != 0 and
// the page and offset in its fields); the code page holds ECALLs. The
// program prints, per access (one STEP each), the loaded value or the trap,
// and at the end every PTE (with the A and D bits the hart set) and a
// checksum of every page.
//
// Chosen to keep both harts' behaviour defined by the spec alone: an access
// crosses into the next page only through leaves whose A and D are already
// set; stores never reach a page table (a PTE changed under a TLB may
// legally stay stale); non-leaf PTEs always point at a table in RAM.
import { Rng } from './rng.js';
import { ECALL, hex } from './guest-asm.js';

const MMU_BASE = 0x8040_0000;
const ROOT = MMU_BASE;
const L0_TABLES = 4;
const l0Table = (i: number): number => MMU_BASE + 0x1000 * (1 + i);
const DATA_PAGES = 16;
const FIRST_DATA_PAGE = 1 + L0_TABLES; // page index within the region
const dataPage = (i: number): number => MMU_BASE + 0x1000 * (FIRST_DATA_PAGE + i);
/** The page after the data pages: all ECALL; stores never reach it. */
const CODE_PAGE = dataPage(DATA_PAGES);
/** Root entries 0x100.. map VA 0x4000_0000 + k * 4 MiB. */
const FIRST_VPN1 = 0x100;
const MAPPED_MEGAPAGES = 8;
/** Second-level entries that accesses use: the same index as the data page a megapage would reach. */
const FIRST_VPN0 = FIRST_DATA_PAGE;

const PTE_V = 0x01, PTE_R = 0x02, PTE_W = 0x04, PTE_X = 0x08, PTE_U = 0x10, PTE_G = 0x20, PTE_A = 0x40, PTE_D = 0x80;
const MSTATUS_MPRV = 1 << 17, MSTATUS_SUM = 1 << 18, MSTATUS_MXR = 1 << 19, MSTATUS_MPP_S = 1 << 11;
const SATP_SV32 = 0x8000_0000;
/** A physical page with nothing behind it (leaves pointing there must access-fault). */
const NO_MEMORY_PPN = 0x10;

const LOADS = [['lw', 4], ['lh', 2], ['lhu', 2], ['lb', 1], ['lbu', 1]] as const;
const STORES = [['sw', 4], ['sh', 2], ['sb', 1]] as const;
const AMOS = ['amoswap.w', 'amoadd.w', 'amoor.w', 'amomaxu.w'] as const;

export interface Access {
  op: string;
  size: 1 | 2 | 4;
  va: number;
  value: number;
  mstatus: number;
}

export interface MmuProgram {
  root: number[]; // entries FIRST_VPN1 .. FIRST_VPN1 + MAPPED_MEGAPAGES - 1
  l0: number[][]; // per table, entries FIRST_VPN0 .. FIRST_VPN0 + DATA_PAGES - 1
  accesses: Access[];
}

/** Random leaf permission and status bits, V set nine times in ten. */
function leafFlags(rng: Rng): number {
  let flags = rng.chance(0.9) ? PTE_V : 0;
  for (const bit of [PTE_R, PTE_W, PTE_X, PTE_U, PTE_G, PTE_A, PTE_D]) if (rng.chance(0.5)) flags |= bit;
  if ((flags & (PTE_R | PTE_W | PTE_X)) === 0) flags |= rng.pick([PTE_R, PTE_X, PTE_W]); // a leaf, not a pointer
  return flags | (rng.next() & 0x300); // RSW bits: ignored by hardware
}

function rootEntry(rng: Rng): number {
  const r = rng.int(0, 9);
  if (r < 5) return ((l0Table(rng.int(0, L0_TABLES - 1)) / 4096) << 10 | PTE_V) >>> 0; // pointer
  if (r < 8) return (((MMU_BASE / 4096) << 10) | leafFlags(rng)) >>> 0; // megapage over the region
  if (r < 9) return ((((MMU_BASE / 4096) + rng.int(1, 1023)) << 10) | leafFlags(rng)) >>> 0; // misaligned megapage
  return 0;
}

function l0Entry(rng: Rng): number {
  const r = rng.int(0, 19);
  if (r < 4) return (((CODE_PAGE / 4096) << 10) | leafFlags(rng)) >>> 0;
  if (r < 15) return (((dataPage(rng.int(0, DATA_PAGES - 1)) / 4096) << 10) | leafFlags(rng)) >>> 0;
  if (r < 17) return ((l0Table(0) / 4096) << 10 | PTE_V) >>> 0; // a pointer at level 0: page fault
  if (r < 18) return ((NO_MEMORY_PPN << 10) | leafFlags(rng)) >>> 0;
  return 0;
}

/** The leaf PTE the tables give `va` (ignoring A/D updates), or undefined if the walk stops earlier. */
function leafFor(root: number[], l0: number[][], va: number): number | undefined {
  const pte = root[(va >>> 22) - FIRST_VPN1]!;
  if ((pte & PTE_V) === 0) return undefined;
  if ((pte & (PTE_R | PTE_W | PTE_X)) !== 0) return pte;
  const table = (pte >>> 10) * 4096;
  return l0[(table - l0Table(0)) / 4096]![((va >>> 12) & 0x3ff) - FIRST_VPN0];
}

/**
 * Whether QEMU 7.2 could leave different A/D bits than the spec after an AMO
 * through `leaf`: it performs the AMO's load half first, which may succeed
 * (and set A) on a leaf that is readable but not writable, or fault on a
 * leaf with no memory behind it before the store half sets D. Such AMOs are
 * not generated (see known-differences.ts).
 */
function qemuAmoAdDiffers(leaf: number | undefined): boolean {
  if (leaf === undefined || (leaf & PTE_V) === 0) return false;
  const readOnly = (leaf & PTE_W) === 0 && (leaf & (PTE_R | PTE_X)) !== 0;
  return readOnly || leaf >>> 10 === NO_MEMORY_PPN;
}

/**
 * Whether the leaf certainly lets a load (or store) with this mstatus (MPRV's
 * MPP and SUM) through to memory, changing nothing in the PTE: valid,
 * readable (writable), A (and D) set, the U bit right, memory behind it.
 */
function certainlyAllowed(leaf: number | undefined, megapage: boolean, store: boolean, mstatus: number): boolean {
  if (leaf === undefined || (leaf & PTE_V) === 0 || (leaf & PTE_R) === 0 || (leaf & PTE_A) === 0) return false;
  if (store && (leaf & (PTE_W | PTE_D)) !== (PTE_W | PTE_D)) return false;
  const user = (mstatus & MSTATUS_MPP_S) === 0;
  if (user ? (leaf & PTE_U) === 0 : (leaf & PTE_U) !== 0 && (mstatus & MSTATUS_SUM) === 0) return false;
  if (megapage && ((leaf >>> 10) & 0x3ff) !== 0) return false; // misaligned megapage
  return leaf >>> 10 !== NO_MEMORY_PPN;
}

/**
 * Whether a misaligned access across two pages has one spec-defined outcome:
 * when both parts fault with the same cause, which part's address mtval
 * holds is the implementation's choice (and for a page fault against an
 * access fault QEMU 7.2 breaks the priority rule: known-differences.ts), and
 * so is whether a part that succeeds sets A/D when the other faults. So one
 * part must certainly succeed, and every valid leaf already has A and D set.
 */
function crossingIsDefined(root: number[], l0: number[][], va: number, size: number, store: boolean, mstatus: number): boolean {
  const parts = [va, va + size - 1];
  const megapage = (a: number): boolean => (root[(a >>> 22) - FIRST_VPN1]! & (PTE_R | PTE_W | PTE_X)) !== 0;
  const leaves = parts.map((a) => leafFor(root, l0, a));
  const adSet = leaves.every((leaf) => leaf === undefined || (leaf & PTE_V) === 0 ||
    (leaf & (PTE_R | PTE_W | PTE_X)) === 0 || (leaf & (PTE_A | PTE_D)) === (PTE_A | PTE_D));
  return adSet && parts.some((a, i) => certainlyAllowed(leaves[i], megapage(a), store, mstatus));
}

/** Whether an access at va would reach the code page (stores must not). */
function reachesCodePage(root: number[], l0: number[][], va: number): boolean {
  const leaf = leafFor(root, l0, va);
  if (leaf === undefined) return false;
  const megapage = (root[(va >>> 22) - FIRST_VPN1]! & (PTE_R | PTE_W | PTE_X)) !== 0;
  const pa = megapage ? (leaf >>> 10) * 4096 + (va & 0x3f_ffff) : (leaf >>> 10) * 4096;
  return pa >>> 12 === CODE_PAGE >>> 12;
}

/** A fetch: MRET in S or U to a word-aligned address, the code page's megapage offset included. */
function randomFetch(rng: Rng): Access {
  const va = 0x4000_0000 + (rng.int(0, MAPPED_MEGAPAGES - 1) << 22) + ((FIRST_VPN0 + rng.int(0, DATA_PAGES)) << 12) +
    rng.int(0, 1023) * 4;
  let mstatus = rng.chance(0.5) ? MSTATUS_MPP_S : 0;
  if (rng.chance(0.4)) mstatus |= MSTATUS_SUM; // no effect on fetches, which is the point
  if (rng.chance(0.3)) mstatus |= MSTATUS_MXR;
  return { op: 'fetch', size: 4, va, value: 0, mstatus };
}

/** The load a store or AMO (4 bytes, aligned) becomes when it would write the code page. */
const LOAD_OF: Readonly<Record<string, string>> = { sw: 'lw', sh: 'lh', sb: 'lb' };
const loadOf = (op: string): string => LOAD_OF[op] ?? 'lw';

function randomAccess(rng: Rng, root: number[], l0: number[][]): Access {
  if (rng.chance(0.15)) return randomFetch(rng);
  const kind = rng.int(0, 9);
  const [op, size] = kind < 5 ? rng.pick(LOADS) : kind < 8 ? rng.pick(STORES) : [rng.pick(AMOS), 4] as const;
  let mstatus = MSTATUS_MPRV | (rng.chance(0.5) ? MSTATUS_MPP_S : 0);
  if (rng.chance(0.4)) mstatus |= MSTATUS_SUM;
  if (rng.chance(0.3)) mstatus |= MSTATUS_MXR;
  const megapage = 0x4000_0000 + (rng.int(0, MAPPED_MEGAPAGES - 1) << 22);
  const page = rng.int(0, DATA_PAGES - 1);
  let va = megapage + ((FIRST_VPN0 + page) << 12) + (op.startsWith('amo') ? rng.int(0, 1023) * 4 : rng.int(0, 4096 - size));
  // Half the plain accesses run across into the next data page, where that is spec-defined.
  if (size > 1 && !op.startsWith('amo') && page < DATA_PAGES - 1 && rng.chance(0.5)) {
    const across = megapage + ((FIRST_VPN0 + page + 1) << 12) - rng.int(1, size - 1);
    if (crossingIsDefined(root, l0, across, size, op.startsWith('s'), mstatus)) va = across;
  }
  let chosen: string = op;
  if (op.startsWith('amo') && qemuAmoAdDiffers(leafFor(root, l0, va))) chosen = 'sw';
  // The code page keeps its ECALLs: what would write there reads instead (same size).
  const writes = chosen.startsWith('s') || chosen.startsWith('amo');
  if (writes && (reachesCodePage(root, l0, va) || reachesCodePage(root, l0, va + size - 1))) chosen = loadOf(chosen);
  return { op: chosen, size, va, value: rng.next(), mstatus };
}

export function makeMmuProgram(seed: number, accessCount: number): MmuProgram {
  const rng = new Rng(seed);
  const root = Array.from({ length: MAPPED_MEGAPAGES }, () => rootEntry(rng));
  const l0 = Array.from({ length: L0_TABLES }, () => Array.from({ length: DATA_PAGES }, () => l0Entry(rng)));
  return { root, l0, accesses: Array.from({ length: accessCount }, () => randomAccess(rng, root, l0)) };
}

/** A one-line description of access `i` for failure reports. */
export function describeAccess(p: MmuProgram, i: number): string {
  const a = p.accesses[i]!;
  const priv = a.mstatus & MSTATUS_MPP_S ? 'S' : 'U'; // MPP for a fetch's MRET, or for MPRV
  const bits = [a.mstatus & MSTATUS_SUM ? 'SUM' : '', a.mstatus & MSTATUS_MXR ? 'MXR' : ''].filter(Boolean).join('+');
  return `${a.op} at VA ${hex(a.va)} as ${priv}${bits ? ` with ${bits}` : ''}`;
}

function renderFetch(a: Access, step: number): string[] {
  return [
    `    STEP ${step}`,
    `    la t0, fetch_done_${step}`,
    '    csrw mtvec, t0',
    `    li t0, ${hex(a.mstatus)}`,
    '    csrw mstatus, t0',
    `    li t0, ${hex(a.va)}`,
    '    csrw mepc, t0',
    '    mret',
    '.balign 4',
    `fetch_done_${step}:`,
    '    call print_trap',
    '    la t0, m_trap',
    '    csrw mtvec, t0',
  ];
}

function renderAccess(a: Access, step: number): string[] {
  if (a.op === 'fetch') return renderFetch(a, step);
  const lines = [
    `    STEP ${step}`,
    `    li s3, ${hex(a.va)}`,
    `    li s4, ${hex(a.value)}`,
    '    li s0, 0xdeadbeef',
    `    li t0, ${hex(a.mstatus)}`,
    '    li t1, MSTATUS_MPP',       // MPRV off again, MPP = M
    '    csrw mstatus, t0',
  ];
  if (a.op.startsWith('amo')) lines.push(`    ${a.op} s0, s4, (s3)`);
  else if (a.op.startsWith('s')) lines.push(`    ${a.op} s4, 0(s3)`);
  else lines.push(`    ${a.op} s0, 0(s3)`);
  lines.push('    csrw mstatus, t1', '    PRINT s0');
  return lines;
}

/** The program's assembly source. */
export function renderMmuProgram(p: MmuProgram): string {
  const words = (values: number[]): string => values.map((v) => `    .word ${hex(v)}`).join('\n');
  const zeros = (n: number): string => (n > 0 ? `    .space ${4 * n}` : '');
  const l0Tables = p.l0.map((entries) =>
    [zeros(FIRST_VPN0), words(entries), zeros(1024 - FIRST_VPN0 - entries.length)].filter(Boolean).join('\n'));
  return [
    '.include "priv-lib.S"',
    '.section .text',
    'main:',
    '    call fill_data_pages',
    `    li t0, ${hex(SATP_SV32 | (ROOT / 4096))}`,
    '    csrw satp, t0',
    '    sfence.vma',
    ...p.accesses.flatMap((a, i) => renderAccess(a, i + 1)),
    `    STEP ${p.accesses.length + 1}`,
    `    li s1, ${hex(ROOT + 4 * FIRST_VPN1)}`,
    `    li s2, ${MAPPED_MEGAPAGES}`,
    '    call print_words',
    ...p.l0.flatMap((_, t) => [
      `    li s1, ${hex(l0Table(t) + 4 * FIRST_VPN0)}`,
      `    li s2, ${DATA_PAGES}`,
      '    call print_words',
    ]),
    `    STEP ${p.accesses.length + 2}`,
    '    call print_page_checksums',
    '    j finish',
    '',
    '# fill_data_pages: word at page i (from 1), offset j: SYSTEM | i << 7 (rd) | j << 20; the code page: ECALL.',
    'fill_data_pages:',
    `    li t0, ${hex(dataPage(0))}`,
    `    li t2, ${hex(CODE_PAGE)}`,
    `1:  li t1, ${hex(dataPage(0) - 0x1000)}`,
    '    sub t1, t0, t1',
    '    srli t1, t1, 12',
    '    slli t1, t1, 7',
    '    ori t1, t1, 0x73',
    '    slli t3, t0, 20',
    '    or t1, t1, t3',
    '    sw t1, 0(t0)',
    '    addi t0, t0, 4',
    '    bltu t0, t2, 1b',
    `    li t1, ${hex(ECALL)}`,
    `    li t2, ${hex(CODE_PAGE + 4096)}`,
    '2:  sw t1, 0(t0)',
    '    addi t0, t0, 4',
    '    bltu t0, t2, 2b',
    '    ret',
    '',
    '# print_trap: the trap that ended a fetch step, as the priv-lib handler prints one.',
    'print_trap:',
    '    mv s5, ra',
    "    PRINT_CSR mcause, 'C'",
    "    PRINT_CSR mepc, 'E'",
    "    PRINT_CSR mtval, 'T'",
    "    PRINT_CSR mstatus, 'S'",
    '    jr s5',
    '',
    '# print_words: print s2 words from s1.',
    'print_words:',
    '    mv s5, ra',
    '1:  lw s0, 0(s1)',
    '    PRINT s0',
    '    addi s1, s1, 4',
    '    addi s2, s2, -1',
    '    bnez s2, 1b',
    '    jr s5',
    '',
    '# print_page_checksums: rotl(sum, 5) ^ word over each data page and the code page.',
    'print_page_checksums:',
    '    mv s5, ra',
    `    li s1, ${hex(dataPage(0))}`,
    `    li s2, ${DATA_PAGES + 1}`,
    '1:  li s0, 0',
    '    li s3, 1024',
    '2:  lw t0, 0(s1)',
    '    slli t1, s0, 5',
    '    srli s0, s0, 27',
    '    or s0, s0, t1',
    '    xor s0, s0, t0',
    '    addi s1, s1, 4',
    '    addi s3, s3, -1',
    '    bnez s3, 2b',
    '    PRINT s0',
    '    addi s2, s2, -1',
    '    bnez s2, 1b',
    '    jr s5',
    '',
    '.section .mmu, "aw", @progbits',
    'mmu_root:',
    [zeros(FIRST_VPN1), words(p.root), zeros(1024 - FIRST_VPN1 - p.root.length)].join('\n'),
    ...l0Tables,
    `    .space ${(DATA_PAGES + 1) * 4096}`,
    '',
  ].join('\n');
}
