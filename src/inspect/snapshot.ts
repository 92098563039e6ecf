// An InspectReport of a paused Kernel: every live process's page table and
// memory map, the frame map and the TLB. Reads only; changes nothing.
import { CSR_SATP, makeSatp, type Kernel } from '../kernel/index.js';
import { frameMap } from './frames.js';
import { mappedPages, readPageTable } from './page-table.js';
import { tlbView } from './tlb.js';
import type { InspectReport, PauseInfo, ProcessView } from './types.js';

export function inspectKernel(kernel: Kernel, pause: PauseInfo): InspectReport {
  const { machine, kmem } = kernel;
  const hartSatp = machine.readCsr(CSR_SATP);
  const processes = liveProcesses(kernel, hartSatp);
  // Without ASIDs every process uses ASID 0: its entries are the on-hart process's.
  const pidByAsid = new Map<number, number>();
  for (const p of processes) if (p.onHart || !pidByAsid.has(p.asid)) pidByAsid.set(p.asid, p.pid);
  return {
    schema: 'mmulab-inspect/1',
    pause,
    machine: { ramBytes: machine.ramBytes, ad: kmem.ad, pc: machine.pc, satp: hartSatp, privilege: machine.priv },
    processes,
    frames: frameMap(kmem.frames),
    tlb: tlbView(machine.tlbEntries(), pidByAsid),
  };
}

/** The satp the scheduler loads for a live process, or null for a pid that is not alive. */
export function processSatp(kernel: Kernel, pid: number): number | null {
  const found = kernel.addressSpaceOf(pid);
  return found === null ? null : makeSatp(kernel.kmem.mode, found.as.root, found.hartAsid);
}

/** Pids of the processes that still have an address space, ascending. */
export function livePids(kernel: Kernel): number[] {
  return kernel.processes().map((p) => p.pid).filter((pid) => kernel.addressSpaceOf(pid) !== null);
}

function liveProcesses(kernel: Kernel, hartSatp: number): ProcessView[] {
  const { machine, kmem } = kernel;
  const read = (pa: number): number => machine.readPhys32(pa);
  const views: ProcessView[] = [];
  for (const r of kernel.processes()) {
    const found = kernel.addressSpaceOf(r.pid);
    if (found === null) continue;
    const satp = makeSatp(kmem.mode, found.as.root, found.hartAsid);
    const pageTable = readPageTable(kmem.mode, read, found.as.root);
    views.push({
      pid: r.pid, name: r.name, asid: found.hartAsid, satp, onHart: satp === hartSatp,
      pageTable, mappedPages: mappedPages(kmem.mode, pageTable),
      maps: (kernel.maps(r.pid) ?? '').split('\n').filter((line) => line !== ''),
    });
  }
  return views;
}
