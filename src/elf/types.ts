// ELF constants and the shapes mmulab reads and writes. Names and values
// follow the System V gABI ("ELF-64 Object File Format" / TIS ELF 1.2) and the
// RISC-V ELF psABI for the RISC-V specific ones.

// e_ident[] indexes and values.
export const EI_NIDENT = 16;
export const EI_CLASS = 4;
export const EI_DATA = 5;
export const EI_VERSION = 6;
export const EI_OSABI = 7;
export const ELFMAG = Uint8Array.of(0x7f, 0x45, 0x4c, 0x46); // "\x7fELF"
export const ELFCLASS32 = 1;
export const ELFCLASS64 = 2;
export const ELFDATA2LSB = 1;
export const ELFDATA2MSB = 2;
export const EV_CURRENT = 1;
export const ELFOSABI_NONE = 0;

// e_type.
export const ET_NONE = 0;
export const ET_REL = 1;
export const ET_EXEC = 2;
export const ET_DYN = 3;
export const ET_CORE = 4;

// e_machine.
export const EM_RISCV = 243;

// e_phnum escape: the real count lives in section 0's sh_info.
export const PN_XNUM = 0xffff;

// e_flags bits defined by the RISC-V psABI.
export const EF_RISCV_RVC = 0x0001;
export const EF_RISCV_FLOAT_ABI = 0x0006; // mask
export const EF_RISCV_FLOAT_ABI_SOFT = 0x0000;
export const EF_RISCV_FLOAT_ABI_SINGLE = 0x0002;
export const EF_RISCV_FLOAT_ABI_DOUBLE = 0x0004;
export const EF_RISCV_FLOAT_ABI_QUAD = 0x0006;
export const EF_RISCV_RVE = 0x0008;
export const EF_RISCV_TSO = 0x0010;

// p_type.
export const PT_NULL = 0;
export const PT_LOAD = 1;
export const PT_DYNAMIC = 2;
export const PT_INTERP = 3;
export const PT_NOTE = 4;
export const PT_SHLIB = 5;
export const PT_PHDR = 6;
export const PT_TLS = 7;
export const PT_GNU_STACK = 0x6474e551;
export const PT_RISCV_ATTRIBUTES = 0x70000003;

// p_flags.
export const PF_X = 0x1;
export const PF_W = 0x2;
export const PF_R = 0x4;

// Special section indexes.
export const SHN_UNDEF = 0;
export const SHN_LORESERVE = 0xff00;
export const SHN_ABS = 0xfff1;
export const SHN_COMMON = 0xfff2;
export const SHN_XINDEX = 0xffff;

// sh_type.
export const SHT_NULL = 0;
export const SHT_PROGBITS = 1;
export const SHT_SYMTAB = 2;
export const SHT_STRTAB = 3;
export const SHT_RELA = 4;
export const SHT_HASH = 5;
export const SHT_DYNAMIC = 6;
export const SHT_NOTE = 7;
export const SHT_NOBITS = 8;
export const SHT_REL = 9;
export const SHT_DYNSYM = 11;
export const SHT_INIT_ARRAY = 14;
export const SHT_FINI_ARRAY = 15;
export const SHT_PREINIT_ARRAY = 16;
export const SHT_GROUP = 17;
export const SHT_SYMTAB_SHNDX = 18;
export const SHT_RISCV_ATTRIBUTES = 0x70000003;

// sh_flags.
export const SHF_WRITE = 0x1;
export const SHF_ALLOC = 0x2;
export const SHF_EXECINSTR = 0x4;
export const SHF_MERGE = 0x10;
export const SHF_STRINGS = 0x20;
export const SHF_INFO_LINK = 0x40;

// Symbol type (low nibble of st_info) and binding (high nibble).
export const STT_NOTYPE = 0;
export const STT_OBJECT = 1;
export const STT_FUNC = 2;
export const STT_SECTION = 3;
export const STT_FILE = 4;
export const STT_COMMON = 5;
export const STT_TLS = 6;
export const STB_LOCAL = 0;
export const STB_GLOBAL = 1;
export const STB_WEAK = 2;

// Structure sizes in bytes, per class.
export const ELF32_EHDR_SIZE = 52;
export const ELF32_PHDR_SIZE = 32;
export const ELF32_SHDR_SIZE = 40;
export const ELF32_SYM_SIZE = 16;
export const ELF64_EHDR_SIZE = 64;
export const ELF64_PHDR_SIZE = 56;
export const ELF64_SHDR_SIZE = 64;
export const ELF64_SYM_SIZE = 24;

/** One program header. `data` views the filesz bytes of the input file. */
export interface ElfSegment {
  type: number;
  flags: number;
  offset: number;
  vaddr: number;
  paddr: number;
  filesz: number;
  memsz: number;
  align: number;
  data: Uint8Array;
}

/** One section header; `sections[i]` is section header index i (0 is SHT_NULL). */
export interface ElfSection {
  name: string;
  type: number;
  flags: number;
  addr: number;
  offset: number;
  size: number;
  align: number;
  /** The section's bytes (a view of the input); empty for SHT_NOBITS. */
  data: Uint8Array;
}

/**
 * The raw fields of one section header (Elf32_Shdr / Elf64_Shdr), as the
 * reader decodes them and the writer encodes them; `name` is an offset into
 * the section name string table.
 */
export interface ElfSectionHeader {
  name: number;
  type: number;
  flags: number;
  addr: number;
  offset: number;
  size: number;
  link: number;
  info: number;
  align: number;
  entsize: number;
}

/** One symbol; `symbols[i]` is symbol table index i (0 is the null symbol). */
export interface ElfSymbol {
  name: string;
  value: number;
  size: number;
  type: number;
  bind: number;
  /** st_shndx: an index into `sections`, or SHN_UNDEF / SHN_ABS / SHN_COMMON. */
  sectionIndex: number;
}

export interface ElfFile {
  bits: 32 | 64;
  type: number;
  machine: number;
  flags: number;
  entry: number;
  segments: ElfSegment[];
  sections: ElfSection[];
  symbols: ElfSymbol[];
}

/** A section handed to writeElf. */
export interface ElfImageSection {
  name: string;
  /** SHT_PROGBITS or SHT_NOBITS. */
  type: number;
  /** SHF_ALLOC | SHF_WRITE | SHF_EXECINSTR. */
  flags: number;
  addr: number;
  align: number;
  /** The contents; empty for SHT_NOBITS. */
  data: Uint8Array;
  size: number;
}

/** A symbol handed to writeElf. */
export interface ElfImageSymbol {
  name: string;
  value: number;
  size: number;
  type: number;
  bind: number;
  /** The name of the section it is defined in; null means absolute (SHN_ABS). */
  section: string | null;
}

/** Everything writeElf needs to produce a static ELF32 RISC-V executable. */
export interface ElfImage {
  entry: number;
  /** e_flags, e.g. EF_RISCV_RVC. */
  flags: number;
  sections: ElfImageSection[];
  symbols: ElfImageSymbol[];
}
