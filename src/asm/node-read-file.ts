// The default .include reader for Node: kept out of the core modules so a
// browser can hand assemble() its own readFile.
import { readFileSync } from 'node:fs';

export function readFileUtf8(path: string): string {
  return readFileSync(path, 'utf8');
}
