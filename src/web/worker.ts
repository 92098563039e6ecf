// The playground's Web Worker: owns the emulator (a Session) so the page
// stays responsive during long runs, and answers the page's requests
// (protocol.ts) with the new MachineState.
import { assembleWith } from '../asm/assemble.js';
import { AsmError } from '../asm/diagnostics.js';
import { readElf } from '../elf/index.js';
import { MmulabError } from '../errors.js';
import { sourceText } from './library.js';
import type { Request, Response } from './protocol.js';
import { Session } from './session.js';
import { snapshot } from './snapshot.js';

/** How often a long run sends the whole state, in ms. */
const STATE_INTERVAL_MS = 400;
/** How often a long run lets messages in (a macrotask costs ~4 ms in browsers, so not after every slice). */
const YIELD_INTERVAL_MS = 50;

interface WorkerScope {
  postMessage(message: Response): void;
  onmessage: ((event: MessageEvent<Request>) => void) | null;
}
const scope = self as unknown as WorkerScope;

let wasm: Promise<ArrayBuffer> | null = null;
let session: Session | null = null;
let program = '';
let selectedPid: number | null = null;
let busy = false;
let pauseRequested = false;

scope.onmessage = (event) => {
  const req = event.data;
  if (req.type === 'pause') {
    pauseRequested = true;
    return;
  }
  if (busy) {
    reply({ id: req.id, type: 'error', message: 'the machine is running: pause it first', diagnostics: [] });
    return;
  }
  busy = true;
  pauseRequested = false;
  handle(req)
    .then(() => reply({ id: req.id, type: 'state', state: snapshot(session!, program, selectedPid) }))
    .catch((err: unknown) => reply(errorResponse(req.id, err)))
    .finally(() => { busy = false; });
};

async function handle(req: Request): Promise<void> {
  if (req.type === 'load') {
    const bytes = req.program.kind === 'asm'
      ? assembleWith(req.program.text, { file: req.program.name, readFile: sourceText }).elf
      : req.program.bytes;
    const elf = readElf(bytes, req.program.name);
    session = await Session.create(await wasmBytes(), elf, [req.program.name, ...req.args], req.config);
    program = req.program.name;
    selectedPid = null;
    return;
  }
  const s = session;
  if (s === null) throw new MmulabError('load a program first');
  switch (req.type) {
    case 'step': return s.step(req.count);
    case 'stepOver': return s.stepOver(pollFor(req.id));
    case 'run': return s.run(req.until, pollFor(req.id));
    case 'back': return s.back(req.count);
    case 'reset': return s.reset();
    case 'select': selectedPid = req.pid; return;
  }
}

// Between slices of a run: let messages in (Pause), report progress, and say whether to stop.
function pollFor(id: number): (instructions: number) => Promise<boolean> {
  let lastState = performance.now();
  let lastYield = performance.now();
  return async (instructions) => {
    if (performance.now() - lastYield < YIELD_INTERVAL_MS) return false;
    await new Promise((resolve) => setTimeout(resolve, 0));
    const now = performance.now();
    lastYield = now;
    const withState = now - lastState >= STATE_INTERVAL_MS;
    if (withState) lastState = now;
    reply({ id, type: 'progress', instructions, state: withState ? snapshot(session!, program, selectedPid) : null });
    return pauseRequested;
  };
}

function wasmBytes(): Promise<ArrayBuffer> {
  wasm ??= fetch('mmulab.wasm').then((r) => {
    if (!r.ok) throw new MmulabError(`cannot fetch mmulab.wasm (${r.status})`);
    return r.arrayBuffer();
  });
  return wasm;
}

function errorResponse(id: number, err: unknown): Response {
  if (err instanceof AsmError) {
    return {
      id, type: 'error', message: err.message,
      diagnostics: err.diagnostics.map((d) => ({ file: d.file, line: d.line, column: d.column, message: d.message })),
    };
  }
  const message = err instanceof Error ? err.message : String(err);
  return { id, type: 'error', message, diagnostics: [] };
}

function reply(message: Response): void {
  scope.postMessage(message);
}
