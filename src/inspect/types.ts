// The JSON schema of `mmulab inspect --format json` and `mmulab translate
// --format json`: plain data (numbers, strings, booleans, arrays, objects)
// that a browser playground can render as well as the CLI. Addresses and PTE
// values are unsigned numbers (JSON has no hex); physical addresses may
// exceed 2^32 in Sv32 (34-bit), so they are never passed through `>>> 0`.

/** Where the run was stopped for inspection. */
export type PauseInfo =
  | { kind: 'instructions'; instructions: number }
  /** Just before the last process's final instruction (its exit): its memory is still there. */
  | { kind: 'exit'; instructions: number; pid: number }
  /** Just before the instruction that raises page fault number `k` (counted from 1): not yet taken. */
  | { kind: 'fault'; instructions: number; k: number; fault: FaultInfo }
  /** Every live process sleeps and nothing can wake it. */
  | { kind: 'deadlock'; instructions: number };

export interface FaultInfo {
  pid: number;
  va: number;
  access: 'fetch' | 'load' | 'store';
  pc: number;
  /** How the kernel classified it when it handled it (fault.ts's FaultClass). */
  faultClass: string;
}

/** One PTE, decoded. */
export interface PteInfo {
  /** Index in its table (VPN[level] of the addresses it maps). */
  index: number;
  /** Physical address of the PTE itself. */
  address: number;
  value: number;
  /** `VRWXUGAD` with '-' for each clear bit, in that order (bit 0 first). */
  bits: string;
  /** valid leaf (4 KiB page or megapage), valid pointer to the next level, or not valid. */
  kind: 'leaf' | 'pointer' | 'invalid';
  /** PPN field and the physical address it names. */
  ppn: number;
  pa: number;
  /** First virtual address this entry covers, and how many bytes (4 KiB, or 4 MiB at level 1). */
  va: number;
  size: number;
  /** The kernel's marks in RSW and in invalid PTEs: copy-on-write, PROT_NONE. */
  cow: boolean;
  protNone: boolean;
}

/** Leaf PTEs of one table at consecutive indexes with the same low 10 bits and consecutive frames (or megapages). */
export interface LeafRun {
  firstIndex: number;
  count: number;
  firstVa: number;
  firstPpn: number;
  /** The `bits` string shared by the run, and the RSW copy-on-write mark. */
  bits: string;
  cow: boolean;
}

/** One page-table page: the level it serves and its nonzero entries. */
export interface PageTableNode {
  level: number;
  /** Physical address of the table. */
  pa: number;
  entries: PteInfo[];
  /** For each pointer entry (by index), the table it points to. */
  children: PageTableNode[];
  /** Leaf entries of this table grouped into runs (each single entry is a run of 1). */
  runs: LeafRun[];
}

export interface ProcessView {
  pid: number;
  name: string;
  /** ASID the hart tags this process's TLB entries with. */
  asid: number;
  satp: number;
  /** Whether its satp is the hart's current one. */
  onHart: boolean;
  pageTable: PageTableNode;
  /** Leaf pages mapped (4 KiB pages; a megapage counts 1024). */
  mappedPages: number;
  /** /proc/PID/maps, one line per element (without newline). */
  maps: string[];
}

/** Frame owners as framesByOwner names them: 'free', 'kernel', 'page-table', 'slab', 'pid N'. */
export type OwnerKey = string;

export interface FrameRun {
  /** First frame's physical address, number of frames, owner. */
  pa: number;
  frames: number;
  owner: OwnerKey;
}

export interface FrameMap {
  ramBase: number;
  frames: number;
  /** Frames by owner; sums to `frames`. */
  counts: Record<OwnerKey, number>;
  /** Maximal runs of frames with one owner, in address order, covering all of RAM. */
  runs: FrameRun[];
}

export interface TlbEntryView {
  tlb: 'unified' | 'itlb' | 'dtlb';
  set: number;
  way: number;
  asid: number;
  global: boolean;
  vpn: number;
  ppn: number;
  va: number;
  pa: number;
  pageSize: number;
  /** `VRWXUGAD` as cached. */
  bits: string;
  /** The live process whose ASID this is, or null (a global entry, or a stale ASID). */
  pid: number | null;
}

export interface InspectReport {
  schema: 'mmulab-inspect/1';
  pause: PauseInfo;
  machine: { ramBytes: number; ad: 'update' | 'fault'; pc: number; satp: number; privilege: number };
  processes: ProcessView[];
  frames: FrameMap;
  tlb: TlbEntryView[];
}
