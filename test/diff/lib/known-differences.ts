// Where qemu-system-riscv32 7.2 (the reference of the privileged programs)
// departs from the RISC-V privileged spec, or makes a different choice where
// the spec allows several: for each, the step's lines QEMU prints and the
// lines mmulab must print instead. `{label}` stands for a label's address.
// applyKnownDifferences() fails when QEMU stops printing the listed lines,
// so an entry cannot outlive the quirk it describes.

export interface KnownDifference {
  name: string;
  /** The program (test/diff/programs/<program>.S) and the STEP the lines belong to. */
  program: string;
  step: number;
  qemu: readonly string[];
  spec: readonly string[];
  /**
   * 'qemu-bug': QEMU contradicts the spec. 'choice': the spec allows both; mmulab documents its choice.
   * 'svade': what mmulab with ad 'fault' must print where QEMU (which updates A/D) prints otherwise.
   */
  kind: 'qemu-bug' | 'choice' | 'svade';
  /** The spec clause, and what each side does. */
  reason: string;
}

/**
 * Two rules rather than steps, for the trap lines (C cause, E epc, T tval,
 * S status, as the M handler prints them) of one memory access:
 *
 * amo-fault-cause: QEMU 7.2 performs an AMO as a load followed by a store, so
 * an AMO whose load half faults reports the load's exception. Priv. spec,
 * exception codes and the Sv32 translation algorithm: a faulting AMO raises
 * the store/AMO exception (page fault 15, access fault 7), never the load
 * one (13, 5).
 *
 * misaligned-access-fault-tval: for a misaligned load or store whose physical
 * address has no memory behind it, QEMU 7.2 reports mtval = the address
 * rounded down to the access size (the aligned access it split off), which is
 * not part of the access. Priv. spec, mtval: "For misaligned loads and stores
 * that cause access-fault or page-fault exceptions, mtval will contain the
 * virtual address of the portion of the access that caused the fault" - here
 * the access's first byte.
 */
export interface MemoryAccess {
  amo: boolean;
  address: number;
  size: number;
}

const AMO_CAUSE_FIX: Readonly<Record<string, string>> = { C0000000d: 'C0000000f', C00000005: 'C00000007' };
const ACCESS_FAULT_CAUSES = new Set(['C00000005', 'C00000007']);
const tvalLine = (va: number): string => `T${(va >>> 0).toString(16).padStart(8, '0')}`;

/** QEMU's trap lines for `access`, corrected by the two rules above. */
export function correctQemuAccessTrap(lines: readonly string[], access: MemoryAccess): string[] {
  let fixed = access.amo ? lines.map((line) => AMO_CAUSE_FIX[line] ?? line) : [...lines];
  const rounded = tvalLine((access.address & ~(access.size - 1)) >>> 0);
  const misaligned = access.address % access.size !== 0;
  if (misaligned && ACCESS_FAULT_CAUSES.has(fixed[0] ?? '') && fixed[2] === rounded) {
    fixed = fixed.map((line, n) => (n === 2 ? tvalLine(access.address) : line));
  }
  return fixed;
}

/*
 * Not corrected but avoided: QEMU 7.2 performs an AMO as a load and then a
 * store, each translated on its own. So an AMO on a readable, non-writable
 * page with A = 0 sets A before the store half takes the page fault, and an
 * AMO on a writable page with D = 0 and no memory behind it takes the load's
 * access fault before the store half sets D. Priv. spec, Sv32 translation
 * algorithm: an AMO is one store/AMO access; A and D are set (step 7) only
 * when the permission check (for R and W) passed, before the access itself.
 * hart-mmu generates plain stores instead of AMOs for such leaves
 * (mmu-program.ts, qemuAmoAdDiffers).
 */

export const KNOWN_DIFFERENCES: readonly KnownDifference[] = [
  {
    name: 'ebreak-tval',
    program: 'exceptions-m',
    step: 9,
    qemu: ['C00000003', 'E{ebreak_insn}', 'T00000000', 'S00001800'],
    spec: ['C00000003', 'E{ebreak_insn}', 'T{ebreak_insn}', 'S00001800'],
    kind: 'choice',
    reason:
      'Priv. spec, mtval: on a breakpoint exception mtval is either zero or the faulting virtual address ' +
      '(for EBREAK, the instruction\'s address). QEMU 7.2 writes 0; mmulab writes the address.',
  },
  {
    name: 'c.ebreak-tval',
    program: 'exceptions-m',
    step: 10,
    qemu: ['C00000003', 'E{c_ebreak_insn}', 'T00000000', 'S00001800'],
    spec: ['C00000003', 'E{c_ebreak_insn}', 'T{c_ebreak_insn}', 'S00001800'],
    kind: 'choice',
    reason: 'As ebreak-tval, for C.EBREAK.',
  },
  {
    name: 'misaligned-sc-without-reservation',
    program: 'exceptions-m',
    step: 13,
    qemu: [],
    spec: ['C00000006', 'E{sc_misaligned}', 'T{data+2}', 'S00001800'],
    kind: 'qemu-bug',
    reason:
      'Unpriv. spec, "A" extension, LR/SC: "LR.W and SC.W require naturally aligned addresses; if the address ' +
      'is not naturally aligned, an address-misaligned exception or an access-fault exception will be ' +
      'generated." QEMU 7.2 checks the reservation first and lets an SC with no reservation fail silently ' +
      '(rd = 1, no trap); the spec requires store/AMO address misaligned (cause 6) with mtval = the address.',
  },
  {
    name: 'amo-misaligned-cause',
    program: 'exceptions-m',
    step: 14,
    qemu: ['C00000004', 'E{amo_misaligned}', 'T{data+1}', 'S00001800'],
    spec: ['C00000006', 'E{amo_misaligned}', 'T{data+1}', 'S00001800'],
    kind: 'qemu-bug',
    reason:
      'Priv. spec, exception codes: code 6 is "Store/AMO address misaligned", and only LR is a load. ' +
      'QEMU 7.2 reports a misaligned AMO as a load address misaligned exception (4).',
  },
  {
    name: 'amo-access-fault-cause',
    program: 'exceptions-m',
    step: 18,
    qemu: ['C00000005', 'E{amo_outside}', 'T40000000', 'S00001800'],
    spec: ['C00000007', 'E{amo_outside}', 'T40000000', 'S00001800'],
    kind: 'qemu-bug',
    reason:
      'Priv. spec, exception codes: an AMO that faults raises the store/AMO access fault (7). QEMU 7.2 ' +
      'reports a load access fault (5) for an AMO to an unmapped physical address.',
  },
  {
    name: 'mret-clears-mprv',
    program: 'modes',
    step: 16,
    qemu: ['v000200a2'],
    spec: ['v000000a2'],
    kind: 'qemu-bug',
    reason:
      'Priv. spec 1.12, MRET/SRET: "An MRET or SRET instruction that changes the privilege mode to a mode ' +
      'less privileged than M also sets MPRV=0." QEMU 7.2 keeps MPRV = 1 after MRET to S.',
  },
  {
    name: 'medeleg-writable-bits',
    program: 'modes',
    step: 18,
    qemu: ['v00f0bfff'],
    spec: ['v0000b3ff'],
    kind: 'qemu-bug',
    reason:
      'Priv. spec, medeleg: bits of exceptions that cannot occur in less privileged modes should be read-only ' +
      'zero, "in particular, medeleg[11] is read-only zero". QEMU 7.2 lets 11 be set, and 10 and 20-23 ' +
      '(hypervisor causes) although H is off. mmulab: causes 0-9, 12, 13, 15 are delegable.',
  },
  {
    name: 'xepc-bit-0',
    program: 'modes',
    step: 27,
    qemu: ['vffffffff', 'vffffffff', 'vffffffff', 'vffffffff'],
    spec: ['vfffffffe', 'vfffffffe', 'vffffffff', 'vffffffff'],
    kind: 'qemu-bug',
    reason:
      'Priv. spec, mepc/sepc: "The low bit of mepc (mepc[0]) is always zero" (likewise sepc[0]). QEMU 7.2 ' +
      'reads back a written bit 0.',
  },
  {
    name: 'hypervisor-interrupt-bits-without-h',
    program: 'modes',
    step: 19,
    qemu: ['v00002666', 'v00002eee', 'v00002222'],
    spec: ['v00000222', 'v00000aaa', 'v00000222'],
    kind: 'qemu-bug',
    reason:
      'Priv. spec, mip/mie: bits of interrupts a hart does not implement are read-only zero. With H and ' +
      'Sscofpmf off, QEMU 7.2 still makes VSSIP/VSTIP/VSEIP (2, 6, 10), SGEIP (12) and LCOFIP (13) writable ' +
      'in mideleg, mie and sie. mideleg = SSI|STI|SEI, mie = the six M and S bits, sie = its S view.',
  },
  {
    name: 'pte-outside-memory',
    program: 'sv32',
    step: 15,
    qemu: [
      'c0000000d', 'e{outside_load}', 'tc0c00000', 's00000100', 'c0000000f', 'e{outside_store}', 'tc0c00000', 's00000100',
    ],
    spec: [
      'c00000005', 'e{outside_load}', 'tc0c00000', 's00000100', 'c00000007', 'e{outside_store}', 'tc0c00000', 's00000100',
    ],
    kind: 'qemu-bug',
    reason:
      'Priv. spec, Sv32 translation algorithm, step 2: "If accessing pte violates a PMA or PMP check, raise an ' +
      'access-fault exception corresponding to the original access type." QEMU 7.2 raises a page fault when ' +
      'the PTE address has no memory.',
  },
  {
    name: 'page-fault-before-access-fault',
    program: 'sv32',
    step: 24,
    qemu: ['c00000005', 'e{both_fault}', 't4000affc', 's00040100'],
    spec: ['c0000000d', 'e{both_fault}', 't4000b000', 's00040100'],
    kind: 'qemu-bug',
    reason:
      'Priv. spec, synchronous exception priority: "If an instruction may raise multiple synchronous ' +
      'exceptions, the decreasing priority order of Table 3.7 indicates which exception is taken", and load ' +
      'page faults rank above load access faults. A misaligned lw whose first part has no memory (access ' +
      'fault) and whose second part is on an invalid page (page fault) must take the page fault, with stval = ' +
      'the second part\'s address; QEMU 7.2 takes the access fault and reports the address rounded down.',
  },
  {
    name: 'interrupt-priority',
    program: 'interrupts',
    step: 3,
    qemu: [
      'C80000001', 'S00001880', 'P0000008a', 'C80000003', 'S00001880', 'P0000008a',
      'C80000007', 'S00001880', 'P0000008a',
    ],
    spec: [
      'C80000003', 'S00001880', 'P0000008a', 'C80000007', 'S00001880', 'P0000008a',
      'C80000001', 'S00001880', 'P0000008a',
    ],
    kind: 'qemu-bug',
    reason:
      'Priv. spec, mip/mie: "Multiple simultaneous interrupts destined for M-mode are handled in the ' +
      'following decreasing priority order: MEI, MSI, MTI, SEI, SSI, STI." With MSI, MTI and (undelegated) ' +
      'SSI pending, QEMU 7.2 takes SSI first.',
  },
  {
    name: 'supervisor-interrupt-priority',
    program: 'interrupts',
    step: 14,
    qemu: [
      'c80000001', 's00000120', 'p00000222', 'c80000005', 's00000120', 'p00000222',
      'c80000009', 's00000120', 'p00000222',
    ],
    spec: [
      'c80000009', 's00000120', 'p00000222', 'c80000001', 's00000120', 'p00000222',
      'c80000005', 's00000120', 'p00000222',
    ],
    kind: 'qemu-bug',
    reason:
      'Priv. spec, sip/sie: "Multiple simultaneous interrupts destined for supervisor mode are handled in ' +
      'the following decreasing priority order: SEI, SSI, STI." With all three pending and delegated, ' +
      'QEMU 7.2 takes SSI, then STI, then SEI.',
  },
];

/**
 * sv32 run with mmulab's `ad: 'fault'` (Svade): instead of setting A or D,
 * the access raises a page fault of its kind and the PTE stays as it was.
 * Priv. spec, Sv32 translation algorithm, step 7 (with Svade): "If pte.a = 0,
 * or if the original memory access is a store and pte.d = 0, ... raise a
 * page-fault exception corresponding to the original access type."
 */
export const SVADE_DIFFERENCES: readonly KnownDifference[] = [
  {
    name: 'svade-load-a-clear',
    program: 'sv32',
    step: 9,
    qemu: ['v0a0a0006'],
    spec: ['c0000000d', 'e{ad_load}', 't40006000', 's00000100', 'v00000000'],
    kind: 'svade',
    reason: 'A load from a page with A = 0 raises a load page fault (s0 keeps its earlier value, 0).',
  },
  {
    name: 'svade-store-d-clear',
    program: 'sv32',
    step: 10,
    qemu: [],
    spec: ['c0000000f', 'e{ad_store}', 't40007000', 's00000100'],
    kind: 'svade',
    reason: 'A store to a page with D = 0 raises a store/AMO page fault.',
  },
  {
    name: 'svade-ptes-unchanged',
    program: 'sv32',
    step: 21,
    qemu: ['v00000047', 'v000000c7'],
    spec: ['v00000007', 'v00000047'],
    kind: 'svade',
    reason: 'Neither PTE is written: page 6 keeps V|R|W, page 7 keeps V|R|W|A.',
  },
];

/**
 * Where QEMU 7.2's PMP departs from the spec, for test/diff/pmp/pmp.S
 * (hart-pmp.test.ts). QEMU and mmulab both implement 16 entries with a grain
 * of 4 bytes.
 */
export const PMP_DIFFERENCES: readonly KnownDifference[] = [
  {
    name: 'qemu-pte-update-not-pmp-checked',
    program: 'pmp',
    step: 12,
    qemu: ['va0000002', 'v20100047'],
    spec: ['C00000005', 'E{ad_load}', 'Tc0400008', 'S00000880', 'v00005555', 'v20100007'],
    kind: 'qemu-bug',
    reason:
      'Priv. spec, Sv32 translation algorithm, step 7 (A/D update): "If a store to pte would violate a PMA or ' +
      'PMP check, raise an access-fault exception corresponding to the original access type", and "Physical ' +
      'Memory Protection and Paging": implicit page-table accesses are checked with effective privilege S. ' +
      'The PTE is readable but not writable by S-mode, so setting A must fail: a load access fault, the PTE ' +
      'unchanged (V R W). QEMU 7.2 checks the PTE read but writes A without a PMP check.',
  },
  {
    name: 'qemu-pmpcfg-not-legalised',
    program: 'pmp',
    step: 13,
    qemu: ['v1a067f02', 'vffffffff'],
    spec: ['v18041f00', 'vffffffff'],
    kind: 'qemu-bug',
    reason:
      'Priv. spec, "Physical Memory Protection CSRs": bits 6:5 of each pmpNcfg are 0, and "the R, W, and X ' +
      'fields form a collective WARL field for which the combinations with R=0 and W=1 are reserved" ' +
      '(mmulab stores them with W cleared). QEMU 7.2 keeps both as written (it legalises R=0 W=1 from 8.2).',
  },
  {
    name: 'qemu-no-pmp-csrs-past-entry-15',
    program: 'pmp',
    step: 14,
    qemu: [
      'C00000002', 'E{pmpcfg4_read}', 'T3a4024f3', 'S00001800', 'v00005555',
      'C00000002', 'E{pmpaddr16_read}', 'T3c0024f3', 'S00001800', 'v00005555',
    ],
    spec: ['v00000000', 'v00000000'],
    kind: 'qemu-bug',
    reason:
      'Priv. spec, "Physical Memory Protection CSRs": the CSRs pmpcfg0-pmpcfg15 and pmpaddr0-pmpaddr63 ' +
      'describe up to 64 entries; an implementation of 16 leaves the fields of the others read-only zero ' +
      '("All PMP CSR fields are WARL and may be read-only zero"). QEMU 7.2 (v1.11 CSR set) makes pmpcfg4-15 ' +
      'and pmpaddr16-63 illegal instructions.',
  },
];
