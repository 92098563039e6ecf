// The disassembler, text-identical to GNU objdump 2.40 on rv32imac_zicsr_zifencei
// code: disassembleOne for traces and tools, disassembleElf for `objdump -d`
// style listings. The work is split by concern:
//   disasm-one.ts    instruction length, decoding index, one instruction's text
//   disasm-forms.ts  objdump's spelling: aliases, refused encodings, address comments
//   disasm-elf.ts    listings: sections, symbol headers, byte columns
export {
  AddressTracker, DisasmError, decodeSpec, disassembleOne, formatAddress, instructionLength,
  type Disassembly, type DisasmOptions, type InsnLength,
} from './disasm-one.js';
export { disassembleElf, type DisasmElfOptions } from './disasm-elf.js';
