// Running the reference tools (GNU as/ld, qemu-system-riscv32) for the
// differential suites. Every spawn has a timeout so a hung emulator fails the
// test instead of the CI job.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MmulabError } from '../../../src/errors.js';

/** A reference tool failed, timed out or could not be started. */
export class ToolError extends MmulabError {
  override name = 'ToolError';
}

export interface ToolResult {
  stdout: string;
  stderr: string;
  status: number;
}

/** This directory: runtime.S and link.ld live here. */
export const LIB_DIR = dirname(fileURLToPath(import.meta.url));

const TOOL_TIMEOUT_MS = 60_000;
// Generated programs print a few MB at most; leave ample room.
const MAX_OUTPUT_BYTES = 256 * 1024 * 1024;

export function runTool(cmd: string, args: readonly string[], timeoutMs = TOOL_TIMEOUT_MS): ToolResult {
  const r = spawnSync(cmd, args, { encoding: 'utf8', timeout: timeoutMs, maxBuffer: MAX_OUTPUT_BYTES });
  if (r.error) throw new ToolError(`${cmd} ${args.join(' ')}: ${r.error.message}`);
  if (r.status === null) throw new ToolError(`${cmd} ${args.join(' ')}: killed by ${r.signal ?? 'a signal'}`);
  return { stdout: r.stdout, stderr: r.stderr, status: r.status };
}

function runToolOrThrow(cmd: string, args: readonly string[]): void {
  const r = runTool(cmd, args);
  if (r.status !== 0) throw new ToolError(`${cmd} failed (status ${r.status}):\n${r.stderr.slice(0, 4000)}`);
}

/** A fresh directory for one suite's sources and ELFs. */
export function makeWorkDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `mmulab-${prefix}-`));
}

/** Removes a suite's directory, unless MMULAB_KEEP_DIFF_FILES is set (to inspect the programs). */
export function removeWorkDir(dir: string): void {
  if (!process.env.MMULAB_KEEP_DIFF_FILES) rmSync(dir, { recursive: true, force: true });
}

/**
 * Assembles `source` (which may `.include "runtime.S"`) and links it with
 * link.ld into `<dir>/<name>.elf`; returns the ELF's path and bytes.
 */
export function buildElf(dir: string, name: string, source: string): { path: string; bytes: Uint8Array } {
  const src = join(dir, `${name}.S`);
  const obj = join(dir, `${name}.o`);
  const elf = join(dir, `${name}.elf`);
  writeFileSync(src, source);
  runToolOrThrow('riscv64-unknown-elf-as', [
    '-march=rv32imac_zicsr_zifencei', '-mabi=ilp32', '-I', LIB_DIR, '-I', join(LIB_DIR, '../programs'), '-o', obj, src,
  ]);
  runToolOrThrow('riscv64-unknown-elf-ld', ['-m', 'elf32lriscv', '-T', join(LIB_DIR, 'link.ld'), '-o', elf, obj]);
  return { path: elf, bytes: new Uint8Array(readFileSync(elf)) };
}
