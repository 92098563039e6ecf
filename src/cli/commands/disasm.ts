// `mmulab disasm FILE`: an objdump -d style listing of an ELF file (or of a source, assembled first).
import { Command } from 'commander';
import { disassembleElf } from '../../asm/disasm.js';
import { loadProgram } from '../program-file.js';

export function disasmCommand(): Command {
  return new Command('disasm')
    .description('disassemble the executable sections of an ELF file, as objdump -d prints them')
    .argument('<file>', 'ELF executable, or an assembly source to assemble first')
    .option('--bare', 'assemble a source in the bare-metal layout')
    .option('--no-aliases', 'print base instructions instead of aliases (like objdump -M no-aliases)')
    .action((file: string, opts: { bare?: boolean; aliases: boolean }) => {
      const elf = loadProgram(file, opts.bare ? 'bare' : 'hosted');
      process.stdout.write(disassembleElf(elf, { aliases: opts.aliases }));
    });
}
