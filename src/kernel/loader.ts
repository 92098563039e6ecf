import { MMAP_MIN_ADDR, TASK_SIZE, type AddressSpace } from './addrspace.js';
import { PF_R, PF_W, PF_X, PT_LOAD, type ElfSegment } from '../elf/index.js';
import { KernelInputError } from './errors.js';
import type { FileImage } from './kmem.js';
import { mapNewPage } from './fault.js';
import { PGSIZE, hex, pgRoundDown, pgRoundUp } from './param.js';
import { BACKING_ANON, BACKING_FILE, VM_ACCESS, VM_EXEC, VM_READ, VM_WRITE, type VmaFields } from './vma.js';

/**
 * Build the VMAs for an executable's PT_LOAD segments (the memory half of
 * Linux's load_elf_binary). Each segment becomes a file-backed VMA over the
 * pages holding its file bytes, private, named after the program, with the
 * segment's permissions; when memsz reaches past those pages, an anonymous
 * VMA covers the rest of bss. The heap starts at the page after the highest
 * segment.
 *
 * Pages are loaded on demand by the fault handler: a page holds the
 * segment's bytes and zeros past filesz. (Linux would also show the file's
 * neighbouring bytes in the partial pages around a segment; mmulab only has
 * the segment's own bytes and shows zeros there.) With `eager`, every page is
 * mapped and filled now, as if read once.
 *
 * Returns false when RAM runs out (the VMAs made so far stay; the caller
 * destroys the address space). Throws KernelInputError for segments no
 * executable may have: overlapping pages, outside user space, memsz < filesz,
 * vaddr and offset not congruent modulo the page size.
 */
export interface LoadOptions {
  /** The program's path, shown in /proc/PID/maps. */
  path: string;
  /** Map and fill every page now instead of on first touch. Default false. */
  eager?: boolean;
}

// A VMA the loader will create, and the file image behind it, if any.
interface PlannedVma {
  fields: VmaFields;
  file: FileImage | null;
}

export function loadSegments(as: AddressSpace, segments: readonly ElfSegment[], options: LoadOptions): boolean {
  const loads = segments.filter((s) => s.type === PT_LOAD && s.memsz > 0);
  if (loads.length === 0) throw new KernelInputError(`${options.path}: no PT_LOAD segment to load`);
  const plan = loads.flatMap((s) => segmentVmas(as, s, options.path));
  plan.forEach(({ fields: f }, i) => {
    const clash = plan.slice(0, i).find(({ fields: g }) => g.start < f.end && f.start < g.end) ?? as.vmasIn(f.start, f.end)[0];
    if (clash !== undefined) throw new KernelInputError(`${options.path}: segment pages ${hex(f.start)}-${hex(f.end)} overlap another mapping`);
  });
  for (const { fields, file } of plan) {
    if (file !== null) fields.backingId = as.kmem.addFile(file);
    if (as.addVma(fields) === null) {
      as.kmem.releaseBacking(fields.backing, fields.backingId);
      return false;
    }
  }
  as.initBrk(Math.max(...plan.map(({ fields }) => fields.end)));
  if (options.eager) {
    // A segment with no permissions stays unmapped, like a PROT_NONE mapping.
    for (const { fields } of plan.filter(({ fields: f }) => (f.flags & VM_ACCESS) !== 0)) {
      for (let va = fields.start; va < fields.end; va += PGSIZE) {
        if (!mapNewPage(as, as.findVma(va)!, va, 'load')) return false;
      }
    }
  }
  return true;
}

// The VMAs for one segment: file pages, then any whole pages of bss.
function segmentVmas(as: AddressSpace, seg: ElfSegment, path: string): PlannedVma[] {
  const where = `${path}: segment at ${hex(seg.vaddr)}`;
  if (seg.filesz > seg.memsz || seg.data.length !== seg.filesz) throw new KernelInputError(`${where}: filesz ${seg.filesz} exceeds memsz or data`);
  if (seg.vaddr < MMAP_MIN_ADDR || seg.vaddr + seg.memsz > TASK_SIZE) throw new KernelInputError(`${where}: outside user space`);
  if (seg.vaddr % PGSIZE !== seg.offset % PGSIZE) throw new KernelInputError(`${where}: vaddr and offset differ modulo the page size`);
  const flags = (seg.flags & PF_R ? VM_READ : 0) | (seg.flags & PF_W ? VM_WRITE : 0) | (seg.flags & PF_X ? VM_EXEC : 0);
  const start = pgRoundDown(seg.vaddr);
  const fileEnd = seg.filesz > 0 ? pgRoundUp(seg.vaddr + seg.filesz) : start;
  const end = pgRoundUp(seg.vaddr + seg.memsz);
  const vmas: PlannedVma[] = [];
  if (seg.filesz > 0) {
    vmas.push({
      fields: {
        start, end: fileEnd, flags, backing: BACKING_FILE, backingId: 0,
        offset: seg.offset - (seg.vaddr - start), nameId: as.kmem.nameId(path),
      },
      file: { path, offset: seg.offset, data: seg.data },
    });
  }
  if (end > fileEnd) {
    vmas.push({ fields: { start: fileEnd, end, flags, backing: BACKING_ANON, backingId: 0, offset: 0, nameId: 0 }, file: null });
  }
  return vmas;
}
