// `mmulab disasm FILE`: an objdump -d style listing of an ELF file (or of a source, assembled first).
import { Command, InvalidArgumentError } from 'commander';
import { disassembleElf, disassembleOne } from '../../asm/disasm.js';
import { SHF_EXECINSTR, type ElfFile } from '../../elf/index.js';
import { loadProgram } from '../program-file.js';

type DisasmFormat = 'text' | 'json';

function parseFormat(text: string): DisasmFormat {
  if (text !== 'text' && text !== 'json') throw new InvalidArgumentError('expected text or json');
  return text;
}

export function disasmCommand(): Command {
  return new Command('disasm')
    .description('disassemble the executable sections of an ELF file, as objdump -d prints them')
    .argument('<file>', 'ELF executable, or an assembly source to assemble first')
    .option('--bare', 'assemble a source in the bare-metal layout')
    .option('--no-aliases', 'print base instructions instead of aliases (like objdump -M no-aliases)')
    .option('--format <format>', "text (objdump's listing) or json (one record per instruction)", parseFormat, 'text')
    .action((file: string, opts: { bare?: boolean; aliases: boolean; format: DisasmFormat }) => {
      const elf = loadProgram(file, opts.bare ? 'bare' : 'hosted');
      if (opts.format === 'json') {
        process.stdout.write(JSON.stringify(instructions(elf, opts.aliases), null, 2) + '\n');
      } else {
        process.stdout.write(disassembleElf(elf, { aliases: opts.aliases }));
      }
    });
}

interface InstructionRecord { section: string; addr: number; bytes: number[]; mnemonic: string; operands: string }

/** Every instruction of the executable sections, decoded one after another from each section's start. */
function instructions(elf: ElfFile, aliases: boolean): InstructionRecord[] {
  const records: InstructionRecord[] = [];
  for (const section of elf.sections) {
    if (!(section.flags & SHF_EXECINSTR) || section.data.length === 0) continue;
    for (let at = 0; at + 2 <= section.data.length;) {
      const d = disassembleOne(section.data.subarray(at), section.addr + at, { aliases });
      records.push({
        section: section.name, addr: section.addr + at, bytes: Array.from(section.data.subarray(at, at + d.size)),
        mnemonic: d.mnemonic, operands: d.operands,
      });
      at += d.size;
    }
  }
  return records;
}
