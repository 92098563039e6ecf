// `mmulab asm FILE.s`: assemble to an ELF executable, as GNU as + ld would.
import { Command, InvalidArgumentError } from 'commander';
import type { AssembleResult } from '../../asm/index.js';
import { readElf, type ElfFile } from '../../elf/index.js';
import { assembleSource, writeExecutable, type Layout } from '../program-file.js';
import { hex } from '../format.js';

type AsmFormat = 'summary' | 'listing' | 'json';
const FORMATS: readonly AsmFormat[] = ['summary', 'listing', 'json'];

function parseFormat(text: string): AsmFormat {
  if (!FORMATS.includes(text as AsmFormat)) throw new InvalidArgumentError(`expected ${FORMATS.join(', ')}`);
  return text as AsmFormat;
}

export function asmCommand(): Command {
  return new Command('asm')
    .description('assemble a RISC-V source file into an ELF32 executable')
    .argument('<file>', 'assembly source (GNU as syntax, RV32IMAC)')
    .option('-o, --output <file>', 'where to write the ELF (default: the source name with .elf)')
    .option('--bare', 'bare-metal layout (text at 0x80000000) instead of a hosted user program (0x10000)')
    .option('--format <format>', 'what to print: summary (segments), listing (address, bytes, source line) or json',
      parseFormat, 'summary')
    .action((file: string, opts: { output?: string; bare?: boolean; format: AsmFormat }) => {
      const layout: Layout = opts.bare ? 'bare' : 'hosted';
      const result = assembleSource(file, layout);
      const output = opts.output ?? file.replace(/\.s$/i, '') + '.elf';
      writeExecutable(output, result.elf);
      const elf = readElf(result.elf, output);
      if (opts.format === 'listing') process.stdout.write(listing(result));
      else if (opts.format === 'json') process.stdout.write(JSON.stringify(asJson(output, layout, elf, result), null, 2) + '\n');
      else process.stdout.write(summary(output, layout, elf, result.elf.length));
    });
}

function summary(output: string, layout: Layout, elf: ElfFile, size: number): string {
  const lines = [`${output}: ${layout} ELF32 executable, entry ${hex(elf.entry)}, ${size} bytes`];
  for (const seg of elf.segments) {
    lines.push(`  load ${hex(seg.vaddr)}-${hex(seg.vaddr + seg.memsz)} ${permissions(seg.flags)} ` +
      `(${seg.filesz} bytes from the file${seg.memsz > seg.filesz ? `, ${seg.memsz - seg.filesz} zeroed` : ''})`);
  }
  return lines.join('\n') + '\n';
}

function permissions(flags: number): string {
  return `${flags & 4 ? 'r' : '-'}${flags & 2 ? 'w' : '-'}${flags & 1 ? 'x' : '-'}`;
}

/** Bytes in memory order, at most 8 shown. */
function byteText(bytes: Uint8Array): string {
  const shown = Array.from(bytes.subarray(0, 8), (b) => b.toString(16).padStart(2, '0')).join(' ');
  return bytes.length > 8 ? `${shown} ...` : shown;
}

/** Every statement that made bytes: its address, the bytes, and the source line it came from. */
function listing(result: AssembleResult): string {
  return result.listing.map((l) =>
    `${l.addr.toString(16).padStart(8, '0')}  ${byteText(l.bytes).padEnd(27)}  ${`${l.file}:${l.line}`.padEnd(20)}  ${l.source}\n`,
  ).join('');
}

function asJson(output: string, layout: Layout, elf: ElfFile, result: AssembleResult): object {
  return {
    output, layout, entry: elf.entry,
    segments: elf.segments.map((s) => ({ vaddr: s.vaddr, memsz: s.memsz, filesz: s.filesz, flags: permissions(s.flags) })),
    sections: result.sections,
    symbols: Object.fromEntries(result.symbols),
    listing: result.listing.map((l) => ({ addr: l.addr, bytes: Array.from(l.bytes), file: l.file, line: l.line, source: l.source })),
  };
}
