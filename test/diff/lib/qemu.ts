// The reference: qemu-system-riscv32's spike machine runs a bare-metal ELF in
// M-mode with RAM at 0x8000_0000 and HTIF at the ELF's tohost/fromhost.
import { readFileSync } from 'node:fs';
import { runTool, ToolError } from './tools.js';

/**
 * The CPU mmulab implements: RV32IMAC with S and U (misa = I M A C S U). QEMU's
 * default rv32 CPU also has F, D and H (which would change misa and mstatus)
 * and Zba, Zbb, Zbc and Zbs (whose encodings mmulab must treat as illegal);
 * the implementation IDs are set to mmulab's (0 = "not implemented", which
 * the privileged spec allows for mvendorid, marchid and mimpid).
 */
const QEMU_CPU =
  'rv32,g=false,f=false,d=false,h=false,zba=false,zbb=false,zbc=false,zbs=false,mvendorid=0,marchid=0,mimpid=0';

const QEMU_TIMEOUT_MS = 120_000;

export interface RunOutput {
  /** Everything the guest printed through the HTIF console. */
  console: string;
  /** The HTIF exit status (tohost value >> 1). */
  exitCode: number;
}

/**
 * Runs `elfPath` and returns its console output. The console goes to a file,
 * not a pipe: QEMU's stdio backend drops characters when a pipe is full.
 */
export function runQemu(elfPath: string): RunOutput {
  const consolePath = `${elfPath}.console`;
  const r = runTool(
    'qemu-system-riscv32',
    [
      '-machine', 'spike', '-cpu', QEMU_CPU, '-display', 'none', '-monitor', 'none',
      '-serial', `file:${consolePath}`, '-bios', 'none', '-kernel', elfPath,
    ],
    QEMU_TIMEOUT_MS,
  );
  if (r.stderr.trim() !== '') throw new ToolError(`qemu-system-riscv32 ${elfPath}: ${r.stderr.trim()}`);
  return { console: readFileSync(consolePath, 'utf8'), exitCode: r.status };
}
