// Running generated sequences on both harts and explaining a difference:
// which sequence, which instruction first made the register states differ
// (found by bisecting the sequence over its group boundaries), and both states.
import type { MachineOptions } from '../../../src/machine/index.js';
import { runMmulab } from './mmulab.js';
import { runQemu, type RunOutput } from './qemu.js';
import { Rng } from './rng.js';
import { chooseTargets, encodeBody, parseSignatures, renderProgram, type Paging, type Signature } from './random-render.js';
import { SequenceGenerator, type Mode, type Sequence } from './random-seq.js';
import { buildElf } from './tools.js';

/** Groups per sequence: about 40 instructions. */
const GROUPS_PER_SEQUENCE = 24;

/** Every sequence has its own seed, so one can be regenerated alone from (suite seed, number). */
export function sequenceSeed(suiteSeed: number, sequenceNumber: number): number {
  let x = (suiteSeed ^ Math.imul(sequenceNumber + 1, 0x9e3779b1)) >>> 0;
  x = Math.imul(x ^ (x >>> 16), 0x85ebca6b) >>> 0;
  return (x ^ (x >>> 13)) >>> 0;
}

export function makeSequence(seed: number, mode: Mode): Sequence {
  const rng = new Rng(seed);
  const seq = new SequenceGenerator(rng, mode).sequence(GROUPS_PER_SEQUENCE);
  chooseTargets(seq, rng);
  return seq;
}

export interface BothRuns {
  qemu: Signature[];
  mmulab: Signature[];
  /** Console lines that are not signatures (reports of unexpected traps), per side. */
  qemuOther: string[];
  mmulabOther: string[];
}

/** The hart under test: runs an ELF and returns its console. mmulab unless a test plants a bug. */
export type DeviceUnderTest = (elf: Uint8Array) => Promise<RunOutput>;

export function mmulabDevice(options: MachineOptions = {}): DeviceUnderTest {
  return (elf) => runMmulab(elf, options);
}

/** Builds one program from `sequences` (cut after groupCounts[i] groups if given) and runs it on both. */
export async function runBoth(
  dir: string, name: string, sequences: readonly Sequence[], dut: DeviceUnderTest, paging: Paging,
  groupCounts?: readonly number[],
): Promise<BothRuns> {
  const elf = buildElf(dir, name, renderProgram(sequences, paging, groupCounts));
  const q = parseSignatures(runQemu(elf.path).console);
  const m = parseSignatures((await dut(elf.bytes)).console);
  return { qemu: q.signatures, mmulab: m.signatures, qemuOther: q.other, mmulabOther: m.other };
}

export function sameSignature(a: Signature | undefined, b: Signature | undefined): boolean {
  return !!a && !!b && a.cause === b.cause && a.checksum === b.checksum && a.regs.every((v, i) => v === b.regs[i]);
}

const hex8 = (v: number | undefined): string => (v === undefined ? '--------' : (v >>> 0).toString(16).padStart(8, '0'));

/** Side-by-side register states, differing lines marked. */
export function describeStates(qemu: Signature | undefined, mmulab: Signature | undefined): string {
  const lines = ['        qemu      mmulab'];
  const causeMark = qemu?.cause === mmulab?.cause ? '' : '   <-- differs';
  lines.push(`  trap ${hex8(qemu?.cause)}  ${hex8(mmulab?.cause)}${causeMark}`);
  for (let r = 1; r < 32; r++) {
    const a = qemu?.regs[r - 1];
    const b = mmulab?.regs[r - 1];
    lines.push(`  x${String(r).padEnd(3)} ${hex8(a)}  ${hex8(b)}${a === b ? '' : '   <-- differs'}`);
  }
  const mark = qemu?.checksum === mmulab?.checksum ? '' : '   <-- differs';
  lines.push(`  mem  ${hex8(qemu?.checksum)}  ${hex8(mmulab?.checksum)}${mark}`);
  return lines.join('\n');
}

/**
 * Finds the first group of `seq` after which the two harts' states differ, by
 * bisection over prefixes, and describes it. Returns a one-paragraph report.
 */
export async function locateDifference(
  dir: string, seq: Sequence, dut: DeviceUnderTest, paging: Paging,
): Promise<string> {
  const differsAfter = async (groups: number): Promise<{ differs: boolean; runs: BothRuns }> => {
    const runs = await runBoth(dir, `prefix-${groups}`, [seq], dut, paging, [groups]);
    return { differs: !sameSignature(runs.qemu[0], runs.mmulab[0]), runs };
  };
  const whole = await differsAfter(seq.groups.length);
  if (!whole.differs) return 'The sequence does not differ when run alone (state carried over from an earlier one?).';
  let good = 0; // the empty body never differs: the prologue sets everything
  let bad = seq.groups.length;
  let badRuns = whole.runs;
  while (bad - good > 1) {
    const mid = (good + bad) >> 1;
    const probe = await differsAfter(mid);
    if (probe.differs) {
      bad = mid;
      badRuns = probe.runs;
    } else good = mid;
  }
  const body = encodeBody(seq, bad);
  const firstOfGroup = encodeBody(seq, bad - 1).length;
  const group = body.slice(firstOfGroup).map(({ size, word, item }) => {
    const operands = Object.entries(item.fields).map(([f, v]) => `${f}=${v}`).join(' ');
    return `    ${item.spec.name} ${operands}  (${size === 2 ? '.half' : '.word'} 0x${word.toString(16)})`;
  });
  return [
    `First difference after group ${bad - 1} (${seq.groups[bad - 1]!.kind}), instruction(s) ${firstOfGroup}..${body.length - 1}:`,
    ...group,
    'State after it:',
    describeStates(badRuns.qemu[0], badRuns.mmulab[0]),
    ...(badRuns.qemuOther.length || badRuns.mmulabOther.length
      ? [`Other output: qemu ${JSON.stringify(badRuns.qemuOther)}, mmulab ${JSON.stringify(badRuns.mmulabOther)}`]
      : []),
  ].join('\n');
}
