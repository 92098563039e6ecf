// Decoding one Sv32 PTE into what a student reads off it.
import {
  PTE_COW, PTE_PPN_SHIFT, PTE_PROT_NONE, PTE_R, PTE_V, PTE_W, PTE_X, PTE2PA, levelPageSize, type PagingMode,
} from '../kernel/index.js';
import type { PteInfo } from './types.js';

const PTE_BIT_LETTERS = 'VRWXUGAD';

/** `VRWXUGAD` with '-' for each clear bit (bit 0, V, first). */
export function pteBits(pte: number): string {
  let s = '';
  for (let b = 0; b < PTE_BIT_LETTERS.length; b++) s += pte & (1 << b) ? PTE_BIT_LETTERS[b] : '-';
  return s;
}

/** The PPN field of an Sv32 PTE (bits 31:10). */
export function ptePpn(pte: number): number {
  return pte >>> PTE_PPN_SHIFT;
}

/** Leaf, pointer, or invalid, as the walker decides (a leaf has R or X; W without R is reserved, so invalid). */
export function pteKind(pte: number): PteInfo['kind'] {
  if ((pte & PTE_V) === 0 || ((pte & PTE_R) === 0 && (pte & PTE_W) !== 0)) return 'invalid';
  return (pte & (PTE_R | PTE_X)) !== 0 ? 'leaf' : 'pointer';
}

/** Entry `index` of the table at `tablePa` for `level`, whose addresses start at `tableVa`. */
export function decodePte(mode: PagingMode, level: number, tableVa: number, tablePa: number, index: number, pte: number): PteInfo {
  const size = levelPageSize(mode, level);
  return {
    index,
    address: tablePa + index * mode.pteBytes,
    value: pte >>> 0,
    bits: pteBits(pte),
    kind: pteKind(pte),
    ppn: ptePpn(pte),
    pa: PTE2PA(pte),
    va: tableVa + index * size,
    size,
    cow: (pte & PTE_V) !== 0 && (pte & PTE_COW) !== 0,
    protNone: (pte & PTE_V) === 0 && (pte & PTE_PROT_NONE) !== 0,
  };
}
