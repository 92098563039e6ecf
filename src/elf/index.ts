// The ELF reader and writer: mmulab's loader and tools read executables
// with readElf; the assembler writes them with writeElf.
export * from './types.js';
export { ElfError } from './errors.js';
export { readElf, symbolValue, type ReadElfOptions } from './read.js';
export { writeElf, PAGE_SIZE } from './write.js';
