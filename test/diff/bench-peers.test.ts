// The peers (differential: needs QEMU): the tlb-reach guest behaves the same
// on qemu-riscv32 (Linux) as under mmulab's kernel, and the comparison runs.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { QEMU_SYSTEM, QEMU_USER, runPeers } from '../../src/bench/peers.js';
import { reachGuest } from '../../src/bench/tlb-reach.js';

describe('bench peers', () => {
  it('the guest exits alike on qemu-riscv32 and mmulab: 0 for good arguments, 2 for bad ones', async () => {
    const elf = join(mkdtempSync(join(tmpdir(), 'mmulab-peers-test-')), 'tlb-reach.elf');
    writeFileSync(elf, (await reachGuest()).bytes, { mode: 0o755 });
    const cases: [string[], number][] = [
      [['16', '4'], 0], [['16', '4', 'y'], 0], [['0', '4'], 2], [['16'], 2], [['16', '4', 'n'], 2],
      [['65537', '1'], 2], [['1x', '1'], 2], [['', '1'], 2], [['1', '1000001'], 2],
    ];
    for (const [args, status] of cases) {
      expect(spawnSync(QEMU_USER, [elf, ...args]).status, `qemu ${args.join(' ')}`).toBe(status);
      const mine = spawnSync(process.execPath, ['dist/mmulab.js', 'run', '--no-summary', elf, ...args]);
      expect(mine.status, `mmulab ${args.join(' ')}`).toBe(status);
    }
  });

  it('times every case on both sides', async () => {
    const result = await runPeers(1);
    expect(result.skipped).toEqual([]);
    expect(result.comparisons.map((c) => c.peer)).toEqual([QEMU_USER, QEMU_USER, QEMU_SYSTEM, QEMU_SYSTEM, QEMU_SYSTEM, QEMU_SYSTEM, QEMU_SYSTEM]);
    for (const c of result.comparisons) {
      expect(c.ratio).toBe(c.mmulabSeconds / c.peerSeconds);
      expect(c.mmulabSeconds).toBeGreaterThan(0);
      expect(c.peerSeconds).toBeGreaterThan(0);
    }
  }, 120_000);
});
