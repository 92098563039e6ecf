// `mmulab translate PROGRAM VA...`: run a program to a moment, then explain
// how the hart translates each VA for that process, step by step, and check
// the explanation against the hart's own walker.
import { Command, Option } from 'commander';
import { MmulabError } from '../../errors.js';
import {
  CSR_SATP, explainTranslation, hardwareTranslate, livePids, processSatp, tlbLookup, tlbView, type Access, type Paused,
  type TlbEntryView, type TranslationExplanation,
} from '../../inspect/index.js';
import { addMachineOptions, type MachineRunOptions } from '../machine-options.js';
import { parseCount } from '../options.js';
import { renderTranslationText } from '../render/translate-text.js';
import { addPauseOptions, pausePrograms, type PauseFlags } from './inspect.js';

const CSR_MSTATUS = 0x300;
const MSTATUS_SUM = 1 << 18;
const MSTATUS_MXR = 1 << 19;

/** One VA's explanation and the TLB entries a lookup would find (the JSON output's `translations`). */
export type TranslationWithTlb = TranslationExplanation & { tlb: TlbEntryView[] };

type TranslateOptions = MachineRunOptions & PauseFlags & { access: Access; pid?: number; format: 'text' | 'json' };

export function translateCommand(): Command {
  const command = new Command('translate')
    .description('explain, step by step as the hardware does it, how a process\'s virtual addresses translate')
    .argument('<program>', 'the program to run (ELF, or .s source)')
    .argument('<va...>', 'virtual addresses: 32-bit numbers, hex (0x...) or decimal')
    .addOption(new Option('--access <access>', 'the kind of access').choices(['load', 'store', 'fetch']).default('load'))
    .option('--pid <pid>', 'the process whose page table to use (default: the one the moment is about, or on the hart)',
      (v) => parseCount(v, 1, 2 ** 31))
    .addOption(new Option('--format <format>', 'text for people, or json (schema: src/inspect/translate.ts)')
      .choices(['text', 'json']).default('text'));
  addPauseOptions(command);
  return addMachineOptions(command).action(async (program: string, words: string[], opts: TranslateOptions) => {
    const vas = words.map(parseVa);
    const paused = await pausePrograms([{ path: program, args: [] }], opts);
    const pid = choosePid(paused, opts.pid);
    const tlb = tlbView(paused.kernel.machine.tlbEntries(), new Map());
    const translations = vas.map((va) => {
      const explanation = explain(paused, pid, va, opts.access);
      return { ...explanation, tlb: tlbLookup(tlb, va, explanation.satp.asid, opts.access) };
    });
    if (opts.format === 'json') {
      process.stdout.write(JSON.stringify({ pause: paused.pause, pid, translations }, null, 2) + '\n');
    } else {
      process.stdout.write(renderTranslationText(paused.pause, pid, translations));
    }
  });
}

/** A 32-bit virtual address: 0x hex or decimal, `_` allowed between digits. */
export function parseVa(text: string): number {
  const t = text.trim().replace(/_/g, '');
  const value = /^0x[0-9a-f]+$/i.test(t) ? parseInt(t.slice(2), 16) : /^\d+$/.test(t) ? Number(t) : NaN;
  if (!Number.isSafeInteger(value) || value > 0xffff_ffff) {
    throw new MmulabError(`'${text}' is not a virtual address: expected a 32-bit number, hex (0x7fff0000) or decimal`);
  }
  return value;
}

// The pid asked for, or the one the moment is about, or the one on the hart, or the lowest live one.
function choosePid(paused: Paused, asked: number | undefined): number {
  const live = livePids(paused.kernel);
  if (live.length === 0) throw new MmulabError('no process is alive at that moment: nothing to translate for');
  if (asked !== undefined) {
    if (!live.includes(asked)) throw new MmulabError(`no live process with pid ${asked} at that moment (live: ${live.join(', ')})`);
    return asked;
  }
  const p = paused.pause;
  const about = p.kind === 'exit' ? p.pid : p.kind === 'fault' ? p.fault.pid : undefined;
  if (about !== undefined && live.includes(about)) return about;
  const hartSatp = paused.kernel.machine.readCsr(CSR_SATP);
  return live.find((pid) => processSatp(paused.kernel, pid) === hartSatp) ?? live[0]!;
}

function explain(paused: Paused, pid: number, va: number, access: Access): TranslationExplanation {
  const { machine, kmem } = paused.kernel;
  const satp = processSatp(paused.kernel, pid)!;
  const mstatus = machine.readCsr(CSR_MSTATUS);
  const explanation = explainTranslation({
    mode: kmem.mode, read: (pa) => machine.readPhys32(pa), inRam: (pa) => machine.inRam(pa, 4), satp, va, access,
    privilege: 'U', sum: (mstatus & MSTATUS_SUM) !== 0, mxr: (mstatus & MSTATUS_MXR) !== 0, ad: kmem.ad,
  });
  // The explanation must be what the hart does: a disagreement is a bug in mmulab, not bad input.
  const hart = hardwareTranslate(machine, satp, va, access);
  const r = explanation.result;
  const same = 'pa' in hart ? r.kind === 'pa' && r.pa === hart.pa : r.kind === 'fault' && r.cause === hart.cause;
  if (!same) throw new Error(`internal: translate explains ${JSON.stringify(r)} but the hart gives ${JSON.stringify(hart)}`);
  return explanation;
}
