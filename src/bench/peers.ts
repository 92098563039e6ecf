// Peers: the same guest ELF files on mmulab and on QEMU, wall time side by
// side. User-mode programs run under mmulab's kernel (`mmulab run`) and on
// qemu-riscv32 (Linux user emulation); bare programs run on `mmulab run
// --bare` and on qemu-system-riscv32's spike machine (HTIF, like mmulab).
// Each side is a fresh process, so both times include start-up (Node and
// the Wasm compile for mmulab, QEMU's for QEMU); the figure is the median of
// the runs, and the ratio is mmulab's median / QEMU's. Without QEMU the
// comparisons are skipped and the result says so.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { assemble } from '../asm/index.js';
import { findPackageFile } from '../machine/wasm.js';
import { GuestFailedError } from './tlb-reach.js';

export const QEMU_USER = 'qemu-riscv32';
export const QEMU_SYSTEM = 'qemu-system-riscv32';
/** A peer run longer than this is a hang. */
const TIMEOUT_MS = 300_000;

interface PeerCase {
  name: string;
  kind: 'user' | 'bare';
  /** Source under the package, assembled for its layout. */
  source: string;
  args: string[];
}

// The bare-metal Sv32 programs (sv32-s-mode.s opens PMP entry 0 for S-mode,
// as QEMU requires too) run on qemu-system-riscv32's spike machine: its
// softmmu TLB against mmulab's modeled one, paging on at both ends.
const CASES: readonly PeerCase[] = [
  { name: 'tlb-reach 64 pages x 250000 (user)', kind: 'user', source: 'programs/bench/tlb-reach.s', args: ['64', '250000'] },
  { name: 'tlb-reach 4096 pages x 2000 (user)', kind: 'user', source: 'programs/bench/tlb-reach.s', args: ['4096', '2000'] },
  { name: 'alu-bare.s (bare, paging off)', kind: 'bare', source: 'programs/bench/alu-bare.s', args: [] },
  { name: 'alu.s (bare-metal, Sv32)', kind: 'bare', source: 'programs/bench/alu.s', args: [] },
  { name: 'sweep.s (bare-metal, Sv32)', kind: 'bare', source: 'programs/bench/sweep.s', args: [] },
  { name: 'random.s (bare-metal, Sv32)', kind: 'bare', source: 'programs/bench/random.s', args: [] },
  { name: 'random64.s (bare-metal, Sv32)', kind: 'bare', source: 'programs/bench/random64.s', args: [] },
];

export interface PeerComparison {
  name: string;
  peer: string;
  mmulabSeconds: number;
  peerSeconds: number;
  /** mmulab's median wall time / the peer's. */
  ratio: number;
  runs: number;
}

export interface PeersResult {
  /** Each QEMU's `--version` first line, or null when it is not installed. */
  tools: Record<string, string | null>;
  comparisons: PeerComparison[];
  /** Cases not run, with why. */
  skipped: string[];
}

/** The first line of `tool --version`, or null when the tool cannot run. */
export function toolVersion(tool: string): string | null {
  const r = spawnSync(tool, ['--version'], { encoding: 'utf8' });
  if (r.error !== undefined || r.status !== 0) return null;
  return r.stdout.split('\n')[0]!.trim();
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Wall seconds of one run of `command`; it must exit with status 0. */
export function timeRun(command: string, args: string[]): number {
  const start = performance.now();
  const r = spawnSync(command, args, { encoding: 'utf8', timeout: TIMEOUT_MS, maxBuffer: 1 << 26 });
  const seconds = (performance.now() - start) / 1000;
  if (r.error !== undefined || r.status !== 0) {
    const why = r.error?.message ?? `status ${r.status}: ${(r.stderr ?? '').trim().split('\n')[0] ?? ''}`;
    throw new GuestFailedError(`${command} ${args.join(' ')}: ${why}`);
  }
  return seconds;
}

async function elfFor(c: PeerCase, dir: string): Promise<string> {
  const file = path.join(dir, `${path.basename(c.source, '.s')}.${c.kind}.elf`);
  writeFileSync(file, assembleFile(await findPackageFile(c.source), c.kind === 'user' ? 'hosted' : 'bare'), { mode: 0o755 });
  return file;
}

/**
 * QEMU finds HTIF through the symbols tohost and fromhost and insists that
 * each is 8 bytes (ELF st_size); the bench programs do not give their sizes,
 * so a bare program gets them here (mmulab ignores them). Both sides run
 * this same ELF.
 */
const HTIF_SYMBOL_SIZES = '\n    .size tohost, 8\n    .size fromhost, 8\n';

function assembleFile(file: string, layout: 'hosted' | 'bare'): Uint8Array {
  const source = readFileSync(file, 'utf8') + (layout === 'bare' ? HTIF_SYMBOL_SIZES : '');
  return assemble(source, { file, layout }).elf;
}

function peerCommand(c: PeerCase, elf: string): [string, string[]] {
  if (c.kind === 'user') return [QEMU_USER, [elf, ...c.args]];
  return [QEMU_SYSTEM, ['-machine', 'spike', '-display', 'none', '-monitor', 'none', '-serial', 'none', '-bios', 'none', '-kernel', elf]];
}

function mmulabCommand(c: PeerCase, cli: string, elf: string): [string, string[]] {
  const bare = c.kind === 'bare' ? ['--bare'] : [];
  return [process.execPath, [cli, 'run', '--no-summary', ...bare, elf, ...c.args]];
}

/** Runs every case `runs` times on each side, alternating, where its QEMU is installed. */
export async function runPeers(runs: number, progress?: (done: number, total: number) => void): Promise<PeersResult> {
  const tools = { [QEMU_USER]: toolVersion(QEMU_USER), [QEMU_SYSTEM]: toolVersion(QEMU_SYSTEM) };
  const cli = await findPackageFile('dist/mmulab.js');
  const dir = mkdtempSync(path.join(tmpdir(), 'mmulab-peers-'));
  const comparisons: PeerComparison[] = [];
  const skipped: string[] = [];
  try {
    for (const [i, c] of CASES.entries()) {
      const peer = c.kind === 'user' ? QEMU_USER : QEMU_SYSTEM;
      if (tools[peer] === null) {
        skipped.push(`${c.name}: ${peer} is not installed`);
        continue;
      }
      const elf = await elfFor(c, dir);
      const [mCmd, mArgs] = mmulabCommand(c, cli, elf);
      const [pCmd, pArgs] = peerCommand(c, elf);
      const mine: number[] = [];
      const theirs: number[] = [];
      for (let r = 0; r < runs; r++) {
        mine.push(timeRun(mCmd, mArgs));
        theirs.push(timeRun(pCmd, pArgs));
      }
      const mmulabSeconds = median(mine);
      const peerSeconds = median(theirs);
      comparisons.push({ name: c.name, peer, mmulabSeconds, peerSeconds, ratio: mmulabSeconds / peerSeconds, runs });
      progress?.(i + 1, CASES.length);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return { tools, comparisons, skipped };
}
