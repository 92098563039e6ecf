// The linear-memory map. Every region the host also reads (registers,
// statistics, the walk trace, RAM) lives at a fixed address here; each region
// starts where the previous one ends. AssemblyScript's own static data sits
// below LAYOUT_BASE (init() checks that it fits).

export const LAYOUT_BASE: u32 = 0x10000;

// x0..x31, one u32 each. x0 is re-zeroed after every instruction.
export const REGS_LOCATION: u32 = LAYOUT_BASE;
export const REGS_SIZE: u32 = 32 * 4;

// Statistics: STAT_COUNT u64 counters, indexed by the STAT_* constants below.
export const STATS_LOCATION: u32 = REGS_LOCATION + REGS_SIZE;
export const STAT_COUNT: u32 = 80;
export const STATS_SIZE: u32 = STAT_COUNT * 8;

// Fast translation caches (loads, stores): direct-mapped, FAST_SLOTS
// slots of 16 bytes: [vpn tag][host addend][LRU stamp address][unused].
export const FAST_SLOTS: u32 = 256;
export const FAST_SLOT_SIZE: u32 = 16;
export const FAST_LOCATION: u32 = STATS_LOCATION + STATS_SIZE;
export const FAST_SIZE: u32 = 2 * FAST_SLOTS * FAST_SLOT_SIZE; // loads, stores

// The modeled TLB(s): up to TLB_MAX_ENTRIES entries of TLB_ENTRY_SIZE bytes
// (the layout of one entry is described in mmu/tlb.ts).
export const TLB_MAX_ENTRIES: u32 = 4096;
export const TLB_ENTRY_SIZE: u32 = 32;
export const TLB_LOCATION: u32 = FAST_LOCATION + FAST_SIZE;
export const TLB_SIZE: u32 = TLB_MAX_ENTRIES * TLB_ENTRY_SIZE;

// The walk trace the host reads after translate(): a result record followed
// by up to WALK_MAX_LEVELS steps of [level, pte address lo, hi, pte lo, hi].
export const WALK_MAX_LEVELS: u32 = 5;
export const TRACE_LOCATION: u32 = TLB_LOCATION + TLB_SIZE;
export const TRACE_STEP_SIZE: u32 = 20;
export const TRACE_HEADER_SIZE: u32 = 16; // [status][pa lo][pa hi][step count]
export const TRACE_SIZE: u32 = TRACE_HEADER_SIZE + WALK_MAX_LEVELS * TRACE_STEP_SIZE;

// A scratch u64 that fast-cache entries point at when their hits must not
// touch a modeled LRU stamp (FIFO/random TLBs, untranslated accesses).
export const SCRATCH_LOCATION: u32 = TRACE_LOCATION + TRACE_SIZE;
export const SCRATCH_SIZE: u32 = 8;

// The leaf-PTE verdicts (mmu/leaf.ts): 16 translation contexts x 3 access
// types x 256 PTE flag bytes, one byte each, filled once by init().
export const VERDICTS_LOCATION: u32 = SCRATCH_LOCATION + SCRATCH_SIZE;
export const VERDICTS_SIZE: u32 = 16 * 3 * 256;

// The RVC expansion table: for each 16-bit compressed instruction, its 32-bit
// equivalent (0 = illegal), filled once by init().
export const RVC_LOCATION: u32 = VERDICTS_LOCATION + VERDICTS_SIZE;
export const RVC_SIZE: u32 = 0x10000 * 4;

// The trace ring (filled only by the traced build, build/mmulab-trace.wasm;
// see trace.ts): a header [records written][TRACE_* enable mask][records
// dropped][unused], then TRACE_RING_RECORDS records of TRACE_RECORD_SIZE bytes
// and one spare record that absorbs writes past the end. The run loop stops
// with STOP_TRACE once TRACE_HIGH_WATER records are written; the host drains.
export const TRACE_RING_LOCATION: u32 = RVC_LOCATION + RVC_SIZE;
export const TRACE_RING_HEADER: u32 = 16;
export const TRACE_RECORD_SIZE: u32 = 32;
export const TRACE_RING_RECORDS: u32 = 8192;
export const TRACE_HIGH_WATER: u32 = TRACE_RING_RECORDS - 64; // one instruction writes far fewer than 64
export const TRACE_RING_SIZE: u32 = TRACE_RING_HEADER + (TRACE_RING_RECORDS + 1) * TRACE_RECORD_SIZE;

// The stale-translation check (traced build only, mmu/stale.ts): the PTEs
// the current walk read, then for each possible TLB entry the PTEs its walk
// read and the write that changed one.
export const STALE_LOCATION: u32 = TRACE_RING_LOCATION + TRACE_RING_SIZE;
export const STALE_ENTRY_SIZE: u32 = 32;
export const STALE_SIZE: u32 = (TLB_MAX_ENTRIES + 1) * STALE_ENTRY_SIZE;

// The decode cache (cpu/predecode.ts): DECODE_ENTRIES records of
// DECODE_RECORD_SIZE bytes, direct-mapped by an instruction's host address
// (one slot per halfword, so 32 KiB of code before two addresses share one).
export const DECODE_ENTRIES: u32 = 16384;
export const DECODE_RECORD_SIZE: u32 = 16;
export const DECODE_LOCATION: u32 = (STALE_LOCATION + STALE_SIZE + 15) & ~15;
export const DECODE_SIZE: u32 = DECODE_ENTRIES * DECODE_RECORD_SIZE;
// Where an instruction fetched by the slow path (which the cache does not
// keep: it may straddle two pages) is decoded.
export const SLOW_RECORD_LOCATION: u32 = DECODE_LOCATION + DECODE_SIZE;
export const LAYOUT_END: u32 = SLOW_RECORD_LOCATION + DECODE_RECORD_SIZE;

// Guest RAM (physical RAM_BASE..RAM_BASE+ramBytes), 1 MiB aligned, above
// everything else (init() checks), followed by a 4-byte guard so a 16-bit
// fetch at the last halfword may read 32 bits.
export const RAM_LOCATION: u32 = 0x200000;
export const RAM_GUARD: u32 = 4;

// Statistic indexes.
export const STAT_TRANSLATIONS: u32 = 0; // + access type: translated accesses
export const STAT_UNTRANSLATED: u32 = 3; // + access type: accesses with paging off
export const STAT_TLB_MISSES: u32 = 6; // + access type
// 9: unused (walks are not counted apart: every TLB miss walks, once)
export const STAT_PTE_READS: u32 = 10; // + level (0..4)
export const STAT_A_UPDATES: u32 = 15;
export const STAT_D_UPDATES: u32 = 16;
export const STAT_PAGE_FAULTS: u32 = 17; // + access type
export const STAT_TLB_EVICTIONS: u32 = 20;
export const STAT_SFENCES: u32 = 21;
export const STAT_TLB_FLUSHED: u32 = 22; // entries invalidated by SFENCE.VMA
export const STAT_EXCEPTIONS: u32 = 32; // + cause (0..15)
export const STAT_INTERRUPTS: u32 = 48; // + interrupt number (0..15)

// Stop codes returned by run().
export const STOP_BUDGET: i32 = 0;
export const STOP_HTIF: i32 = 1;
export const STOP_TRAP: i32 = 2;
export const STOP_WFI: i32 = 3;
export const STOP_TRACE: i32 = 4; // the trace ring is nearly full (traced build only)
