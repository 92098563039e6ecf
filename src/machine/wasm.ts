// The Wasm hardware's exports (assembly/index.ts) as the host sees them, and
// how to find and instantiate build/mmulab.wasm.
import { MachineError } from './errors.js';

/** assembly/index.ts's exports; bool parameters are i32 (0/1) at the boundary. */
export interface HartExports {
  memory: WebAssembly.Memory;
  regsLocation: WebAssembly.Global;
  statsLocation: WebAssembly.Global;
  traceLocation: WebAssembly.Global;
  ramLocation: WebAssembly.Global;
  tlbLocation: WebAssembly.Global;
  init(ramBytes: number, adUpdate: number): number;
  reset(adUpdate: number): void;
  configureTlb(t: number, first: number, sets: number, ways: number, policy: number, split: number): void;
  setSeed(seed: number): void;
  setFastPaths(on: number): void;
  setHostTraps(on: number): void;
  setTohost(pa: number): void;
  run(budget: number): number;
  runCount(): number;
  getPc(): number;
  setPc(pc: number): void;
  getPriv(): number;
  setPrivilege(p: number): void;
  instretLo(): number;
  instretHi(): number;
  readCsr(addr: number): number;
  csrExists(addr: number): number;
  writeCsr(addr: number, v: number): void;
  translate(va: number, access: number): void;
  resetStats(): void;
  sfenceVma(hasVa: number, va: number, hasAsid: number, asid: number): void;
  trapCauseOf(): number;
  trapTvalOf(): number;
  trapEpcOf(): number;
  trapFromPrivOf(): number;
}

// Stop codes of run() (assembly/layout.ts STOP_*).
export const STOP_BUDGET = 0;
export const STOP_HTIF = 1;
export const STOP_TRAP = 2;
export const STOP_WFI = 3;

/** Instantiates the hardware from mmulab.wasm's bytes or its compiled module. */
export async function instantiateHart(wasm: ArrayBuffer | ArrayBufferView | WebAssembly.Module): Promise<HartExports> {
  const imports = {
    env: {
      abort(): never {
        throw new MachineError('the Wasm hardware aborted (an internal assertion failed)');
      },
    },
  };
  const module = wasm instanceof WebAssembly.Module ? wasm : await WebAssembly.compile(wasm as BufferSource);
  const instance = await WebAssembly.instantiate(module, imports);
  return instance.exports as unknown as HartExports;
}

let defaultModule: Promise<WebAssembly.Module> | undefined;

/** build/mmulab.wasm compiled once per process (Node only). */
export function defaultHartModule(): Promise<WebAssembly.Module> {
  defaultModule ??= readDefaultWasm().then((bytes) => WebAssembly.compile(bytes as BufferSource));
  return defaultModule;
}

/**
 * The path of `relative` (e.g. 'build/mmulab.wasm') in the package: found by
 * walking up from this module, so it works from src/ (tests) and from the
 * dist/ bundle alike. Node only.
 */
export async function findPackageFile(relative: string): Promise<string> {
  const { access } = await import('node:fs/promises');
  const { fileURLToPath } = await import('node:url');
  const path = await import('node:path');
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = path.join(dir, relative);
    try {
      await access(candidate);
      return candidate;
    } catch {
      const parent = path.dirname(dir);
      if (parent === dir) throw new MachineError(`cannot find ${relative} (run npm run build)`);
      dir = parent;
    }
  }
}

/** Reads build/mmulab.wasm (Node only; browsers use Machine.fromWasm). */
export async function readDefaultWasm(): Promise<Uint8Array> {
  const { readFile } = await import('node:fs/promises');
  return readFile(await findPackageFile('build/mmulab.wasm'));
}
