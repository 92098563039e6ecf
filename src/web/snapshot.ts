// The MachineState the page draws, read from a Session without changing it.
import { disassembleOne } from '../asm/disasm.js';
import { CSR_NAME_BY_NUMBER } from '../asm/csr-names.js';
import { PT_LOAD } from '../elf/index.js';
import { frameMap, readPageTable, tlbView } from '../inspect/index.js';
import type { PageTableNode } from '../inspect/index.js';
import type { ConsoleChunk, DisasmLine, FrameMapping, MachineState, ProcessInfo } from './protocol.js';
import type { Session } from './session.js';

/** The CSRs a virtual-memory student watches: S-mode trap state, satp, and the M-mode delegation. */
const SHOWN_CSRS = [0x180, 0x100, 0x105, 0x141, 0x142, 0x143, 0x300, 0x302, 0x303];
const DISASM_BEFORE = 5;
const DISASM_AFTER = 8;
const MAX_CONSOLE_CHUNKS = 2_000;
const PAGE_BYTES = 4096;

export function snapshot(s: Session, program: string, selectedPid: number | null): MachineState {
  const { kernel } = s;
  const m = kernel.machine;
  const pidOnHart = s.pidOnHart();
  const selected = selectedPid !== null && s.live.has(selectedPid) ? selectedPid : pidOnHart ?? firstLive(s);
  const space = selected === null ? null : kernel.addressSpaceOf(selected);
  const pidByAsid = new Map<number, number>();
  for (const pid of s.live) {
    const a = kernel.addressSpaceOf(pid)!;
    if (pid === pidOnHart || !pidByAsid.has(a.hartAsid)) pidByAsid.set(a.hartAsid, pid);
  }
  const stats = m.stats();
  const sum = (c: { fetch: number; load: number; store: number }): number => c.fetch + c.load + c.store;
  return {
    program,
    instructions: s.instructions,
    status: s.status,
    pidOnHart,
    pc: m.pc,
    regs: Array.from({ length: 32 }, (_, i) => m.getReg(i)),
    csrs: SHOWN_CSRS.map((n) => ({ name: CSR_NAME_BY_NUMBER.get(n) ?? `0x${n.toString(16)}`, value: m.readCsr(n) })),
    disasm: disassemblyAt(s, pidOnHart),
    processes: processes(s, pidOnHart),
    console: consoleChunks(s),
    selectedPid: selected,
    pageTable: space === null ? null : readPageTable(kernel.kmem.mode, (pa) => m.readPhys32(pa), space.as.root),
    maps: selected === null ? [] : (kernel.maps(selected) ?? '').split('\n').filter((l) => l !== ''),
    frames: frameMap(kernel.kmem.frames),
    frameMappings: frameMappings(s),
    tlb: tlbView(m.tlbEntries(), pidByAsid),
    tlbCounters: {
      hits: sum(stats.tlbHits), misses: sum(stats.tlbMisses), walks: stats.walks,
      evictions: stats.tlbEvictions, flushed: stats.tlbEntriesFlushed,
    },
    tlbSamples: s.samples,
    log: s.log,
    history: s.history,
  };
}

// Around pc of the process on the hart; before the first instruction, around the program's entry.
function disassemblyAt(s: Session, pidOnHart: number | null): DisasmLine[] {
  if (pidOnHart !== null) return disassembly(s, s.kernel.machine.pc);
  return s.instructions === 0 ? disassembly(s, s.elf.entry) : [];
}

/** Every leaf of every live process's page table, as frames (a megapage maps 1024 of them). */
function frameMappings(s: Session): FrameMapping[] {
  const { kernel } = s;
  const m = kernel.machine;
  const out: FrameMapping[] = [];
  const ramBase = kernel.kmem.frames.mem.ramBase;
  const walk = (pid: number, node: PageTableNode): void => {
    for (const e of node.entries) {
      if (e.kind !== 'leaf') continue;
      for (let off = 0; off < e.size; off += PAGE_BYTES) {
        out.push({ frame: (e.pa + off - ramBase) / PAGE_BYTES, pid, va: e.va + off });
      }
    }
    for (const child of node.children) walk(pid, child);
  };
  for (const pid of s.live) {
    const space = kernel.addressSpaceOf(pid)!;
    walk(pid, readPageTable(kernel.kmem.mode, (pa) => m.readPhys32(pa), space.as.root));
  }
  return out;
}

function firstLive(s: Session): number | null {
  for (const pid of s.live) return pid;
  return null;
}

function processes(s: Session, pidOnHart: number | null): ProcessInfo[] {
  return s.kernel.processes().map((p) => {
    let state: string;
    if (p.termination === null) state = p.pid === pidOnHart ? 'running' : 'live';
    else state = p.termination.kind === 'killed' ? `killed (signal ${p.termination.signal})` : `exited (${p.status})`;
    return { pid: p.pid, parent: p.parent, name: p.name, state, status: p.status, instructions: p.instructions };
  });
}

function consoleChunks(s: Session): ConsoleChunk[] {
  const decoder = new TextDecoder();
  return s.kernel.outputChunks().slice(-MAX_CONSOLE_CHUNKS)
    .map((c) => ({ pid: c.pid, fd: c.fd, text: decoder.decode(c.bytes) }));
}

/**
 * Instructions around pc. RISC-V code with compressed instructions can only
 * be decoded forwards from a known boundary, so decode from the start of the
 * program's segment that holds pc (reading guest memory where it is mapped,
 * so code written at run time shows, and the file's bytes where it is not yet).
 */
function disassembly(s: Session, pc: number): DisasmLine[] {
  const seg = s.elf.segments.find((g) => g.type === PT_LOAD && pc >= g.vaddr && pc < g.vaddr + g.memsz);
  if (seg === undefined) return [{ pc, hex: null, text: '(pc is outside the program\'s segments)', current: true }];
  const lines: DisasmLine[] = [];
  let at = seg.vaddr;
  let currentIndex = -1;
  while (at < seg.vaddr + seg.filesz && (currentIndex < 0 || lines.length < currentIndex + DISASM_AFTER + 1)) {
    const word = s.fetchWord(at) ?? fileWord(seg.data, at - seg.vaddr);
    const d = disassembleOne(word, at);
    const digits = d.size === 2 ? 4 : 8;
    const bits = d.size === 2 ? word & 0xffff : word;
    if (at === pc) currentIndex = lines.length;
    lines.push({ pc: at, hex: bits.toString(16).padStart(digits, '0'), text: d.text, current: at === pc });
    at += d.size;
  }
  if (currentIndex < 0) return [{ pc, hex: null, text: '(pc is not at an instruction boundary of the program)', current: true }];
  return lines.slice(Math.max(0, currentIndex - DISASM_BEFORE));
}

function fileWord(data: Uint8Array, offset: number): number {
  let w = 0;
  for (let i = 3; i >= 0; i--) w = (w * 256) + (data[offset + i] ?? 0);
  return w >>> 0;
}
