// `mmulab asm FILE.s`: assemble to an ELF executable, as GNU as + ld would.
import { Command } from 'commander';
import { assembleFile, writeExecutable, type Layout } from '../program-file.js';
import { readElf } from '../../elf/index.js';
import { hex } from '../format.js';

export function asmCommand(): Command {
  return new Command('asm')
    .description('assemble a RISC-V source file into an ELF32 executable')
    .argument('<file>', 'assembly source (GNU as syntax, RV32IMAC)')
    .option('-o, --output <file>', 'where to write the ELF (default: the source name with .elf)')
    .option('--bare', 'bare-metal layout (text at 0x80000000) instead of a hosted user program (0x10000)')
    .action((file: string, opts: { output?: string; bare?: boolean }) => {
      const layout: Layout = opts.bare ? 'bare' : 'hosted';
      const elfBytes = assembleFile(file, layout);
      const output = opts.output ?? file.replace(/\.s$/i, '') + '.elf';
      writeExecutable(output, elfBytes);
      const elf = readElf(elfBytes, output);
      process.stdout.write(`${output}: ${layout} ELF32 executable, entry ${hex(elf.entry)}, ${elfBytes.length} bytes\n`);
      for (const seg of elf.segments) {
        const perms = `${seg.flags & 4 ? 'r' : '-'}${seg.flags & 2 ? 'w' : '-'}${seg.flags & 1 ? 'x' : '-'}`;
        process.stdout.write(`  load ${hex(seg.vaddr)}-${hex(seg.vaddr + seg.memsz)} ${perms} ` +
          `(${seg.filesz} bytes from the file${seg.memsz > seg.filesz ? `, ${seg.memsz - seg.filesz} zeroed` : ''})\n`);
      }
    });
}
