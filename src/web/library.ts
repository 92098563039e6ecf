// The programs from programs/, bundled into the page by scripts/build-web.mjs
// (the module 'virtual:programs'), so the picker works offline and from any
// static host; and the .include reader over them.
import { FILES } from 'virtual:programs';

/** A program the picker offers: an assembly source or a committed C ELF. */
export interface LibraryProgram {
  path: string;
  kind: 'asm' | 'elf';
}

/** Sources and ELFs in the picker's order: top-level demos, isa/, vm/, selftest/. */
export function libraryPrograms(): LibraryProgram[] {
  const picked = Object.keys(FILES).filter((p) => !p.startsWith('lib/') && (p.endsWith('.s') || p.endsWith('.elf')));
  const rank = (p: string): number => ['', 'isa/', 'vm/', 'selftest/'].indexOf(p.includes('/') ? p.slice(0, p.indexOf('/') + 1) : '');
  picked.sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
  return picked.map((path) => ({ path, kind: path.endsWith('.elf') ? 'elf' : 'asm' }));
}

/** The text of a bundled source file. */
export function sourceText(path: string): string {
  const text = FILES[normalizePath(path)];
  if (typeof text !== 'string') throw new Error(`no such file in the playground's programs: ${path}`);
  return text;
}

/** The bytes of a bundled ELF (stored as base64). */
export function elfBytes(path: string): Uint8Array {
  const b64 = FILES[path];
  if (typeof b64 !== 'object') throw new Error(`no such ELF in the playground's programs: ${path}`);
  const bin = atob(b64.base64);
  return Uint8Array.from(bin, (c) => c.charCodeAt(0));
}

/** `isa/../lib/print.s` -> `lib/print.s`: the assembler joins .include paths to the including file's directory. */
export function normalizePath(path: string): string {
  const out: string[] = [];
  for (const part of path.split('/')) {
    if (part === '..') out.pop();
    else if (part !== '.' && part !== '') out.push(part);
  }
  return out.join('/');
}
