// Sizing relaxable items: GNU as (tc-riscv.c, relaxed_branch_length) gives a
// branch or jump to a label in the same section the smallest form that
// reaches it, and to anything else (another section, undefined) the form that
// reaches anywhere: a jal for jumps, an inverted branch over a jal for
// conditional branches. Sizes and alignment padding depend on addresses that
// depend on sizes, so layout repeats until nothing changes; like GNU as, each
// pass uses this pass's offsets for earlier items and the last pass's for later
// ones. Where sizes depend on each other there can be more than one fixed
// point, so the first pass copies GNU as's too (relax_segment's estimate): a
// label after the branch is taken at its offset within its fragment, GNU as's
// unit of layout, whose address is not known yet (so it counts as 0). A
// fragment ends after each branch, alignment, .org and .fill/.space/.zero.
import { fail } from './diagnostics.js';
import { symbolPlusOffset, type Expr } from './expr.js';
import { itemSize, type AlignItem, type BranchItem, type Item, type Section, type SymbolDef } from './program.js';

// Reaches, in bytes, of the pc-relative forms (total span, centred on 0).
const RVC_JUMP_REACH = 1 << 12; // c.j: 12-bit signed offset
const RVC_BRANCH_REACH = 1 << 9; // c.beqz: 9-bit signed offset
const BRANCH_REACH = 1 << 13; // B-type: 13-bit signed offset
const MAX_PASSES = 1000;

const within = (value: number, reach: number): boolean => value >= -reach / 2 && value < reach / 2;

/** Follows .equ/.set aliases (`.equ END, done + 4`) this many steps at most. */
const MAX_ALIAS_DEPTH = 16;

/** The label a branch target names, directly or through aliases, and the offset from it. */
function targetLabel(
  target: Expr,
  symbols: ReadonlyMap<string, SymbolDef>,
): { sym: SymbolDef; def: { section: Section; index: number }; offset: number } | undefined {
  let offset = 0n;
  let expr = target;
  for (let depth = 0; depth < MAX_ALIAS_DEPTH; depth++) {
    const ref = symbolPlusOffset(expr);
    const sym = ref && symbols.get(ref.name);
    if (!ref || !sym) return undefined;
    offset += ref.offset;
    if (sym.def.kind === 'label') return { sym, def: sym.def, offset: Number(BigInt.asIntN(32, offset)) };
    if (sym.def.kind !== 'equ') return undefined;
    expr = sym.def.expr;
  }
  return undefined;
}

/** GNU as's length for `branch` at items[index]; `labelOffset` gives the offset of a label before items[i]. */
function branchLength(
  branch: BranchItem,
  index: number,
  section: Section,
  symbols: ReadonlyMap<string, SymbolDef>,
  labelOffset: (i: number) => number,
): 2 | 4 | 6 | 8 {
  const far = branch.uncond ? 4 : 8;
  const target = targetLabel(branch.target, symbols);
  if (!target || target.def.section !== section || target.sym.bind === 'weak') return far;
  const distance = labelOffset(target.def.index) + target.offset - section.offsets[index]!;
  const rvc = branch.rvcWord !== undefined;
  if (rvc && within(distance, branch.uncond ? RVC_JUMP_REACH : RVC_BRANCH_REACH)) return 2;
  if (within(distance, BRANCH_REACH)) return 4;
  return !branch.uncond && rvc ? 6 : far;
}

/** Padding `align` needs at `offset` (sections start at a multiple of their largest alignment). */
function alignPadding(align: AlignItem, offset: number): number {
  const pad = (align.boundary - (offset % align.boundary)) % align.boundary;
  return align.maxSkip !== null && pad > align.maxSkip ? 0 : pad;
}

/** Whether GNU as ends a fragment after `item` (it is a variable part: frag_var). */
function endsFragment(item: Item): boolean {
  return item.kind === 'branch' || item.kind === 'align' || item.kind === 'org' || item.kind === 'fill';
}

/** For each item index (and the end), its offset from the start of its fragment, from fixed sizes. */
function fragmentOffsets(items: readonly Item[]): number[] {
  const out: number[] = [];
  let offset = 0;
  items.forEach((item) => {
    out.push(offset);
    offset = endsFragment(item) ? 0 : offset + itemSize(item);
  });
  out.push(offset);
  return out;
}

/** Sets the size of every branch and alignment item of `section` and the offsets of all its items. */
export function relaxSection(section: Section, symbols: ReadonlyMap<string, SymbolDef>): void {
  const items = section.items;
  // The first pass: GNU as's estimate, where later fragments are still at address 0.
  const inFragment = fragmentOffsets(items);
  section.offsets = new Array<number>(items.length + 1).fill(0);
  let offset = 0;
  items.forEach((item, i) => {
    section.offsets[i] = offset;
    if (item.kind === 'branch') {
      item.size = branchLength(item, i, section, symbols, (j) => (j > i ? inFragment[j]! : section.offsets[j]!));
    }
    if (item.kind === 'align') item.size = alignPadding(item, offset);
    if (item.kind === 'org') item.size = Math.max(0, item.offset - offset);
    offset += itemSize(item);
  });
  section.offsets[items.length] = offset;

  for (let pass = 0; pass < MAX_PASSES; pass++) {
    let changed = false;
    offset = 0;
    items.forEach((item, i) => {
      section.offsets[i] = offset;
      if (item.kind === 'branch') {
        const size = branchLength(item, i, section, symbols, (j) => section.offsets[j]!);
        if (size !== item.size) [item.size, changed] = [size, true];
      } else if (item.kind === 'align' || item.kind === 'org') {
        // (An .org behind the current offset is reported when emitting.)
        const size = item.kind === 'align' ? alignPadding(item, offset) : Math.max(0, item.offset - offset);
        if (size !== item.size) [item.size, changed] = [size, true];
      }
      offset += itemSize(item);
    });
    if (section.offsets[items.length] !== offset) changed = true;
    section.offsets[items.length] = offset;
    if (!changed) return;
  }
  fail(items[0]!.loc, `branch sizes in section ${section.name} do not settle`);
}
