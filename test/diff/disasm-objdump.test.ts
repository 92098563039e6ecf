// Differential test of the disassembler against GNU objdump 2.40: the same
// bytes are put in the .text of an rv32imac_zicsr_zifencei object by GNU as
// (`.incbin`, so there are no `$d` mapping symbols, then all symbols are
// stripped) and both listings are compared line by line, which checks the
// instruction text, the `# address` comments, length decoding, byte columns
// and the `...` zero runs together.
//
// Named exceptions, where objdump decodes encodings the specification
// reserves (we print them as the raw `.2byte`/`.4byte` that any other
// undecodable word gets, because an instruction there would mislead: a
// 56-bit shift does not exist on RV32):
//  - RV32_SHIFT_SHAMT5: slli/srli/srai with imm[5]=1. RV32I: "SLLI, SRLI and
//    SRAI encodings with imm[5] != 0 are reserved". objdump prints a shift by 32..63.
//  - RV32C_SHIFT_SHAMT5: c.slli/c.srli/c.srai with shamt[5]=1. RV32C: "the code
//    points with shamt[5]=1 are designated for custom extensions". objdump
//    prints a shift by 32..63.
//  - C_ADDI16SP_ZERO: c.addi16sp with nzimm=0 (0x6101). RVC: "the code point
//    with nzimm=0 is reserved". objdump prints `add sp,sp,0`.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { disassembleElf, instructionLength } from '../../src/asm/disasm.js';
import { FIELDS, INSNS, insertField, type FieldName } from '../../src/asm/isa.js';
import { readElf } from '../../src/elf/index.js';
import { Rng } from './lib/rng.js';
import { makeWorkDir, runTool } from './lib/tools.js';

const EXCEPTIONS: readonly { name: string; applies: (bytes: string) => boolean }[] = [
  {
    name: 'RV32_SHIFT_SHAMT5',
    applies: (bytes) => {
      if (bytes.length !== 8) return false;
      const w = parseInt(bytes, 16);
      const base = (w & 0xfc00707f) >>> 0;
      return (w & 0x02000000) !== 0 && (base === 0x00001013 || base === 0x00005013 || base === 0x40005013);
    },
  },
  {
    name: 'RV32C_SHIFT_SHAMT5',
    applies: (bytes) => {
      if (bytes.length !== 4) return false;
      const w = parseInt(bytes, 16);
      const shift = (w & 0xe003) === 0x0002 || (w & 0xe803) === 0x8001; // c.slli; c.srli/c.srai
      return shift && (w & 0x1000) !== 0;
    },
  },
  { name: 'C_ADDI16SP_ZERO', applies: (bytes) => bytes === '6101' },
];

const dir = makeWorkDir('disasm');

function mustRun(cmd: string, args: string[]): string {
  const r = runTool(cmd, args, 600_000);
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed:\n${r.stderr.slice(0, 2000)}`);
  return r.stdout;
}

/** A stripped GNU object whose .text holds exactly `bytes`; returns its path. */
function gnuObject(name: string, bytes: Uint8Array): string {
  const bin = join(dir, `${name}.bin`);
  const src = join(dir, `${name}.s`);
  const obj = join(dir, `${name}.o`);
  const stripped = join(dir, `${name}.stripped.o`);
  writeFileSync(bin, bytes);
  writeFileSync(src, `.text\n.incbin "${bin}"\n`);
  mustRun('riscv64-unknown-elf-as', ['-march=rv32imac_zicsr_zifencei', '-mabi=ilp32', '-o', obj, src]);
  mustRun('riscv64-unknown-elf-objcopy', ['--strip-all', obj, stripped]);
  return stripped;
}

/** objdump's listing without its leading "file format" lines, which name the file. */
function objdumpListing(path: string, aliases: boolean): string {
  const out = mustRun('riscv64-unknown-elf-objdump', ['-d', ...(aliases ? [] : ['-M', 'no-aliases']), path]);
  return out.split('\n').slice(3).join('\n');
}

function ourListing(path: string, aliases: boolean): string {
  const elf = readElf(new Uint8Array(readFileSync(path)), path, { allowRelocatable: true });
  return disassembleElf(elf, { aliases });
}

interface Comparison {
  lines: number;
  /** Lines showing a 32-bit (8-hex-digit) instruction word. */
  wideWords: number;
  mismatches: string[];
  excused: Record<string, number>;
}

const RAW_WORD = /^ *[0-9a-f]+:\t([0-9a-f]+) /;

function compareListings(expected: string, actual: string): Comparison {
  const want = expected.split('\n');
  const got = actual.split('\n');
  const result: Comparison = { lines: want.length, wideWords: 0, mismatches: [], excused: {} };
  for (let i = 0; i < Math.max(want.length, got.length); i++) {
    const bytes = RAW_WORD.exec(got[i] ?? '')?.[1] ?? '';
    if (bytes.length === 8) result.wideWords++;
    if (want[i] === got[i]) continue;
    const exception = EXCEPTIONS.find((e) => e.applies(bytes));
    const raw = bytes.length === 8 ? '.4byte' : '.2byte';
    if (exception && (got[i] ?? '').endsWith(`\t${raw}\t0x${bytes.replace(/^0+(?=.)/, '')}`)) {
      result.excused[exception.name] = (result.excused[exception.name] ?? 0) + 1;
      continue;
    }
    const [w, g] = [JSON.stringify(want[i]), JSON.stringify(got[i])];
    result.mismatches.push(`line ${i + 1} (word ${bytes || '?'}):\n  objdump: ${w}\n  ours:    ${g}`);
  }
  return result;
}

function diffAgainstObjdump(name: string, bytes: Uint8Array, aliases = true): Comparison {
  const path = gnuObject(name, bytes);
  const cmp = compareListings(objdumpListing(path, aliases), ourListing(path, aliases));
  if (cmp.mismatches.length > 0) {
    console.log(`${name}: ${cmp.mismatches.length} mismatches; first ones:\n${cmp.mismatches.slice(0, 20).join('\n')}`);
  }
  return cmp;
}

function halvesToBytes(halves: readonly number[]): Uint8Array {
  const out = new Uint8Array(halves.length * 2);
  halves.forEach((h, i) => { out[i * 2] = h & 0xff; out[i * 2 + 1] = (h >>> 8) & 0xff; });
  return out;
}

function wordsToBytes(words: readonly number[]): Uint8Array {
  const out = new Uint8Array(words.length * 4);
  const view = new DataView(out.buffer);
  words.forEach((w, i) => view.setUint32(i * 4, w, true));
  return out;
}

// Values where objdump's aliases switch (x0, ra, sp, gp, tp; 0, 1, -1, 255;
// counters and floating-point CSRs) and the edges of immediate ranges.
const SPECIAL_VALUES = [0, 1, 2, 3, 4, -1, 0xff, 8, 15, 31, -2048, 2047, 0xc00, 0xc01, 0xc02, 0xc80, 0xc81, 0xc82,
  0x001, 0x002, 0x003, 0x300];

/** Words of every ISA table entry, each operand field random or one of SPECIAL_VALUES. */
function everyInstruction(rng: Rng, perEntry: number): Uint8Array {
  const halves: number[] = [];
  for (const spec of INSNS) {
    const names: string[] = spec.operands.match(/[a-z][a-z0-9]*/g) ?? [];
    const fields = names.filter((f): f is FieldName => f in FIELDS);
    for (let i = 0; i < perEntry; i++) {
      let word = rng.next();
      for (const f of fields) if (rng.chance(0.5)) word = insertField(word, f, rng.pick(SPECIAL_VALUES));
      word = ((word & ~spec.mask) | spec.match) >>> 0;
      if (spec.size === 2) halves.push(word & 0xffff);
      else halves.push(word & 0xffff, word >>> 16);
    }
  }
  return halvesToBytes(halves);
}

/** Random 32-bit instruction words: low bits 11, and not the 11111 prefix of longer encodings. */
function random32BitWords(rng: Rng, count: number): Uint8Array {
  const words: number[] = [];
  while (words.length < count) {
    const w = rng.next() | 0x3;
    if ((w & 0x1f) !== 0x1f) words.push(w >>> 0);
  }
  return wordsToBytes(words);
}

/** Every 16-bit parcel, each starting an instruction, padded with c.nop to its announced length. */
function every16BitParcel(): Uint8Array {
  const halves: number[] = [];
  for (let v = 0; v < 0x10000; v++) {
    halves.push(v);
    for (let pad = 2; pad < instructionLength(v); pad += 2) halves.push(0x0001);
  }
  return halvesToBytes(halves);
}

describe('disassembler vs GNU objdump 2.40', () => {
  it('every ISA table entry, operands biased to alias-relevant values, aliases on and off', () => {
    const bytes = everyInstruction(new Rng(0xd15a5), 2000);
    for (const aliases of [true, false]) {
      const cmp = diffAgainstObjdump(`every-insn-${aliases}`, bytes, aliases);
      expect(cmp.mismatches).toEqual([]);
      expect(cmp.lines).toBeGreaterThan(INSNS.length * 2000);
    }
  });

  it('1,048,576 random 32-bit instruction words, in 4 batches, aliases on and off', () => {
    const rng = new Rng(0x32b17);
    let wideWords = 0;
    const excused: Record<string, number> = {};
    for (let batch = 0; batch < 4; batch++) {
      const bytes = random32BitWords(rng, 262_144);
      for (const aliases of [true, false]) {
        const cmp = diffAgainstObjdump(`random32-${batch}-${aliases}`, bytes, aliases);
        expect(cmp.mismatches).toEqual([]);
        if (!aliases) continue;
        wideWords += cmp.wideWords;
        for (const [k, v] of Object.entries(cmp.excused)) excused[k] = (excused[k] ?? 0) + v;
      }
    }
    expect(wideWords).toBe(1_048_576);
    console.log(`random 32-bit words: ${wideWords} compared, exceptions ${JSON.stringify(excused)}`);
  });

  it('every one of the 65,536 16-bit parcels, aliases on and off', () => {
    const bytes = every16BitParcel();
    for (const aliases of [true, false]) {
      const cmp = diffAgainstObjdump(`parcels-${aliases}`, bytes, aliases);
      expect(cmp.mismatches).toEqual([]);
      // 1024 c.slli + 2 x 256 c.srli/c.srai have shamt[5]=1; one 0x6101.
      expect(cmp.excused).toEqual({ RV32C_SHIFT_SHAMT5: 1024 + 512, C_ADDI16SP_ZERO: 1 });
    }
  });

  // Exact-match encodings (ecall, mret, objdump's uret/dret/hret/sfence.vm...)
  // are out of reach of random words, so the opcode that holds them is swept:
  // every value of bits [31:15] (csr/funct7, rs2, rs1) with rd = x0, ra, sp, t6.
  it('all 524,288 SYSTEM words with funct3=0 and rd in {x0, x1, x2, x31}, aliases on and off', () => {
    const words: number[] = [];
    for (let high = 0; high < 1 << 17; high++) {
      for (const rd of [0, 1, 2, 31]) words.push(((high << 15) | (rd << 7) | 0x73) >>> 0);
    }
    for (const aliases of [true, false]) {
      const cmp = diffAgainstObjdump(`system-${aliases}`, wordsToBytes(words), aliases);
      expect(cmp.mismatches).toEqual([]);
      expect(cmp.wideWords).toBe(words.length);
    }
  });

  it('262,144 unconstrained random words: compressed, 32-bit and longer encodings mixed, aliases on and off', () => {
    const rng = new Rng(0x5eed);
    const bytes = wordsToBytes(Array.from({ length: 262_144 }, () => rng.next()));
    for (const aliases of [true, false]) {
      expect(diffAgainstObjdump(`random-mixed-${aliases}`, bytes, aliases).mismatches).toEqual([]);
    }
  });

  it('zero runs, long encodings and an instruction cut off by the end of the section', () => {
    const halves = [
      0x0013, 0x0000, // nop
      0, 0, 0, 0, 0, // 10 zero bytes: `...` then unimp
      0x0001, 0x001f, 0x1234, 0x5678, // 48-bit
      0x003f, 0x1111, 0x2222, 0x3333, // 64-bit
      0x007f, 1, 2, 3, 4, // 80-bit
      0xffff, 0x0001, // reserved >=192-bit: 2 bytes
      0x0513, 0x00a0, 0x001f, 0x0000, // li, then a 48-bit instruction with only 4 bytes left
    ];
    const cmp = diffAgainstObjdump('edges', halvesToBytes(halves));
    expect(cmp.mismatches).toEqual([]);
  });
});
