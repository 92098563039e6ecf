// Lays out generated sequences, fixes their jump offsets, and renders a
// batch of them as one bare-metal program. Each sequence runs between a
// prologue (fill the scratch area, set every register) and an epilogue that
// prints its signature through HTIF:
//
//   =<index>        the sequence's index in the batch
//   k<mcause>       the trap that ended the body (its final ECALL)
//   r<value>        x1..x31 after the body, 31 lines
//   c<checksum>     a rotate-xor checksum of the scratch area
//
// Instructions of the body are emitted as .word/.half so the assembler
// cannot pick another encoding.
import { FIELDS } from '../../../src/asm/isa.js';
import { ECALL, MSTATUS_MPP_SHIFT, PRIVILEGE, hex } from './guest-asm.js';
import { Rng } from './rng.js';
import { BASE_OFFSET, REG_BASE, REG_SP, SCRATCH_BYTES, SP_OFFSET, encodeItem } from './random-seq.js';
import type { Group, Item, Sequence, Target } from './random-seq.js';

/** Byte offsets of every item, and of every group start (plus the end), from the body's start. */
interface Layout {
  itemOffsets: number[][];
  groupOffsets: number[];
}

function layout(groups: readonly Group[]): Layout {
  const itemOffsets: number[][] = [];
  const groupOffsets: number[] = [];
  let at = 0;
  for (const g of groups) {
    groupOffsets.push(at);
    itemOffsets.push(g.items.map((item) => ((at += item.spec.size), at - item.spec.size)));
  }
  groupOffsets.push(at);
  return { itemOffsets, groupOffsets };
}

function fits(field: keyof typeof FIELDS, offset: number): boolean {
  const half = 2 ** (FIELDS[field].width - 1);
  return offset >= -half && offset < half;
}

/**
 * Chooses a forward target for every jump that has none: one of the next few
 * group boundaries its offset field can reach (a boundary right after the
 * jump is always reachable, so there is always a choice).
 */
export function chooseTargets(seq: Sequence, rng: Rng): void {
  const { itemOffsets, groupOffsets } = layout(seq.groups);
  seq.groups.forEach((group, g) => {
    for (const item of group.items) {
      if (!item.jump || item.jump.target) continue;
      const anchor = itemOffsets[g]![item.jump.anchor]!;
      const reachable: number[] = [];
      for (let j = g + 1; j < groupOffsets.length && reachable.length < 6; j++) {
        if (fits(item.jump.field, groupOffsets[j]! - anchor)) reachable.push(j);
      }
      item.jump.target = { group: rng.pick(reachable), item: 0 };
    }
  });
}

/**
 * The body's instructions, cut after `groupCount` groups (a jump past the cut
 * lands at the new end instead), as [size, word, item] triples.
 */
export function encodeBody(seq: Sequence, groupCount = seq.groups.length): { size: 2 | 4; word: number; item: Item }[] {
  const groups = seq.groups.slice(0, groupCount);
  const { itemOffsets, groupOffsets } = layout(groups);
  const address = (t: Target): number =>
    t.group >= groups.length ? groupOffsets[groups.length]! : itemOffsets[t.group]![t.item]!;
  return groups.flatMap((group, g) =>
    group.items.map((item) => {
      let encoded = item;
      if (item.jump) {
        if (!item.jump.target) throw new Error('encodeBody: call chooseTargets first');
        const offset = address(item.jump.target) - itemOffsets[g]![item.jump.anchor]!;
        encoded = { ...item, fields: { ...item.fields, [item.jump.field]: offset } };
      }
      return { size: item.spec.size, word: encodeItem(encoded), item };
    }),
  );
}

/**
 * Sequence i: in M-mode, fill the scratch area, point mtvec at the epilogue,
 * set every register and MRET into the body in the sequence's mode. The body
 * ends with ECALL, which lands in the epilogue (as would any trap the body
 * raised: the signature records mcause) back in M-mode.
 */
function renderSequence(seq: Sequence, index: number, groupCount: number): string {
  const lines = [
    `# sequence ${index}`,
    `    li a0, ${hex(seq.scratchSeed)}`,
    '    call rt_fill_scratch',
    `    la t0, rt_end_${index}`,
    '    csrw mtvec, t0',
    `    li t0, ${hex(PRIVILEGE[seq.mode] << MSTATUS_MPP_SHIFT)}`,
    '    csrw mstatus, t0',
    '    csrw mscratch, zero',
    '    csrw sscratch, zero',
    `    la t0, rt_body_${index}`,
    '    csrw mepc, t0',
  ];
  for (let r = 1; r < 32; r++) {
    if (r === REG_SP) lines.push(`    la x${r}, rt_scratch + ${SP_OFFSET}`);
    else if (r === REG_BASE) lines.push(`    la x${r}, rt_scratch + ${BASE_OFFSET}`);
    else lines.push(`    li x${r}, ${hex(seq.init[r]!)}`);
  }
  lines.push('    mret', `rt_body_${index}:`);
  for (const { size, word, item } of encodeBody(seq, groupCount)) {
    lines.push(`    ${size === 2 ? '.half' : '.word'} ${hex(word)}    # ${item.spec.name}`);
  }
  lines.push(`    .word ${hex(ECALL)}    # ecall`, '.balign 4', `rt_end_${index}:`);
  lines.push('    csrw mscratch, x31', '    la x31, rt_regs');
  for (let r = 1; r < 31; r++) lines.push(`    sw x${r}, ${4 * r}(x31)`);
  lines.push('    csrr x1, mscratch', '    sw x1, 124(x31)', `    li a0, ${index}`, '    call rt_print_signature');
  return lines.join('\n');
}

/** How S- and U-mode sequences see memory: RAM identity-mapped by one megapage or by 4 KiB pages. */
export type Paging = 'megapage' | 'pages';

/**
 * One program running `sequences` (all of one mode) in order; sequence i is
 * cut after groupCounts[i] groups if given.
 */
export function renderProgram(sequences: readonly Sequence[], paging: Paging, groupCounts?: readonly number[]): string {
  const mode = sequences[0]?.mode ?? 'M';
  const setup = mode === 'M' ? [] : [
    `    li a0, ${mode === 'U' ? 'PTE_U' : 0}`,
    `    li a1, ${paging === 'pages' ? 1 : 0}`,
    '    call rt_setup_paging',
  ];
  return [
    `.equ RT_SCRATCH_BYTES, ${SCRATCH_BYTES}`,
    '.include "runtime.S"',
    '.include "random-runtime.S"',
    '.section .text.init',
    '.globl _start',
    '_start:',
    '    call rt_allow_lower_modes',
    ...setup,
    ...sequences.map((s, i) => renderSequence(s, i, groupCounts?.[i] ?? s.groups.length)),
    '    li a0, 0',
    '    j rt_exit',
    '',
  ].join('\n');
}

/** What one sequence left behind. */
export interface Signature {
  index: number;
  /** mcause of the trap that ended the body: the ECALL from the sequence's mode, unless the body trapped. */
  cause: number;
  regs: number[]; // x1..x31
  checksum: number;
}

/** Splits a program's console output into signatures; anything else (a trap report) is returned as `other`. */
export function parseSignatures(output: string): { signatures: Signature[]; other: string[] } {
  const signatures: Signature[] = [];
  const other: string[] = [];
  for (const line of output.split('\n')) {
    if (line === '') continue;
    const value = parseInt(line.slice(1), 16) >>> 0;
    const current = signatures[signatures.length - 1];
    if (line[0] === '=' && line.length === 9) signatures.push({ index: value, cause: -1, regs: [], checksum: -1 });
    else if (line[0] === 'k' && current) current.cause = value;
    else if (line[0] === 'r' && current && current.regs.length < 31) current.regs.push(value);
    else if (line[0] === 'c' && current) current.checksum = value;
    else other.push(line);
  }
  return { signatures, other };
}
