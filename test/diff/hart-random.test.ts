// Differential test of the hart on random RV32IMAC + Zicsr + Zifencei
// sequences: 75 programs of 200 sequences each (15,000 sequences, about
// 600,000 body instructions) run on mmulab and on qemu-system-riscv32: 35
// programs in M-mode, 20 in S-mode and 20 in U-mode with Sv32 on (RAM
// identity-mapped by a megapage or by 4 KiB pages, through six TLB shapes
// and fast-path settings in turn: lib/mmu-configs.ts). Every sequence's
// registers, scratch-memory checksum and final trap cause must match.
//
// Reproduce a failure with MMULAB_DIFF_SEED=<seed printed> npm run test:diff (and
// MMULAB_KEEP_DIFF_FILES=1 to keep the generated programs in the temp directory).
import { afterAll, describe, expect, it } from 'vitest';
import { INSN_BY_NAME, INSNS } from '../../src/asm/isa.js';
import {
  describeStates, locateDifference, makeSequence, mmulabDevice, runBoth, sameSignature, sequenceSeed,
  type DeviceUnderTest,
} from './lib/random-diagnose.js';
import { chooseTargets, encodeBody } from './lib/random-render.js';
import { Rng } from './lib/rng.js';
import type { Paging } from './lib/random-render.js';
import type { Mode, Sequence } from './lib/random-seq.js';
import { describeMmuConfig, MMU_CONFIGS } from './lib/mmu-configs.js';
import { makeWorkDir, removeWorkDir } from './lib/tools.js';

const SUITE_SEED = Number(process.env.MMULAB_DIFF_SEED ?? 0x6d6d75);
const SEQUENCES_PER_PROGRAM = 200;
/** The programs: the mode their sequences run in and how RAM is mapped (M-mode: paging off). */
const PROGRAMS: { mode: Mode; paging: Paging }[] = [
  ...Array.from({ length: 35 }, () => ({ mode: 'M' as const, paging: 'megapage' as const })),
  ...(['S', 'U'] as const).flatMap((mode) =>
    Array.from({ length: 20 }, (_, i) => ({ mode, paging: i % 2 ? 'pages' as const : 'megapage' as const }))),
];
/** mcause of the ECALL that ends every body, by mode. */
const ECALL_CAUSE: Record<Mode, number> = { U: 8, S: 9, M: 11 };
/** Bisecting costs a few emulator runs each: explain only the first few differences of a program. */
const LOCATED_PER_PROGRAM = 2;
/** Instructions a random sequence must not contain: they trap, wait or change privilege. */
const EXCLUDED = new Set(['ecall', 'ebreak', 'c.ebreak', 'mret', 'sret', 'wfi', 'sfence.vma']);

describe(`random sequences vs qemu-system-riscv32 (seed ${SUITE_SEED})`, () => {
  const dir = makeWorkDir('random');
  afterAll(() => removeWorkDir(dir));
  const mmulab = mmulabDevice();

  it('the generator uses every RV32IMAC/Zicsr/Zifencei instruction but the excluded ones', () => {
    const used = new Set<string>();
    for (let n = 0; n < 2000; n++) {
      for (const { item } of encodeBody(makeSequence(sequenceSeed(SUITE_SEED, n), 'M'))) used.add(item.spec.name);
    }
    const wanted = INSNS.map((s) => s.name).filter((name) => !EXCLUDED.has(name));
    expect(wanted.filter((name) => !used.has(name))).toEqual([]);
    expect([...used].filter((name) => EXCLUDED.has(name))).toEqual([]);
  });

  it('the harness finds a bug planted in one instruction (xor executed as or)', async () => {
    const seq = plantedBugSequence();
    const words = encodeBody(seq).map((e) => e.word);
    const xorWord = words[1]!;
    const orWord = (xorWord & ~0x7000) | 0x6000; // funct3 100 (xor) -> 110 (or)
    const buggy: DeviceUnderTest = (elf) => mmulab(replaceWord(elf, xorWord, orWord));
    const report = await locateDifference(dir, seq, buggy, 'megapage');
    expect(report).toMatch(/^First difference after group 1 \(alu\), instruction\(s\) 1\.\.1:\n {4}xor /);
    expect(report).toContain(`  x9   00000000  000000ff   <-- differs`);
    expect(await locateDifference(dir, seq, mmulab, 'megapage')).toBe(
      'The sequence does not differ when run alone (state carried over from an earlier one?).',
    );
  });

  PROGRAMS.forEach(({ mode, paging }, p) => {
    // With paging on, program p runs with MMU configuration p mod 6.
    const config = mode === 'M' ? {} : MMU_CONFIGS[p % MMU_CONFIGS.length]!;
    const where = mode === 'M' ? 'M-mode' : `${mode}-mode, Sv32 ${paging}, ${describeMmuConfig(config)}`;
    const device = mmulabDevice(config);
    it(`program ${p}: ${SEQUENCES_PER_PROGRAM} sequences, ${where}`, async () => {
      const numbers = Array.from({ length: SEQUENCES_PER_PROGRAM }, (_, i) => p * SEQUENCES_PER_PROGRAM + i);
      const sequences = numbers.map((n) => makeSequence(sequenceSeed(SUITE_SEED, n), mode));
      const runs = await runBoth(dir, `program-${p}`, sequences, device, paging);

      // The reference must have run every body to its final ECALL: otherwise the generator made an invalid one.
      expect(runs.qemuOther).toEqual([]);
      expect(runs.qemu.map((s) => [s.index, s.cause])).toEqual(sequences.map((_, i) => [i, ECALL_CAUSE[mode]]));

      const reports: string[] = [];
      for (let i = 0; i < sequences.length; i++) {
        const q = runs.qemu[i];
        const m = runs.mmulab.find((s) => s.index === i);
        if (sameSignature(q, m)) continue;
        const seed = sequenceSeed(SUITE_SEED, numbers[i]!);
        const head = `sequence ${numbers[i]} (${where}; suite seed ${SUITE_SEED}, program ${p}, index ${i}, sequence seed 0x${seed.toString(16)})`;
        const detail = reports.length < LOCATED_PER_PROGRAM
          ? await locateDifference(dir, sequences[i]!, device, paging)
          : describeStates(q, m);
        reports.push(`${head}\n${detail}`);
      }
      if (runs.mmulabOther.length) reports.push(`mmulab printed: ${runs.mmulabOther.join(' ')}`);
      expect(reports.join('\n\n')).toBe('');
    });
  });
});

/** add x5, x6, x7; xor x9, x5, x10; addi x11, x0, 1 with x6 = x10 = 0xff, x7 = 0: xor gives 0, or 0xff. */
function plantedBugSequence(): Sequence {
  const init = Array.from({ length: 32 }, (_, r) => r);
  init[6] = 0xff;
  init[7] = 0;
  init[10] = 0xff;
  const alu = (name: string, fields: Record<string, number>) =>
    ({ kind: 'alu' as const, items: [{ spec: INSN_BY_NAME.get(name)!, fields }] });
  const seq: Sequence = {
    mode: 'M',
    init,
    scratchSeed: 1,
    groups: [
      alu('add', { rd: 5, rs1: 6, rs2: 7 }),
      alu('xor', { rd: 9, rs1: 5, rs2: 10 }),
      alu('addi', { rd: 11, rs1: 0, imm12: 1 }),
    ],
  };
  chooseTargets(seq, new Rng(1));
  return seq;
}

/** `elf` with the one little-endian occurrence of `from` replaced by `to`. */
function replaceWord(elf: Uint8Array, from: number, to: number): Uint8Array {
  const view = new DataView(elf.buffer, elf.byteOffset, elf.byteLength);
  const copy = elf.slice();
  for (let at = 0; at + 4 <= elf.length; at += 2) {
    if (view.getUint32(at, true) === from >>> 0) new DataView(copy.buffer).setUint32(at, to >>> 0, true);
  }
  return copy;
}
