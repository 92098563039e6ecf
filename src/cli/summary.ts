// The end-of-run summary lines: what the hardware and the kernel did.
import type { MachineStats } from '../machine/index.js';
import type { KernelStats } from '../kernel/index.js';
import { count } from './format.js';

const percent = (part: number, whole: number): string => (whole === 0 ? '-' : `${(100 * part / whole).toFixed(2)} %`);

/** Instructions and speed, translations and the TLB, traps. */
export function hardwareSummary(s: MachineStats, seconds: number): string[] {
  const mips = seconds > 0 ? s.instructions / seconds / 1e6 : 0;
  const translated = s.translations.fetch + s.translations.load + s.translations.store;
  const lines = [`instructions  ${count(s.instructions)} retired in ${(seconds * 1000).toFixed(1)} ms (${mips.toFixed(1)} MIPS)`];
  if (translated > 0) {
    const dataHits = s.tlbHits.load + s.tlbHits.store;
    const data = s.translations.load + s.translations.store;
    lines.push(
      `translations  ${count(translated)}: TLB hit rate ${percent(s.tlbHits.fetch, s.translations.fetch)} (fetch), ` +
      `${percent(dataHits, data)} (data)`,
      `walks         ${count(s.walks)} (${s.pteReads.map((n, level) => `${count(n)} PTE reads at level ${level}`).join(', ')})`,
    );
  }
  const exceptions = s.exceptions.reduce((a, b) => a + b, 0);
  const interrupts = s.interrupts.reduce((a, b) => a + b, 0);
  lines.push(`traps         ${count(exceptions)} exceptions, ${count(interrupts)} interrupts`);
  return lines;
}

/** Page faults by class, system calls by name, frames by owner at their peak. */
export function kernelSummary(s: KernelStats): string[] {
  const nonzero = (r: Record<string, number>): string =>
    Object.entries(r).filter(([, n]) => n > 0).map(([k, n]) => `${k}: ${count(n)}`).join(', ') || 'none';
  const faults = Object.values(s.faults).reduce((a, b) => a + b, 0);
  const calls = Object.values(s.syscalls).reduce((a, b) => a + b, 0);
  return [
    `page faults   ${count(faults)}: ${nonzero(s.faults)}`,
    `syscalls      ${count(calls)}: ${nonzero(s.syscalls)}`,
    `peak frames   ${nonzero(Object.fromEntries(Object.entries(s.peakFrames).filter(([k]) => k !== 'free')))} (4 KiB each)`,
    `switches      ${count(s.contextSwitches)}`,
  ];
}

/** With --check-sfence: how many stale translations were used (each also warned about). */
export function sfenceSummary(staleUses: number | undefined): string[] {
  if (staleUses === undefined) return [];
  return [`sfence check  ${count(staleUses)} stale translation${staleUses === 1 ? '' : 's'} used before an SFENCE.VMA`];
}
