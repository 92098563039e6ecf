// writeElf: the layout facts a Linux-style loader relies on, the raw
// encoding of the header and symbol table, round trips through readElf, and
// every rejected image with its exact message.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  EF_RISCV_FLOAT_ABI_DOUBLE,
  EF_RISCV_RVC,
  ElfError,
  PAGE_SIZE,
  PF_R,
  PF_W,
  PF_X,
  PT_LOAD,
  SHF_ALLOC,
  SHF_EXECINSTR,
  SHF_MERGE,
  SHF_WRITE,
  SHN_ABS,
  SHT_NOBITS,
  SHT_PROGBITS,
  SHT_SYMTAB,
  STB_GLOBAL,
  STB_LOCAL,
  STB_WEAK,
  STT_FUNC,
  STT_NOTYPE,
  STT_OBJECT,
  readElf,
  writeElf,
  type ElfImage,
  type ElfImageSection,
} from '../../src/elf/index.js';
import { EHDR32, SYM32, sampleImage } from '../fixtures/elf/samples.js';

const RX = SHF_ALLOC | SHF_EXECINSTR;
const RW = SHF_ALLOC | SHF_WRITE;

function progbits(name: string, addr: number, size: number, flags: number, fill = 0xaa): ElfImageSection {
  return { name, type: SHT_PROGBITS, flags, addr, align: 1, data: new Uint8Array(size).fill(fill), size };
}

function nobits(name: string, addr: number, size: number, flags: number): ElfImageSection {
  return { name, type: SHT_NOBITS, flags, addr, align: 1, data: new Uint8Array(0), size };
}

function image(sections: ElfImageSection[]): ElfImage {
  return { entry: sections[0]?.addr ?? 0, flags: 0, sections, symbols: [] };
}

/** [flags, vaddr, filesz, memsz] of each PT_LOAD. */
function loads(bytes: Uint8Array): number[][] {
  return readElf(bytes).segments.map((s) => [s.flags, s.vaddr, s.filesz, s.memsz]);
}

describe('writeElf layout', () => {
  const bytes = writeElf(sampleImage());
  const elf = readElf(bytes);
  const view = new DataView(bytes.buffer);

  it('writes the ELF32 little-endian RISC-V identification and header', () => {
    expect(Array.from(bytes.subarray(0, 16))).toEqual([0x7f, 0x45, 0x4c, 0x46, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    expect([view.getUint16(16, true), view.getUint16(18, true), view.getUint32(20, true)]).toEqual([2, 243, 1]);
    expect(view.getUint32(24, true)).toBe(0x10000); // e_entry
    expect(view.getUint32(EHDR32.phoff, true)).toBe(52);
    expect(view.getUint32(EHDR32.flags, true)).toBe(EF_RISCV_RVC);
    expect(view.getUint16(EHDR32.ehsize, true)).toBe(52);
    expect(view.getUint16(EHDR32.phentsize, true)).toBe(32);
    expect(view.getUint16(EHDR32.shentsize, true)).toBe(40);
    expect(view.getUint16(EHDR32.shstrndx, true)).toBe(7);
  });

  it('makes one PT_LOAD per permission: text R+X, rodata R, data+bss R+W with bss in memsz only', () => {
    expect(elf.segments.map((s) => [s.type, s.flags, s.vaddr, s.filesz, s.memsz, s.align])).toEqual([
      [PT_LOAD, PF_R | PF_X, 0x10000, 12, 12, PAGE_SIZE],
      [PT_LOAD, PF_R, 0x11000, 4, 4, PAGE_SIZE],
      [PT_LOAD, PF_R | PF_W, 0x12000, 4, 0x24, PAGE_SIZE],
    ]);
  });

  it('puts each segment at a file offset congruent to its address modulo the page size', () => {
    for (const s of elf.segments) expect(s.offset % PAGE_SIZE).toBe(s.vaddr % PAGE_SIZE);
    expect(elf.segments.map((s) => s.offset)).toEqual([0x1000, 0x2000, 0x3000]);
  });

  it('writes e_flags as given', () => {
    const flags = EF_RISCV_RVC | EF_RISCV_FLOAT_ABI_DOUBLE;
    expect(readElf(writeElf({ ...sampleImage(), flags })).flags).toBe(5);
  });

  it('puts local symbols first with sh_info the index of the first global', () => {
    const symtab = elf.sections[5]!;
    expect([symtab.name, symtab.type]).toEqual(['.symtab', SHT_SYMTAB]);
    const shdr = 0x30bc + 5 * 40;
    expect(view.getUint32(shdr + 24, true)).toBe(6); // sh_link: .strtab
    expect(view.getUint32(shdr + 28, true)).toBe(3); // sh_info: first non-local
    expect(view.getUint32(shdr + 36, true)).toBe(16); // sh_entsize
    const info = [0, 1, 2, 3, 4, 5].map((i) => bytes[symtab.offset + i * 16 + SYM32.info]);
    // null, loop (LOCAL NOTYPE), ABSVAL (LOCAL NOTYPE), _start (GLOBAL FUNC), value, counter (GLOBAL OBJECT)
    expect(info).toEqual([0x00, 0x00, 0x00, 0x12, 0x11, 0x11]);
    const other = [0, 1, 2, 3, 4, 5].map((i) => bytes[symtab.offset + i * 16 + SYM32.other]);
    expect(other).toEqual([0, 0, 0, 0, 0, 0]);
    expect(elf.symbols.map((s) => [s.name, s.sectionIndex])).toEqual([
      ['', 0],
      ['loop', 1],
      ['ABSVAL', SHN_ABS],
      ['_start', 1],
      ['value', 3],
      ['counter', 4],
    ]);
  });

  it('keeps weak symbols with the globals and stores each distinct name once', () => {
    const img = sampleImage();
    img.symbols = [
      { name: 'w', value: 1, size: 0, type: STT_NOTYPE, bind: STB_WEAK, section: null },
      { name: 'l', value: 2, size: 0, type: STT_OBJECT, bind: STB_LOCAL, section: '.data' },
      { name: 'w', value: 3, size: 0, type: STT_FUNC, bind: STB_LOCAL, section: '.text' },
    ];
    const out = readElf(writeElf(img));
    expect(out.symbols.map((s) => [s.name, s.bind, s.type, s.value])).toEqual([
      ['', 0, 0, 0],
      ['l', STB_LOCAL, STT_OBJECT, 2],
      ['w', STB_LOCAL, STT_FUNC, 3],
      ['w', STB_WEAK, STT_NOTYPE, 1],
    ]);
    expect(out.sections[6]!.data).toEqual(new TextEncoder().encode('\0l\0w\0'));
  });

  it('writes an image without symbols or sections', () => {
    const empty = readElf(writeElf({ entry: 0, flags: 0, sections: [], symbols: [] }));
    expect(empty.segments).toEqual([]);
    expect(empty.sections.map((s) => s.name)).toEqual(['', '.symtab', '.strtab', '.shstrtab']);
    expect(empty.symbols.length).toBe(1);
  });
});

describe('writeElf segment planning', () => {
  it('merges adjacent sections with the same permissions, zero-filling small gaps', () => {
    const bytes = writeElf(image([progbits('.text', 0x10000, 6, RX, 1), progbits('.text2', 0x10010, 4, RX, 2)]));
    const elf = readElf(bytes);
    expect(loads(bytes)).toEqual([[PF_R | PF_X, 0x10000, 0x14, 0x14]]);
    expect(Array.from(elf.segments[0]!.data)).toEqual([1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 2, 2, 2]);
  });

  it('starts a new segment after a gap of a page or more', () => {
    const bytes = writeElf(image([progbits('.a', 0x10000, 0x10, RX), progbits('.b', 0x11010, 4, RX)]));
    expect(loads(bytes)).toEqual([
      [PF_R | PF_X, 0x10000, 0x10, 0x10],
      [PF_R | PF_X, 0x11010, 4, 4],
    ]);
  });

  it('starts a new segment when file contents would follow NOBITS bytes', () => {
    const bytes = writeElf(image([nobits('.bss', 0x20000, 0x10, RW), progbits('.data', 0x20010, 4, RW)]));
    expect(loads(bytes)).toEqual([
      [PF_R | PF_W, 0x20000, 0, 0x10],
      [PF_R | PF_W, 0x20010, 4, 4],
    ]);
  });

  it('orders segments by address whatever the section order', () => {
    const bytes = writeElf(image([progbits('.data', 0x30000, 4, RW), progbits('.text', 0x10000, 4, RX)]));
    expect(loads(bytes)).toEqual([
      [PF_R | PF_X, 0x10000, 4, 4],
      [PF_R | PF_W, 0x30000, 4, 4],
    ]);
    expect(readElf(bytes).sections.map((s) => s.name).slice(1, 3)).toEqual(['.data', '.text']);
  });

  it('keeps offsets congruent when differently-permitted sections share a page', () => {
    const bytes = writeElf(image([progbits('.text', 0x10000, 0xc, RX), progbits('.data', 0x1000c, 4, RW)]));
    const elf = readElf(bytes);
    expect(elf.segments.map((s) => [s.flags, s.offset, s.vaddr])).toEqual([
      [PF_R | PF_X, 0x1000, 0x10000],
      [PF_R | PF_W, 0x100c, 0x1000c],
    ]);
  });

  it('leaves non-allocatable and empty sections out of every segment', () => {
    const comment = progbits('.comment', 0, 5, 0, 0x41);
    const empty = progbits('.empty', 0x10100, 0, RX);
    const bytes = writeElf(image([progbits('.text', 0x10000, 4, RX), comment, empty]));
    const elf = readElf(bytes);
    expect(loads(bytes)).toEqual([[PF_R | PF_X, 0x10000, 4, 4]]);
    const c = elf.sections[2]!;
    expect([c.name, c.addr, c.offset, c.size, Array.from(c.data)]).toEqual(['.comment', 0, 0x1004, 5, [0x41, 0x41, 0x41, 0x41, 0x41]]);
    expect([elf.sections[3]!.name, elf.sections[3]!.size]).toEqual(['.empty', 0]);
  });
});

// Byte-array equality without toEqual's element-by-element diffing, which
// makes 300 runs over kilobytes of data take seconds.
function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return Buffer.from(a.buffer, a.byteOffset, a.length).equals(b);
}

describe('writeElf round trip', () => {
  // Random images: up to 6 page-aligned, non-overlapping sections with
  // random permissions, sizes and kinds, plus symbols in them.
  const arbImage = fc
    .array(
      fc.record({
        page: fc.integer({ min: 0x10, max: 0x7ffff }),
        size: fc.integer({ min: 0, max: 0x2100 }),
        kind: fc.constantFrom(SHT_PROGBITS, SHT_NOBITS),
        flags: fc.constantFrom(SHF_ALLOC, RX, RW, SHF_ALLOC | SHF_WRITE | SHF_EXECINSTR, 0),
        fill: fc.integer({ min: 1, max: 255 }),
      }),
      { maxLength: 6 },
    )
    .map((specs) => {
      let next = 0;
      const sections = specs.map((s, i): ElfImageSection => {
        // Push each section past the previous one so none overlap.
        const addr = Math.max(s.page * 0x100, next);
        next = addr + s.size + (i % 2) * 0x1000;
        const data = s.kind === SHT_NOBITS ? new Uint8Array(0) : new Uint8Array(s.size).fill(s.fill);
        return { name: `.s${i}`, type: s.kind, flags: s.flags, addr, align: 1, data, size: s.size };
      });
      const symbols = sections.map((s, i) => ({
        name: `sym${i % 3}`,
        value: s.addr,
        size: s.size,
        type: STT_OBJECT,
        bind: i % 2 === 0 ? STB_GLOBAL : STB_LOCAL,
        section: s.name,
      }));
      return { entry: sections[0]?.addr ?? 0, flags: EF_RISCV_RVC, sections, symbols };
    });

  it('reads back every section, symbol and byte, with each allocated byte in exactly one PT_LOAD', () => {
    fc.assert(
      fc.property(arbImage, (img) => {
        const elf = readElf(writeElf(img));
        expect(elf.entry).toBe(img.entry);
        const read = elf.sections.slice(1, 1 + img.sections.length);
        expect(read.map((s) => [s.name, s.type, s.flags, s.addr, s.size])).toEqual(
          img.sections.map((s) => [s.name, s.type, s.flags, s.addr, s.size]),
        );
        read.forEach((s, i) => expect(sameBytes(s.data, img.sections[i]!.data)).toBe(true));
        const locals = img.symbols.filter((s) => s.bind === STB_LOCAL);
        const globals = img.symbols.filter((s) => s.bind !== STB_LOCAL);
        expect(elf.symbols.slice(1).map((s) => [s.name, s.value, s.bind, elf.sections[s.sectionIndex]!.name])).toEqual(
          [...locals, ...globals].map((s) => [s.name, s.value, s.bind, s.section]),
        );
        for (const s of img.sections.filter((x) => x.flags & SHF_ALLOC && x.size > 0)) {
          const holders = elf.segments.filter((seg) => seg.vaddr <= s.addr && s.addr + s.size <= seg.vaddr + seg.memsz);
          expect(holders.length).toBe(1);
          const seg = holders[0]!;
          const expectedFlags = PF_R | (s.flags & SHF_WRITE ? PF_W : 0) | (s.flags & SHF_EXECINSTR ? PF_X : 0);
          expect(seg.flags).toBe(expectedFlags);
          const at = s.addr - seg.vaddr;
          if (s.type === SHT_PROGBITS) expect(sameBytes(seg.data.subarray(at, at + s.size), s.data)).toBe(true);
          else expect(at).toBeGreaterThanOrEqual(seg.filesz);
        }
        for (const seg of elf.segments) expect(seg.offset % PAGE_SIZE).toBe(seg.vaddr % PAGE_SIZE);
      }),
      { numRuns: 300 },
    );
  });
});

describe('writeElf rejects', () => {
  function expectWriteError(img: ElfImage, message: string): void {
    let caught: unknown;
    try {
      writeElf(img, 'out.elf');
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(ElfError);
    expect((caught as ElfError).message).toBe(message);
  }

  function withSection(patch: Partial<ElfImageSection>): ElfImage {
    const img = sampleImage();
    img.sections[0] = { ...img.sections[0]!, ...patch };
    return img;
  }

  it('names <output> when no file name is given', () => {
    expect(() => writeElf({ ...sampleImage(), entry: -1 })).toThrow('<output>: entry -1 is not a 32-bit unsigned integer');
  });

  it('an entry point that is not a 32-bit address', () => {
    expectWriteError({ ...sampleImage(), entry: 2 ** 32 }, 'out.elf: entry 4294967296 is not a 32-bit unsigned integer');
  });

  it('e_flags that are not a 32-bit word', () => {
    expectWriteError({ ...sampleImage(), flags: 1.5 }, 'out.elf: e_flags 1.5 is not a 32-bit unsigned integer');
  });

  it('more sections than ELF section indexes allow', () => {
    const sections = Array.from({ length: 0xff00 - 3 }, (_, i) => progbits(`.s${i}`, 0, 0, 0));
    expectWriteError(image(sections), 'out.elf: too many sections (65277)');
  });

  it('an empty section name', () => {
    expectWriteError(withSection({ name: '' }), 'out.elf: section name "" is not a valid name');
  });

  it('a section name the writer uses itself', () => {
    expectWriteError(withSection({ name: '.strtab' }), "out.elf: section name .strtab is reserved for the writer's own tables");
  });

  it('a duplicate section name', () => {
    expectWriteError(withSection({ name: '.data', addr: 0x20000 }), 'out.elf: duplicate section name .data');
  });

  it('a section type other than PROGBITS or NOBITS', () => {
    expectWriteError(withSection({ type: SHT_SYMTAB }), 'out.elf: section .text: type 2 is not SHT_PROGBITS (1) or SHT_NOBITS (8)');
  });

  it('section flags other than ALLOC, WRITE and EXECINSTR', () => {
    expectWriteError(
      withSection({ flags: RX | SHF_MERGE }),
      'out.elf: section .text: flags 0x16 has bits other than SHF_ALLOC, SHF_WRITE and SHF_EXECINSTR',
    );
  });

  it('a section address that is not 32-bit', () => {
    expectWriteError(withSection({ addr: 2 ** 32 }), 'out.elf: section .text: address 4294967296 is not a 32-bit unsigned integer');
  });

  it('a negative section size', () => {
    expectWriteError(withSection({ size: -1 }), 'out.elf: section .text: size -1 is not a 32-bit unsigned integer');
  });

  it('an alignment that is not a power of two', () => {
    expectWriteError(withSection({ align: 3 }), 'out.elf: section .text: align 3 is not a power of two');
  });

  it('a misaligned section address', () => {
    expectWriteError(withSection({ addr: 0x10002 }), 'out.elf: section .text: address 0x10002 is not a multiple of its align 4');
  });

  it('a section that runs past 2^32', () => {
    expectWriteError(withSection({ addr: 0xfffffff0, size: 0x20, data: new Uint8Array(0x20) }), 'out.elf: section .text: 0xfffffff0 + size 0x20 overflows 32 bits');
  });

  it('contents of the wrong length', () => {
    expectWriteError(withSection({ size: 16 }), 'out.elf: section .text: data is 12 bytes, expected 16');
    const img = sampleImage();
    img.sections[3] = { ...img.sections[3]!, data: new Uint8Array(4) };
    expectWriteError(img, 'out.elf: section .bss: data is 4 bytes, expected 0');
  });

  it('overlapping allocatable sections', () => {
    expectWriteError(
      withSection({ addr: 0x10ff8 }),
      'out.elf: sections .text and .rodata overlap (0x10ff8-0x11003 and 0x11000-0x11003)',
    );
  });

  it('a symbol name with a NUL byte', () => {
    const img = sampleImage();
    img.symbols[0]!.name = 'a\0b';
    expectWriteError(img, 'out.elf: symbol name "a\\u0000b" contains a NUL byte');
  });

  it('a symbol value that is not 32-bit', () => {
    const img = sampleImage();
    img.symbols[0]!.value = -4;
    expectWriteError(img, 'out.elf: symbol _start: value -4 is not a 32-bit unsigned integer');
  });

  it('a symbol type that does not fit st_info', () => {
    const img = sampleImage();
    img.symbols[0]!.type = 16;
    expectWriteError(img, 'out.elf: symbol _start: type 16 does not fit in 4 bits');
  });

  it('an unknown symbol binding', () => {
    const img = sampleImage();
    img.symbols[0]!.bind = 3;
    expectWriteError(img, 'out.elf: symbol _start: bind 3 is not STB_LOCAL, STB_GLOBAL or STB_WEAK');
  });

  it('a symbol in a section that does not exist', () => {
    const img = sampleImage();
    img.symbols[0]!.section = '.nope';
    expectWriteError(img, 'out.elf: symbol _start: section .nope does not exist');
  });
});
