// Parsers for command-line values. Each rejects a bad value with the allowed
// range, through commander's InvalidArgumentError (printed as one clear line).
import { InvalidArgumentError } from 'commander';
import type { AdMode, TlbPolicy, TlbShape } from '../machine/index.js';

const SIZE_UNITS: Record<string, number> = { '': 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 };

/** A byte size such as `4096`, `64K`, `128M` or `1G`, within [min, max] and a multiple of `multiple`. */
export function parseSize(text: string, min: number, max: number, multiple = 1): number {
  const m = /^(\d+)\s*([kmg]?)(i?b)?$/i.exec(text.trim());
  const value = m ? Number(m[1]) * SIZE_UNITS[m[2]!.toLowerCase()]! : NaN;
  if (!Number.isSafeInteger(value) || value < min || value > max || value % multiple !== 0) {
    throw new InvalidArgumentError(
      `expected a size from ${formatSize(min)} to ${formatSize(max)}` +
      (multiple > 1 ? `, a multiple of ${formatSize(multiple)}` : '') + ` (e.g. 128M)`);
  }
  return value;
}

function formatSize(bytes: number): string {
  for (const [unit, scale] of [['G', 1024 ** 3], ['M', 1024 ** 2], ['K', 1024]] as const) {
    if (bytes >= scale && bytes % scale === 0) return `${bytes / scale}${unit}`;
  }
  return String(bytes);
}

/** A whole number in [min, max]; accepts `_` and `,` separators and k/M/G suffixes (10M = 10,000,000). */
export function parseCount(text: string, min: number, max: number): number {
  const m = /^(\d+)([kmg]?)$/i.exec(text.trim().replace(/[_,]/g, ''));
  const scale = { '': 1, k: 1e3, m: 1e6, g: 1e9 }[m?.[2]?.toLowerCase() ?? ''] ?? NaN;
  const value = m ? Number(m[1]) * scale : NaN;
  if (!Number.isSafeInteger(value) || value < min || value > max) {
    throw new InvalidArgumentError(`expected a whole number from ${min} to ${max}`);
  }
  return value;
}

export function parseAdMode(text: string): AdMode {
  if (text !== 'fault' && text !== 'update') throw new InvalidArgumentError(`expected 'fault' or 'update'`);
  return text;
}

const POLICIES: readonly TlbPolicy[] = ['lru', 'fifo', 'random'];

/** `ENTRIES[:WAYS[:POLICY]]`, e.g. `64`, `64:4`, `128:128:fifo`; WAYS defaults to ENTRIES (fully associative). */
export function parseTlb(text: string): TlbShape {
  const [e = '', w, p = 'lru'] = text.split(':');
  const entries = Number(e);
  const ways = w === undefined || w === 'full' ? entries : Number(w);
  const ok = Number.isInteger(entries) && entries >= 1 && entries <= 4096 &&
    Number.isInteger(ways) && ways >= 1 && entries % ways === 0 && POLICIES.includes(p as TlbPolicy);
  if (!ok) {
    throw new InvalidArgumentError(
      'expected ENTRIES[:WAYS[:POLICY]]: ENTRIES 1-4096, WAYS dividing ENTRIES (or "full"), POLICY lru|fifo|random');
  }
  return { entries, ways, policy: p as TlbPolicy };
}
