// Fuzzing readElf: valid files (writeElf's ELF32 output, the hand-built
// ELF64 one, GNU-built executables and an object) mutated by byte flips,
// truncations, boundary values written over header fields, and segments
// moved onto each other. Every result must either parse into sane values or
// fail with an ElfError naming the file; anything else (a RangeError from a
// DataView, a TypeError, a hang) is a reader bug.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ElfError, readElf, writeElf, type ElfFile } from '../../src/elf/index.js';
import { buildElf64, fixture, sampleImage } from '../fixtures/elf/samples.js';

interface Base {
  name: string;
  bytes: Uint8Array;
  /** Offsets (2-aligned) inside the ELF header, program and section header tables and symbol table. */
  fieldOffsets: number[];
  /** Offset of each program header's p_vaddr, and its width. */
  vaddrOffsets: number[];
  width: 4 | 8;
  relocatable: boolean;
}

function makeBase(name: string, bytes: Uint8Array): Base {
  const elf = readElf(bytes, name, { allowRelocatable: true });
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const is32 = elf.bits === 32;
  const phoff = is32 ? v.getUint32(28, true) : Number(v.getBigUint64(32, true));
  const shoff = is32 ? v.getUint32(32, true) : Number(v.getBigUint64(40, true));
  const phentsize = is32 ? 32 : 56;
  const shentsize = is32 ? 40 : 64;
  const ranges: [number, number][] = [
    [16, is32 ? 52 : 64],
    [phoff, phoff + elf.segments.length * phentsize],
    [shoff, shoff + elf.sections.length * shentsize],
  ];
  const symtab = elf.sections.find((s) => s.name === '.symtab');
  if (symtab !== undefined) ranges.push([symtab.offset, symtab.offset + Math.min(symtab.size, 0x100)]);
  const fieldOffsets: number[] = [];
  for (const [start, end] of ranges) for (let at = start; at < end; at += 2) fieldOffsets.push(at);
  const vaddrOffsets = elf.segments.map((_, i) => phoff + i * phentsize + (is32 ? 8 : 16));
  return { name, bytes, fieldOffsets, vaddrOffsets, width: is32 ? 4 : 8, relocatable: elf.type === 1 };
}

const BASES: Base[] = [
  makeBase('writeElf', writeElf(sampleImage())),
  makeBase('elf64', buildElf64()),
  makeBase('gnu-rv32', fixture('prog-rv32.elf')),
  makeBase('gnu-rv64', fixture('prog-rv64.elf')),
  makeBase('gnu-rv32.o', fixture('prog-rv32.o')),
];

const BOUNDARY_VALUES: bigint[] = [
  0n, 1n, 2n, 0x7fn, 0x80n, 0xffn, 0x7fffn, 0x8000n, 0xffffn, 0xff00n, 0xfff1n,
  0x7fffffffn, 0x80000000n, 0xfffff000n, 0xfffffff0n, 0xffffffffn,
  2n ** 53n - 1n, 2n ** 53n, 2n ** 63n, 2n ** 64n - 1n,
];

type Mutation =
  | { kind: 'flip'; at: number; xor: number }
  | { kind: 'truncate'; length: number }
  | { kind: 'field'; pick: number; width: 1 | 2 | 4 | 8; value: bigint }
  | { kind: 'near-file-end'; pick: number; delta: number }
  | { kind: 'overlap'; from: number; to: number; delta: number };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), xor: fc.integer({ min: 1, max: 255 }) }),
  fc.record({ kind: fc.constant('truncate' as const), length: fc.nat() }),
  fc.record({
    kind: fc.constant('field' as const),
    pick: fc.nat(),
    width: fc.constantFrom(1 as const, 2 as const, 4 as const, 8 as const),
    value: fc.constantFrom(...BOUNDARY_VALUES),
  }),
  fc.record({ kind: fc.constant('near-file-end' as const), pick: fc.nat(), delta: fc.integer({ min: -64, max: 64 }) }),
  fc.record({
    kind: fc.constant('overlap' as const),
    from: fc.nat(),
    to: fc.nat(),
    delta: fc.constantFrom(0, 1, 4, 0x800, 0x1000, -0x1000),
  }),
);

function writeValue(bytes: Uint8Array, at: number, width: number, value: bigint): void {
  for (let i = 0; i < width && at + i < bytes.length; i++) bytes[at + i] = Number((value >> BigInt(8 * i)) & 0xffn);
}

function readValue(bytes: Uint8Array, at: number, width: number): bigint {
  let value = 0n;
  for (let i = width - 1; i >= 0; i--) value = (value << 8n) | BigInt(bytes[at + i] ?? 0);
  return value;
}

function mutate(base: Base, mutations: Mutation[]): Uint8Array {
  let bytes = base.bytes.slice();
  for (const m of mutations) {
    const fields = base.fieldOffsets;
    switch (m.kind) {
      case 'flip':
        bytes[m.at % bytes.length] ^= m.xor;
        break;
      case 'truncate':
        bytes = bytes.slice(0, m.length % (bytes.length + 1));
        break;
      case 'field':
        writeValue(bytes, fields[m.pick % fields.length]!, m.width, m.value);
        break;
      case 'near-file-end': // offsets and sizes that land just inside or just past the end
        writeValue(bytes, fields[m.pick % fields.length]!, base.width, BigInt(Math.max(0, bytes.length + m.delta)));
        break;
      case 'overlap': {
        const vaddrs = base.vaddrOffsets;
        if (vaddrs.length === 0) break;
        const from = readValue(bytes, vaddrs[m.from % vaddrs.length]!, base.width);
        const moved = (from + BigInt(m.delta)) & ((1n << BigInt(8 * base.width)) - 1n);
        writeValue(bytes, vaddrs[m.to % vaddrs.length]!, base.width, moved);
        break;
      }
    }
  }
  return bytes;
}

/** What a successful read promises: exact integers and data of the declared sizes. */
function checkSane(elf: ElfFile): void {
  const numbers = [elf.entry, elf.flags, elf.type, elf.machine];
  for (const s of elf.segments) {
    numbers.push(s.type, s.flags, s.offset, s.vaddr, s.paddr, s.filesz, s.memsz, s.align);
    if (s.type !== 0) expect(s.data.length).toBe(s.filesz);
  }
  for (const s of elf.sections) {
    numbers.push(s.type, s.flags, s.addr, s.offset, s.size, s.align);
    if (s.type !== 0 && s.type !== 8) expect(s.data.length).toBe(s.size);
  }
  for (const s of elf.symbols) numbers.push(s.value, s.size, s.type, s.bind, s.sectionIndex);
  for (const n of numbers) expect(Number.isSafeInteger(n) && n >= 0).toBe(true);
}

describe('readElf fuzzing', () => {
  it('reads or throws ElfError for 10,000 mutated files', () => {
    let accepted = 0;
    const errorKinds = new Set<string>();
    fc.assert(
      fc.property(
        fc.nat({ max: BASES.length - 1 }),
        fc.array(mutation, { minLength: 1, maxLength: 4 }),
        fc.boolean(),
        (which, mutations, allowRelocatable) => {
          const base = BASES[which]!;
          const bytes = mutate(base, mutations);
          let elf: ElfFile;
          try {
            elf = readElf(bytes, 'fuzz.elf', { allowRelocatable: allowRelocatable || base.relocatable });
          } catch (err) {
            if (!(err instanceof ElfError)) throw err;
            expect(err.message.startsWith('fuzz.elf: ')).toBe(true);
            expect(err.message).not.toMatch(/[\x00-\x1f\x7f]/); // one line, printable
            errorKinds.add(err.message.replace(/0x[0-9a-f]+|\d+|\(\.?[\w.$]*\)/g, '#'));
            return;
          }
          accepted++;
          checkSane(elf);
        },
      ),
      { numRuns: 10_000, seed: Number(process.env.ELF_FUZZ_SEED ?? 20261125) },
    );
    // The mutations must exercise both outcomes and many distinct checks.
    expect(accepted).toBeGreaterThan(500);
    expect(errorKinds.size).toBeGreaterThan(30);
  });
});
