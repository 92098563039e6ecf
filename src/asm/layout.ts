// Where sections go in memory: the one place that defines mmulab's two
// executable layouts.
//
//   hosted (a Linux-style static user program)   bare (a machine-mode program)
//   base 0x0001_0000                              base 0x8000_0000
//
// From the base: executable sections (.text first, then the others in source
// order); from the next 4 KiB page, read-only data (.rodata first); then, from
// the next page again, writable data (.data first, other
// writable sections, .sdata last) and after it the zero-filled sections
// (.sbss, .bss, then others). Each section starts at a multiple of its
// alignment. Each permission group starts on its own page because a page has
// one set of permissions: a loader (Linux, qemu-user, mmulab's kernel) maps
// whole pages. Sections not marked allocatable ("a") get no address.
// `__global_pointer$` is .sdata's start (or else the writable area's) + 0x800,
// as in GNU ld's default script; the entry point is `_start`, or the start of
// the first executable section when there is no `_start` (as GNU ld does).
import type { Section } from './program.js';
import { SHF_ALLOC, SHF_EXECINSTR, SHF_WRITE, SHT_NOBITS } from '../elf/types.js';

export type LayoutName = 'hosted' | 'bare';

export const LAYOUT_BASE: Record<LayoutName, number> = { hosted: 0x0001_0000, bare: 0x8000_0000 };
/** Permission groups (code, read-only data, writable data) start on a page of their own. */
const DATA_PAGE_SIZE = 0x1000;
/** The gp offset GNU ld uses so a 12-bit signed offset reaches 4 KiB of small data. */
const GLOBAL_POINTER_OFFSET = 0x800;

const alignUp = (value: number, align: number): number => Math.ceil(value / align) * align;

/** Sorts by rank (stable, so equal ranks keep source order). */
function ranked(sections: Section[], rank: (s: Section) => number): Section[] {
  return sections.map((s, i) => ({ s, i })).sort((a, b) => rank(a.s) - rank(b.s) || a.i - b.i).map((x) => x.s);
}

const named = (s: Section, prefix: string): boolean => s.name === prefix || s.name.startsWith(prefix + '.');

export interface Layout {
  /** Allocated sections in address order. */
  order: Section[];
  globalPointer: number;
}

/** Assigns every section its address; sizes must be final (relax.ts). */
export function layoutSections(sections: Section[], layout: LayoutName): Layout {
  const alloc = sections.filter((s) => s.flags & SHF_ALLOC);
  const exec = ranked(alloc.filter((s) => s.flags & SHF_EXECINSTR), (s) => (s.name === '.text' ? 0 : 1));
  const readOnly = ranked(alloc.filter((s) => !(s.flags & (SHF_EXECINSTR | SHF_WRITE))), (s) => (named(s, '.rodata') ? 0 : 1));
  const writable = alloc.filter((s) => (s.flags & SHF_WRITE) && !(s.flags & SHF_EXECINSTR));
  const data = ranked(writable.filter((s) => s.type !== SHT_NOBITS), (s) => (named(s, '.data') ? 0 : named(s, '.sdata') ? 2 : 1));
  const bss = ranked(writable.filter((s) => s.type === SHT_NOBITS), (s) => (named(s, '.sbss') ? 0 : named(s, '.bss') ? 1 : 2));

  let cursor = LAYOUT_BASE[layout];
  const place = (list: Section[]): void => {
    for (const s of list) {
      s.addr = alignUp(cursor, s.align);
      cursor = s.addr + s.offsets[s.items.length]!;
    }
  };
  place(exec);
  // (An empty section, say a `.section .rodata` with nothing in it, needs no page.)
  if (readOnly.some((s) => s.offsets[s.items.length]! > 0)) cursor = alignUp(cursor, DATA_PAGE_SIZE);
  place(readOnly);
  const dataStart = alignUp(cursor, DATA_PAGE_SIZE);
  cursor = dataStart;
  place([...data, ...bss]);
  for (const s of sections) if (!(s.flags & SHF_ALLOC)) s.addr = 0;

  const sdata = data.find((s) => named(s, '.sdata'));
  const globalPointer = (sdata?.addr ?? data[0]?.addr ?? bss[0]?.addr ?? dataStart) + GLOBAL_POINTER_OFFSET;
  return { order: [...exec, ...readOnly, ...data, ...bss], globalPointer };
}
