// The checks writeElf makes before laying anything out, so that a bad image
// from the assembler is reported by name instead of producing a broken file.
import { ElfError, hex, printable } from './errors.js';
import { isPowerOfTwo } from './align.js';
import {
  SHF_ALLOC,
  SHF_EXECINSTR,
  SHF_WRITE,
  SHN_LORESERVE,
  SHT_NOBITS,
  SHT_PROGBITS,
  STB_GLOBAL,
  STB_LOCAL,
  STB_WEAK,
  type ElfImage,
  type ElfImageSection,
  type ElfImageSymbol,
} from './types.js';

const WRITER_SECTIONS = ['.symtab', '.strtab', '.shstrtab'];
const SECTION_FLAGS = SHF_ALLOC | SHF_WRITE | SHF_EXECINSTR;

export function validateImage(image: ElfImage, file: string): void {
  const fail = (detail: string): never => {
    throw new ElfError(file, detail);
  };
  requireWord(image.entry, 'entry', fail);
  requireWord(image.flags, 'e_flags', fail);
  // Section indexes from SHN_LORESERVE up are reserved; the writer adds the
  // null section and its own three tables.
  if (image.sections.length + 4 > SHN_LORESERVE) fail(`too many sections (${image.sections.length})`);
  const names = new Set<string>();
  for (const s of image.sections) {
    validateSection(s, fail);
    if (names.has(s.name)) fail(`duplicate section name ${printable(s.name)}`);
    names.add(s.name);
  }
  checkSectionsDisjoint(image.sections, fail);
  for (const sym of image.symbols) validateSymbol(sym, names, fail);
}

type Fail = (detail: string) => never;

/** An Elf32_Word / Elf32_Addr: an integer in 0..2^32-1. */
function requireWord(value: number, what: string, fail: Fail): void {
  if (!Number.isInteger(value) || value < 0 || value > 0xffffffff) {
    fail(`${what} ${value} is not a 32-bit unsigned integer`);
  }
}

function validateSection(s: ElfImageSection, fail: Fail): void {
  if (s.name === '' || s.name.includes('\0')) fail(`section name ${JSON.stringify(s.name)} is not a valid name`);
  if (WRITER_SECTIONS.includes(s.name)) fail(`section name ${s.name} is reserved for the writer's own tables`);
  const what = `section ${printable(s.name)}`;
  if (s.type !== SHT_PROGBITS && s.type !== SHT_NOBITS) {
    fail(`${what}: type ${s.type} is not SHT_PROGBITS (${SHT_PROGBITS}) or SHT_NOBITS (${SHT_NOBITS})`);
  }
  requireWord(s.flags, `${what}: flags`, fail);
  if ((s.flags & ~SECTION_FLAGS) !== 0) {
    fail(`${what}: flags ${hex(s.flags)} has bits other than SHF_ALLOC, SHF_WRITE and SHF_EXECINSTR`);
  }
  requireWord(s.addr, `${what}: address`, fail);
  requireWord(s.size, `${what}: size`, fail);
  requireWord(s.align, `${what}: align`, fail);
  if (s.align > 1 && !isPowerOfTwo(s.align)) fail(`${what}: align ${s.align} is not a power of two`);
  if (s.align > 1 && s.addr % s.align !== 0) {
    fail(`${what}: address ${hex(s.addr)} is not a multiple of its align ${s.align}`);
  }
  if (s.addr + s.size > 2 ** 32) fail(`${what}: ${hex(s.addr)} + size ${hex(s.size)} overflows 32 bits`);
  const expectedLength = s.type === SHT_NOBITS ? 0 : s.size;
  if (s.data.length !== expectedLength) {
    fail(`${what}: data is ${s.data.length} bytes, expected ${expectedLength}`);
  }
}

/** Two allocatable sections may not claim the same address. */
function checkSectionsDisjoint(sections: ElfImageSection[], fail: Fail): void {
  const placed = sections.filter((s) => s.flags & SHF_ALLOC && s.size > 0).sort((a, b) => a.addr - b.addr);
  for (let i = 1; i < placed.length; i++) {
    const a = placed[i - 1]!;
    const b = placed[i]!;
    if (b.addr < a.addr + a.size) {
      fail(
        `sections ${printable(a.name)} and ${printable(b.name)} overlap ` +
          `(${hex(a.addr)}-${hex(a.addr + a.size - 1)} and ${hex(b.addr)}-${hex(b.addr + b.size - 1)})`,
      );
    }
  }
}

function validateSymbol(sym: ElfImageSymbol, sections: Set<string>, fail: Fail): void {
  if (sym.name.includes('\0')) fail(`symbol name ${JSON.stringify(sym.name)} contains a NUL byte`);
  const what = `symbol ${printable(sym.name)}`;
  requireWord(sym.value, `${what}: value`, fail);
  requireWord(sym.size, `${what}: size`, fail);
  if (!Number.isInteger(sym.type) || sym.type < 0 || sym.type > 15) {
    fail(`${what}: type ${sym.type} does not fit in 4 bits`);
  }
  if (sym.bind !== STB_LOCAL && sym.bind !== STB_GLOBAL && sym.bind !== STB_WEAK) {
    fail(`${what}: bind ${sym.bind} is not STB_LOCAL, STB_GLOBAL or STB_WEAK`);
  }
  if (sym.section !== null && !sections.has(sym.section)) {
    fail(`${what}: section ${printable(sym.section)} does not exist`);
  }
}
