import { KernelInputError, panic } from './errors.js';
import { FrameAllocator } from './frames.js';
import { ArrayPhysicalMemory, type PhysicalMemory } from './phys.js';
import { SlabAllocator } from './slab.js';
import { SV32, type PagingMode, type VmContext } from './vm.js';
import { BACKING_ANON, BACKING_FILE, BACKING_SHARED } from './vma.js';

/**
 * How the hart maintains PTE.A and PTE.D: 'update' (Svadu) sets them itself
 * during the walk; 'fault' (Svade) raises a page fault instead, and the kernel
 * sets them.
 */
export type AdMode = 'update' | 'fault';

/** The file image behind file-backed VMAs: the bytes of one ELF segment. */
export interface FileImage {
  /** The path shown in /proc/PID/maps. */
  readonly path: string;
  /** File offset of data[0]. */
  readonly offset: number;
  readonly data: Uint8Array;
}

/** A shared anonymous memory object (Linux's shmem file behind MAP_SHARED|MAP_ANONYMOUS). */
export interface SharedObject {
  /** Shown as the inode number in /proc/PID/maps. */
  readonly id: number;
  /** Frame per page index; each holds one reference for the object. */
  readonly pages: Map<number, number>;
  /** VMAs that map the object; it is freed with its pages when none remain. */
  vmaRefs: number;
}

interface OpenFile {
  readonly image: FileImage;
  /** VMAs backed by the image; it is dropped when none remain. */
  vmaRefs: number;
}

export interface KmemOptions {
  /** Physical memory to manage; default a fresh 128 MiB ArrayPhysicalMemory at 0x8000_0000. */
  mem?: PhysicalMemory;
  /** Bytes at the start of RAM the kernel keeps for itself. Default 0. */
  reservedBytes?: number;
  /** How the hart treats PTE.A/D. Default 'update'. */
  ad?: AdMode;
}

/**
 * The memory-management state shared by all address spaces: RAM, the frame
 * and slab allocators, the paging mode, ASIDs, and the kernel's tables of
 * file images, VMA names and shared objects (which stand for the VFS and the
 * shmem file system and stay in TypeScript: VMA records in RAM refer to them
 * by index).
 */
export class Kmem implements VmContext {
  readonly frames: FrameAllocator;
  readonly slab: SlabAllocator;
  readonly mode: PagingMode = SV32;
  readonly ad: AdMode;
  private readonly asidInUse: Uint8Array;
  private readonly files = new Map<number, OpenFile>();
  private readonly names: string[] = [''];
  private readonly shared = new Map<number, SharedObject>();
  private nextFileId = 1;
  private nextSharedId = 1;

  constructor(options: KmemOptions = {}) {
    const mem = options.mem ?? new ArrayPhysicalMemory();
    this.frames = new FrameAllocator(mem, { reservedBytes: options.reservedBytes ?? 0 });
    this.slab = new SlabAllocator(this.frames);
    this.ad = options.ad ?? 'update';
    if (this.ad !== 'update' && this.ad !== 'fault') throw new KernelInputError(`ad mode must be 'update' or 'fault'`);
    this.asidInUse = new Uint8Array(2 ** this.mode.asidBits);
    this.asidInUse[0] = 1; // ASID 0 stays the kernel's
  }

  get mem(): PhysicalMemory {
    return this.frames.mem;
  }

  /** The lowest free ASID, or null when all are in use. */
  allocAsid(): number | null {
    const asid = this.asidInUse.indexOf(0);
    if (asid < 0) return null;
    this.asidInUse[asid] = 1;
    return asid;
  }

  freeAsid(asid: number): void {
    if (asid <= 0 || this.asidInUse[asid] !== 1) panic('freeAsid', `asid ${asid} not in use`);
    this.asidInUse[asid] = 0;
  }

  /** Register a file image for a new VMA: its id, holding that VMA's reference. */
  addFile(image: FileImage): number {
    const id = this.nextFileId++;
    this.files.set(id, { image, vmaRefs: 1 });
    return id;
  }

  file(id: number): FileImage {
    return this.openFile('file', id).image;
  }

  /** The id of an interned VMA name; '' is 0. */
  nameId(name: string): number {
    const at = this.names.indexOf(name);
    if (at >= 0) return at;
    this.names.push(name);
    return this.names.length - 1;
  }

  name(id: number): string {
    const name = this.names[id];
    if (name === undefined) panic('name', `no name ${id}`);
    return name;
  }

  /** A new, empty shared anonymous object holding one VMA reference. */
  newSharedObject(): SharedObject {
    const obj: SharedObject = { id: this.nextSharedId++, pages: new Map(), vmaRefs: 1 };
    this.shared.set(obj.id, obj);
    return obj;
  }

  sharedObject(id: number): SharedObject {
    const obj = this.shared.get(id);
    if (obj === undefined) panic('sharedObject', `no shared object ${id}`);
    return obj;
  }

  /** One more VMA uses a VMA's backing object (after a split or a fork). */
  holdBacking(backing: number, id: number): void {
    if (backing === BACKING_FILE) this.openFile('holdBacking', id).vmaRefs++;
    if (backing === BACKING_SHARED) this.sharedObject(id).vmaRefs++;
  }

  /** A VMA stops using its backing object; the last one frees it (and a shared object's pages). */
  releaseBacking(backing: number, id: number): void {
    if (backing === BACKING_ANON) return;
    if (backing === BACKING_FILE) {
      if (--this.openFile('releaseBacking', id).vmaRefs === 0) this.files.delete(id);
      return;
    }
    const obj = this.sharedObject(id);
    if (--obj.vmaRefs > 0) return;
    for (const pa of obj.pages.values()) this.frames.decRef(pa);
    this.shared.delete(id);
  }

  /** How many file images and shared objects are alive (for leak checks). */
  backingObjects(): { files: number; shared: number } {
    return { files: this.files.size, shared: this.shared.size };
  }

  /** Check the frame and slab allocators' invariants. */
  checkInvariants(): void {
    this.frames.checkInvariants();
    this.slab.checkInvariants();
  }

  private openFile(fn: string, id: number): OpenFile {
    const file = this.files.get(id);
    if (file === undefined) panic(fn, `no file ${id}`);
    return file;
  }
}
