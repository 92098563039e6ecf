// The Machine's options, stop reasons, translation results and statistics.

/** How A/D bits are handled: 'update' = hardware sets them (Svadu), 'fault' = page fault (Svade). */
export type AdMode = 'fault' | 'update';
/** TLB replacement: least recently used, first in first out, or xorshift32 random from the seed. */
export type TlbPolicy = 'lru' | 'fifo' | 'random';
/** A TLB's shape; ways = entries means fully associative. */
export interface TlbShape { entries: number; ways: number; policy: TlbPolicy }

export interface MachineOptions {
  /** RAM size in bytes at 0x8000_0000; a multiple of 4 KiB; default 128 MiB. */
  ramBytes?: number;
  /** One unified TLB, or split instruction/data TLBs; default unified 64 entries, 4-way, LRU. */
  tlb?: TlbShape | { itlb: TlbShape; dtlb: TlbShape };
  /** A/D handling (the reset value of menvcfg.ADUE); default 'update'. */
  ad?: AdMode;
  /** Seed for the random replacement policy; default 1. */
  seed?: number;
  /** Fast translation paths (default true); false sends every access through the modeled TLB lookup. */
  fastPaths?: boolean;
  /** Hosted mode: a trap entering S-mode is taken, then run() returns it. */
  hostTraps?: boolean;
}

export type StopReason =
  | { kind: 'exit'; code: number }
  | { kind: 'trap'; cause: number; tval: number; epc: number; fromPriv: number }
  | { kind: 'limit' }
  | { kind: 'wfi' };

/** One page-table read of a walk. */
export interface WalkStep { level: number; pteAddress: number; pte: number }
/** A side-effect-free translation: the physical address, or the exception cause. */
export type Translation = { pa: number; steps: WalkStep[] } | { cause: number; steps: WalkStep[] };

export interface AccessCounts { fetch: number; load: number; store: number }

export interface MachineStats {
  /** Instructions retired since the statistics were zeroed (reset, loadBareMetal or resetStats). */
  instructions: number;
  /** Accesses translated by Sv32 (each page touched by an access counts once). */
  translations: AccessCounts;
  /** Accesses made with translation off (satp Bare, or M-mode). */
  untranslated: AccessCounts;
  /** Modeled TLB hits and misses per access type (a miss includes a hit whose permissions failed). */
  tlbHits: AccessCounts;
  tlbMisses: AccessCounts;
  /** Page-table walks, and PTE reads by level (index = level; 0 = leaf level of 4 KiB pages). */
  walks: number;
  pteReads: number[];
  /** A and D bits set by hardware (ad: 'update'). */
  aUpdates: number;
  dUpdates: number;
  pageFaults: AccessCounts;
  /** Valid TLB entries replaced by a fill. */
  tlbEvictions: number;
  /** SFENCE.VMA instructions, and the TLB entries they invalidated. */
  sfences: number;
  tlbEntriesFlushed: number;
  /** Exceptions taken, by cause (index = mcause). */
  exceptions: number[];
  /** Interrupts taken, by interrupt number. */
  interrupts: number[];
}

/** One valid entry of the modeled TLB, as Machine.tlbEntries() reports it. */
export interface TlbEntry {
  /** Which TLB: 'unified', or 'itlb'/'dtlb' when split. */
  tlb: 'unified' | 'itlb' | 'dtlb';
  set: number;
  way: number;
  /** First virtual address of the page and its size (4 KiB, or 4 MiB for a megapage). */
  va: number;
  pageSize: number;
  /** First physical address of the page. */
  pa: number;
  asid: number;
  global: boolean;
  /** The leaf PTE's low 8 bits (V R W X U G A D) as cached. */
  pteFlags: number;
  /** LRU: the recency stamp of the last use; FIFO: of the fill; random: of the fill (unused). */
  stamp: number;
}
