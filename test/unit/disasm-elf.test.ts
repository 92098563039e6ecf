// disassembleElf listings against `riscv64-unknown-elf-objdump -d` 2.40
// output, written in as literals (everything after objdump's "file format"
// line), for ELF files built by writeElf here and by the GNU tools
// (test/fixtures/elf).
import { describe, expect, it } from 'vitest';
import { DisasmError, disassembleElf } from '../../src/asm/disasm.js';
import {
  EF_RISCV_RVC, SHF_ALLOC, SHF_EXECINSTR, SHF_WRITE, SHT_PROGBITS, STB_GLOBAL, STB_LOCAL, STT_FUNC, STT_NOTYPE,
  STT_OBJECT, readElf, writeElf, type ElfImage, type ElfImageSection, type ElfImageSymbol,
} from '../../src/elf/index.js';
import { fixture } from '../fixtures/elf/samples.js';

const CODE = Uint8Array.of(
  0x13, 0x05, 0xa0, 0x00, // 10000 li a0,10
  0x97, 0x15, 0x00, 0x00, // 10004 auipc a1,0x1
  0x93, 0x85, 0xc5, 0xff, // 10008 addi a1,a1,-4
  0x63, 0x04, 0x05, 0x00, // 1000c beqz a0,10014
  0xef, 0x00, 0x80, 0x00, // 10010 jal ra,10018
  0x01, 0x00, // 10014 c.nop
  0x01, 0xa0, // 10016 c.j 10016
  0x82, 0x80, // 10018 c.jr ra
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, // 1001a: ten zero bytes
  0x73, 0x00, 0x00, 0x00, // 10024 ecall
);

/** A PROGBITS section of `data` at `addr`. */
function section(name: string, flags: number, addr: number, data: Uint8Array): ElfImageSection {
  return { name, type: SHT_PROGBITS, flags, addr, align: 2, data, size: data.length };
}
const code = (addr: number, data: Uint8Array): ElfImageSection =>
  section('.text', SHF_ALLOC | SHF_EXECINSTR, addr, data);

function program(symbols: ElfImageSymbol[]): ElfImage {
  const data = Uint8Array.of(42, 0, 0, 0);
  return {
    entry: 0x10000,
    flags: EF_RISCV_RVC,
    sections: [
      code(0x10000, CODE),
      section('.data', SHF_ALLOC | SHF_WRITE, 0x11000, data),
    ],
    symbols,
  };
}

const SYMBOLS: ElfImageSymbol[] = [
  { name: '_start', value: 0x10000, size: 0, type: STT_NOTYPE, bind: STB_GLOBAL, section: '.text' },
  { name: 'func', value: 0x10018, size: 2, type: STT_FUNC, bind: STB_GLOBAL, section: '.text' },
  { name: 'spin', value: 0x10016, size: 0, type: STT_NOTYPE, bind: STB_LOCAL, section: '.text' },
  { name: 'counter', value: 0x11000, size: 4, type: STT_OBJECT, bind: STB_GLOBAL, section: '.data' },
];

const listing = (image: ElfImage, aliases = true): string => disassembleElf(readElf(writeElf(image)), { aliases });

describe('disassembleElf on writeElf images', () => {
  it('lists symbols as headers and in targets, skips zero runs, and comments auipc/addi addresses', () => {
    expect(listing(program(SYMBOLS))).toBe(`
Disassembly of section .text:

00010000 <_start>:
   10000:\t00a00513          \tli\ta0,10
   10004:\t00001597          \tauipc\ta1,0x1
   10008:\tffc58593          \tadd\ta1,a1,-4 # 11000 <counter>
   1000c:\t00050463          \tbeqz\ta0,10014 <_start+0x14>
   10010:\t008000ef          \tjal\t10018 <func>
   10014:\t0001                \tnop

00010016 <spin>:
   10016:\ta001                \tj\t10016 <spin>

00010018 <func>:
   10018:\t8082                \tret
\t...
   10022:\t0000                \tunimp
   10024:\t00000073          \tecall
`);
  });

  it('names the section and prints bare hex addresses when there are no symbols', () => {
    expect(listing(program([]))).toBe(`
Disassembly of section .text:

00010000 <.text>:
   10000:\t00a00513          \tli\ta0,10
   10004:\t00001597          \tauipc\ta1,0x1
   10008:\tffc58593          \tadd\ta1,a1,-4 # 0x11000
   1000c:\t00050463          \tbeqz\ta0,0x10014
   10010:\t008000ef          \tjal\t0x10018
   10014:\t0001                \tnop
   10016:\ta001                \tj\t0x10016
   10018:\t8082                \tret
\t...
   10022:\t0000                \tunimp
   10024:\t00000073          \tecall
`);
  });

  it('prints $d data as .word/.short and dumps object symbols in code as hex and ASCII', () => {
    const bytes = Uint8Array.of(
      0x13, 0x05, 0xa0, 0x00, // 10000 li a0,10
      0x78, 0x56, 0x34, 0x12, // 10004 $d
      0x34, 0x12, 0x09, 0x00,
      0x01, 0x00, // 1000c $x nop
      0x6f, 0xf0, 0x5f, 0xff, // 1000e j 10002
      0x68, 0x65, 0x6c, 0x6c, 0x6f, 0x00, 0x01, 0x02, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x41, 0x42, // 10012 table
    );
    const local = (name: string, value: number): ElfImageSymbol =>
      ({ name, value, size: 0, type: STT_NOTYPE, bind: STB_LOCAL, section: '.text' });
    const image: ElfImage = {
      entry: 0x10000,
      flags: EF_RISCV_RVC,
      sections: [code(0x10000, bytes)],
      symbols: [
        { name: 'start', value: 0x10000, size: 0, type: STT_NOTYPE, bind: STB_GLOBAL, section: '.text' },
        local('$d', 0x10004),
        local('$x', 0x1000c),
        { name: 'table', value: 0x10012, size: 20, type: STT_OBJECT, bind: STB_GLOBAL, section: '.text' },
      ],
    };
    expect(listing(image)).toBe(`
Disassembly of section .text:

00010000 <start>:
   10000:\t00a00513          \tli\ta0,10
   10004:\t12345678          \t.word\t0x12345678
   10008:\t00091234          \t.word\t0x00091234
   1000c:\t0001                \tnop
   1000e:\tff5ff06f          \tj\t10002 <start+0x2>

00010012 <table>:
   10012:\t6c6c6568 0201006f 00000000 00000000     hello...........
   10022:\t42410000                                ..AB
`);
  });

  it('prints what objdump prints for instructions cut by the next symbol', () => {
    const bytes = Uint8Array.of(
      0x13, 0x05, 0xa0, 0x00, 0x13, 0x05, // li a0,10, then half of another cut by b
      0xa0, 0x00, 0x1f, 0x00, // c.addi4spn, then a 48-bit instruction cut by c
      0x00, 0x00, 0x00, 0x00, 0x01, 0x00, // unimp, unimp, nop (4 zero bytes are too few for `...`)
      0x82, 0x80, // ret
    );
    const sym = (name: string, value: number): ElfImageSymbol =>
      ({ name, value, size: 0, type: STT_NOTYPE, bind: STB_GLOBAL, section: '.text' });
    const image: ElfImage = {
      entry: 0x10000,
      flags: EF_RISCV_RVC,
      sections: [code(0x10000, bytes)],
      symbols: [sym('a', 0x10000), sym('b', 0x10006), sym('c', 0x1000a), sym('d', 0x10010)],
    };
    expect(listing(image)).toBe(`
Disassembly of section .text:

00010000 <a>:
   10000:\t00a00513          \tli\ta0,10
   10004:\t13 05             \tAddress 0x10004 is out of bounds.


00010006 <b>:
   10006:\t00a0                \tadd\ts0,sp,72
   10008:\t1f 00             \tAddress 0x10008 is out of bounds.


0001000a <c>:
   1000a:\t0000                \tunimp
   1000c:\t0000                \tunimp
   1000e:\t0001                \tnop

00010010 <d>:
   10010:\t8082                \tret
`);
  });

  it('starts with the file format lines when given a file name', () => {
    const text = disassembleElf(readElf(writeElf(program(SYMBOLS))), { fileName: 'prog.elf' });
    const header = '\nprog.elf:     file format elf32-littleriscv\n\n\nDisassembly of section .text:\n';
    expect(text.startsWith(header)).toBe(true);
  });
});

describe('disassembleElf on GNU-built fixtures', () => {
  const fixtureElf = (name: string) => readElf(fixture(name), name, { allowRelocatable: true });

  it('prog-rv32.elf (linked, relaxed: gp-relative addresses named after symbols)', () => {
    expect(disassembleElf(fixtureElf('prog-rv32.elf'))).toBe(`
Disassembly of section .text:

00010000 <_start>:
   10000:\t00001297          \tauipc\tt0,0x1
   10004:\t02128293          \tadd\tt0,t0,33 # 11021 <__DATA_BEGIN__>
   10008:\t0002a503          \tlw\ta0,0(t0)
   1000c:\t80418313          \tadd\tt1,gp,-2044 # 11025 <__SDATA_BEGIN__>
   10010:\t00a32023          \tsw\ta0,0(t1)
   10014:\t05d00893          \tli\ta7,93
   10018:\t00000073          \tecall

0001001c <local_label>:
   1001c:\ta001                \tj\t1001c <local_label>
`);
  });

  it('prog-rv32.elf with aliases off (-M no-aliases)', () => {
    expect(disassembleElf(fixtureElf('prog-rv32.elf'), { aliases: false })).toBe(`
Disassembly of section .text:

00010000 <_start>:
   10000:\t00001297          \tauipc\tt0,0x1
   10004:\t02128293          \taddi\tt0,t0,33 # 11021 <__DATA_BEGIN__>
   10008:\t0002a503          \tlw\ta0,0(t0)
   1000c:\t80418313          \taddi\tt1,gp,-2044 # 11025 <__SDATA_BEGIN__>
   10010:\t00a32023          \tsw\ta0,0(t1)
   10014:\t05d00893          \taddi\ta7,zero,93
   10018:\t00000073          \tecall

0001001c <local_label>:
   1001c:\ta001                \tc.j\t1001c <local_label>
`);
  });

  it('refuses 64-bit ELF files with a DisasmError', () => {
    expect(() => disassembleElf(fixtureElf('prog-rv64.elf'), { fileName: 'prog-rv64.elf' }))
      .toThrow(new DisasmError('prog-rv64.elf is a 64-bit ELF; the disassembler decodes RV32 code only'));
  });

  it('prog-rv32.o (relocatable: short address column, GNU as local labels ignored)', () => {
    expect(disassembleElf(fixtureElf('prog-rv32.o'))).toBe(`
Disassembly of section .text:

00000000 <_start>:
   0:\t00000297          \tauipc\tt0,0x0
   4:\t00028293          \tmv\tt0,t0
   8:\t0002a503          \tlw\ta0,0(t0) # 0 <_start>
   c:\t00000317          \tauipc\tt1,0x0
  10:\t00030313          \tmv\tt1,t1
  14:\t00a32023          \tsw\ta0,0(t1) # c <_start+0xc>
  18:\t05d00893          \tli\ta7,93
  1c:\t00000073          \tecall

00000020 <local_label>:
  20:\ta001                \tj\t20 <local_label>
`);
  });
});
