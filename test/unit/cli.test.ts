import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

describe('mmulab command', () => {
  it('prints its version', () => {
    const out = execFileSync('node', ['dist/mmulab.js', '--version'], { encoding: 'utf8' });
    expect(out).toBe('0.1.0\n');
  });
});
