// The executable's ELF image: sections with their bytes, and the symbol table
// (named symbols only: `.L*` and numeric local labels stay out, as in GNU as).
import type { DiagnosticList } from './diagnostics.js';
import type { SymbolValues } from './emit.js';
import type { Section, SymbolDef } from './program.js';
import {
  SHT_NOBITS,
  STB_GLOBAL,
  STB_LOCAL,
  STB_WEAK,
  type ElfImageSection,
  type ElfImageSymbol,
} from '../elf/types.js';

const BINDINGS = { local: STB_LOCAL, global: STB_GLOBAL, weak: STB_WEAK } as const;

/** ELF sections for every non-empty section (GNU ld drops empty output sections too). */
export function imageSections(sections: Section[], bytes: Map<Section, Uint8Array>): ElfImageSection[] {
  return sections
    .filter((s) => s.offsets[s.items.length]! > 0)
    .map((s) => ({
      name: s.name,
      type: s.type,
      flags: s.flags,
      addr: s.addr,
      align: s.align,
      data: s.type === SHT_NOBITS ? new Uint8Array(0) : bytes.get(s)!,
      size: s.offsets[s.items.length]!,
    }));
}

/** The symbol table entries for the defined, named symbols. */
export function imageSymbols(
  symbols: ReadonlyMap<string, SymbolDef>,
  values: SymbolValues,
  emitted: ReadonlySet<string>,
  diagnostics: DiagnosticList,
): ElfImageSymbol[] {
  const out: ElfImageSymbol[] = [];
  for (const sym of symbols.values()) {
    if (sym.internal || sym.def.kind === 'undefined') continue;
    diagnostics.guard(() => {
      const value = Number(BigInt.asUintN(32, values.value(sym.name, sym.loc)));
      const size = sym.sizeExpr ? Number(BigInt.asUintN(32, values.evaluate(sym.sizeExpr, sym.loc))) : 0;
      const section = sym.def.kind === 'label' && emitted.has(sym.def.section.name) ? sym.def.section.name : null;
      out.push({ name: sym.name, value, size, type: sym.type, bind: BINDINGS[sym.bind], section });
    });
  }
  return out;
}
