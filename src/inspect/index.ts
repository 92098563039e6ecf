// mmulab's inspection data model: pure functions from a paused Kernel/Machine
// to plain JSON-able structures (no node: imports; used by the CLI and a browser).
export type * from './types.js';
export { pteBits, ptePpn, pteKind, decodePte } from './pte.js';
export { readPageTable, leafRuns, mappedPages, type ReadPhys32 } from './page-table.js';
export { frameMap, ownerKey, ownerOrder } from './frames.js';
export { tlbLookup, tlbView } from './tlb.js';
export { inspectKernel, processSatp, livePids } from './snapshot.js';
export { runToPause, type BootKernel, type PausePoint, type Paused } from './pause.js';
export * from './translate.js';
export { hardwareTranslate } from './hardware.js';
export { CSR_SATP } from '../kernel/index.js';
