import { afterEach, describe, expect, it } from 'vitest';
import { ArrayPhysicalMemory } from '../../src/kernel/phys.js';
import { Kmem } from '../../src/kernel/kmem.js';
import { AddressSpace } from '../../src/kernel/addrspace.js';
import { EBADF, EEXIST, EINVAL, ENOMEM, EOVERFLOW, EPERM } from '../../src/kernel/errno.js';
import { handlePageFault } from '../../src/kernel/fault.js';
import { formatMaps } from '../../src/kernel/maps.js';
import {
  MADV_DONTNEED, MADV_WILLNEED, MAP_ANONYMOUS, MAP_FIXED, MAP_FIXED_NOREPLACE, MAP_GROWSDOWN, MAP_PRIVATE, MAP_SHARED,
  MAP_POPULATE, MAP_SHARED_VALIDATE, PROT_EXEC, PROT_GROWSDOWN, PROT_NONE, PROT_READ, PROT_WRITE, sysBrk, sysMadvise, sysMmap,
  sysMprotect, sysMunmap,
} from '../../src/kernel/mm-syscalls.js';
import { copyFromUser, copyToUser } from '../../src/kernel/uaccess.js';
import { checkAddressSpace } from '../../src/kernel/check.js';
import { finish } from './kernel-helpers.js';
import { PTE_G, PTE_R, PTE_U, PTE_V, PTE_W, lookupPte } from '../../src/kernel/vm.js';

const PAGE = 4096;
const RW = PROT_READ | PROT_WRITE;
const ANON = MAP_PRIVATE | MAP_ANONYMOUS;
const NO_FD = 0xffff_ffff;
const STACK = '7ffff000-80000000 rw-p 00000000 00:00 0          [stack]\n';

let kmem: Kmem;
let as: AddressSpace;

function setup(): void {
  kmem = new Kmem({ mem: new ArrayPhysicalMemory(4 * 1024 * 1024) });
  as = AddressSpace.create(kmem, 1)!;
  as.initBrk(0x12000);
}

afterEach(() => {
  finish(as);
  expect(kmem.frames.framesByOwner()).toEqual({ free: 1024 });
  expect(kmem.backingObjects()).toEqual({ files: 0, shared: 0 });
  kmem.checkInvariants();
});

function mmap(addr: number, len: number, prot: number, flags = ANON, pgoff = 0): number {
  return sysMmap(as, addr, len, prot, flags, NO_FD, pgoff);
}

function userFrames(): number {
  return kmem.frames.framesByOwner()['pid 1'] ?? 0;
}

function write(va: number, ...bytes: number[]): void {
  expect(copyToUser(as, va, Uint8Array.from(bytes))).toBe(0);
}

function read(va: number, len: number): number[] {
  const got = copyFromUser(as, va, len);
  if (!got.ok) throw new Error(`EFAULT reading ${va.toString(16)}`);
  return Array.from(got.value);
}

describe('mmap', () => {
  it('places mappings top-down below mmap_base and merges equal neighbours', () => {
    setup();
    expect(mmap(0, PAGE, RW)).toBe(0x77ff_f000);
    expect(mmap(0, 2 * PAGE, PROT_READ)).toBe(0x77ff_d000);
    expect(mmap(0, 1, PROT_READ)).toBe(0x77ff_c000); // rounded up to a page, merged with the one above
    expect(formatMaps(as)).toBe(
      '77ffc000-77fff000 r--p 00000000 00:00 0 \n' + '77fff000-78000000 rw-p 00000000 00:00 0 \n' + STACK,
    );
    expect(as.vmas().length).toBe(3);
  });

  it('honours a free hint, rounded down to a page; otherwise ignores it', () => {
    setup();
    expect(mmap(0x3000_0123, PAGE, RW)).toBe(0x3000_0000);
    expect(mmap(0x3000_0000, PAGE, RW)).toBe(0x77ff_f000); // taken
    expect(mmap(0x7fff_f000, 2 * PAGE, RW)).toBe(0x77ff_d000); // would pass TASK_SIZE
    expect(mmap(0x10, PAGE, RW)).toBe(0x77ff_c000); // rounds to 0: no hint
    expect(mmap(0x7ff0_0000, PAGE, RW)).toBe(0x77ff_b000); // inside the stack's guard gap
    expect(mmap(0x7fe0_0000, PAGE, RW)).toBe(0x7fe0_0000);
  });

  it('returns the exact errno for bad arguments, checked in Linux order', () => {
    setup();
    expect(mmap(0, 0, RW)).toBe(-EINVAL);
    expect(mmap(0, 0, RW, MAP_PRIVATE)).toBe(-EBADF); // not anonymous: no files in mmulab
    expect(mmap(0x1000_0123, PAGE, RW, ANON | MAP_FIXED)).toBe(-EINVAL);
    expect(mmap(0, PAGE, RW, MAP_ANONYMOUS)).toBe(-EINVAL); // neither private nor shared
    expect(mmap(0, PAGE, RW, MAP_ANONYMOUS | MAP_SHARED_VALIDATE)).toBe(-EINVAL); // both
    expect(mmap(0, PAGE, RW, MAP_ANONYMOUS | MAP_SHARED | MAP_GROWSDOWN)).toBe(-EINVAL);
    expect(mmap(0, 0xffff_f001, RW)).toBe(-ENOMEM); // PAGE_ALIGN wraps to 0
    expect(mmap(0, 0x8000_0000, RW)).toBe(-ENOMEM); // more than user space
    expect(mmap(0, PAGE, RW, ANON | MAP_FIXED)).toBe(-EPERM); // below mmap_min_addr
    expect(mmap(0x7fff_f000, 2 * PAGE, RW, ANON | MAP_FIXED)).toBe(-ENOMEM); // past TASK_SIZE
    expect(mmap(0, 2 * PAGE, RW, ANON, 0xffff_ffff)).toBe(-EOVERFLOW);
    expect(mmap(0, PAGE, RW, ANON, 0xffff_fffe)).toBe(0x77ff_f000); // the offset is ignored for anonymous memory
    expect(mmap(0x77ff_f000, PAGE, RW, ANON | MAP_FIXED_NOREPLACE)).toBe(-EEXIST);
    expect(mmap(0x77ff_e000, PAGE, RW, ANON | MAP_FIXED_NOREPLACE)).toBe(0x77ff_e000);
    expect(formatMaps(as)).toBe('77ffe000-78000000 rw-p 00000000 00:00 0 \n' + STACK);
  });

  it('MAP_FIXED replaces what was there, splitting it', () => {
    setup();
    expect(mmap(0x4000_0000, 3 * PAGE, RW, ANON | MAP_FIXED)).toBe(0x4000_0000);
    write(0x4000_0000, 1);
    write(0x4000_1000, 2);
    write(0x4000_2000, 3);
    expect(userFrames()).toBe(3);
    expect(mmap(0x4000_1000, PAGE, PROT_READ, ANON | MAP_FIXED)).toBe(0x4000_1000);
    expect(userFrames()).toBe(2); // the old middle page was freed
    expect(formatMaps(as)).toBe(
      '40000000-40001000 rw-p 00000000 00:00 0 \n' +
        '40001000-40002000 r--p 00000000 00:00 0 \n' +
        '40002000-40003000 rw-p 00000000 00:00 0 \n' +
        STACK,
    );
    expect(read(0x4000_0000, 1)).toEqual([1]);
    expect(read(0x4000_1000, 1)).toEqual([0]);
    expect(read(0x4000_2000, 1)).toEqual([3]);
  });

  it('MAP_POPULATE maps every accessible page at once, without page faults', () => {
    setup();
    expect(mmap(0x4000_0000, 3 * PAGE, RW, ANON | MAP_FIXED | MAP_POPULATE)).toBe(0x4000_0000);
    expect(mmap(0x4000_8000, PAGE, PROT_NONE, ANON | MAP_FIXED | MAP_POPULATE)).toBe(0x4000_8000);
    expect(userFrames()).toBe(3);
    expect(lookupPte(kmem, as.root, 0x4000_2000) & (PTE_V | PTE_R | PTE_W | PTE_U)).toBe(PTE_V | PTE_R | PTE_W | PTE_U);
    expect(lookupPte(kmem, as.root, 0x4000_8000)).toBe(0);
    expect(Object.values(as.faults).reduce((a, b) => a + b, 0)).toBe(0);
  });

  it('shared anonymous memory is rw-s /dev/zero (deleted); MAP_GROWSDOWN is accepted for private', () => {
    setup();
    expect(mmap(0, 2 * PAGE, RW, MAP_SHARED | MAP_ANONYMOUS)).toBe(0x77ff_e000);
    expect(mmap(0, PAGE, RW, ANON | MAP_GROWSDOWN)).toBe(0x77ff_d000);
    expect(formatMaps(as)).toBe(
      '77ffd000-77ffe000 rw-p 00000000 00:00 0 \n' +
        '77ffe000-78000000 rw-s 00000000 00:01 1          /dev/zero (deleted)\n' +
        STACK,
    );
    expect(as.findVma(0x77ff_d000)!.flags & 0x100).toBe(0x100);
  });
});

describe('munmap', () => {
  it('splits on partial unmaps and frees the pages', () => {
    setup();
    mmap(0x4000_0000, 4 * PAGE, RW, ANON | MAP_FIXED);
    for (let i = 0; i < 4; i++) write(0x4000_0000 + i * PAGE, i + 1);
    expect(sysMunmap(as, 0x4000_1000, 2 * PAGE - 100)).toBe(0); // length rounds up
    expect(userFrames()).toBe(2);
    expect(formatMaps(as)).toBe('40000000-40001000 rw-p 00000000 00:00 0 \n' + '40003000-40004000 rw-p 00000000 00:00 0 \n' + STACK);
    expect(sysMunmap(as, 0x4000_1000, PAGE)).toBe(0); // nothing there: still fine
    expect(sysMunmap(as, 0x3fff_f000, 0x5000)).toBe(0); // across both and the hole
    expect(formatMaps(as)).toBe(STACK);
    expect(userFrames()).toBe(0);
  });

  it('returns EINVAL for unaligned or empty ranges and ranges past user space', () => {
    setup();
    expect(sysMunmap(as, 0x4000_0001, PAGE)).toBe(-EINVAL);
    expect(sysMunmap(as, 0x4000_0000, 0)).toBe(-EINVAL);
    expect(sysMunmap(as, 0x7fff_f000, 0x2000)).toBe(-EINVAL);
    expect(sysMunmap(as, 0x8000_1000, PAGE)).toBe(-EINVAL);
  });
});

describe('mprotect', () => {
  it('splits, rewrites present PTEs, and merges back', () => {
    setup();
    mmap(0x4000_0000, 3 * PAGE, RW, ANON | MAP_FIXED);
    write(0x4000_1000, 7);
    expect(lookupPte(kmem, as.root, 0x4000_1000) & (PTE_R | PTE_W)).toBe(PTE_R | PTE_W);
    expect(sysMprotect(as, 0x4000_1000, PAGE, PROT_READ)).toBe(0);
    expect(formatMaps(as)).toBe(
      '40000000-40001000 rw-p 00000000 00:00 0 \n' +
        '40001000-40002000 r--p 00000000 00:00 0 \n' +
        '40002000-40003000 rw-p 00000000 00:00 0 \n' +
        STACK,
    );
    expect(lookupPte(kmem, as.root, 0x4000_1000) & (PTE_V | PTE_R | PTE_W | PTE_U)).toBe(PTE_V | PTE_R | PTE_U);
    expect(handlePageFault(as, { va: 0x4000_1000, access: 'store', pc: 0 }).faultClass).toBe('protection');
    expect(sysMprotect(as, 0x4000_1000, PAGE, RW)).toBe(0);
    expect(formatMaps(as)).toBe('40000000-40003000 rw-p 00000000 00:00 0 \n' + STACK);
    expect(read(0x4000_1000, 1)).toEqual([7]);
  });

  it('PROT_NONE keeps the frame behind an invalid PTE; write-only shows -w- but maps R+W', () => {
    setup();
    mmap(0x4000_0000, PAGE, RW, ANON | MAP_FIXED);
    write(0x4000_0000, 9);
    expect(sysMprotect(as, 0x4000_0000, PAGE, PROT_NONE)).toBe(0);
    const pte = lookupPte(kmem, as.root, 0x4000_0000);
    expect(pte & (PTE_V | PTE_G)).toBe(PTE_G); // V clear, the PROT_NONE marker set
    expect(userFrames()).toBe(1);
    expect(formatMaps(as)).toBe('40000000-40001000 ---p 00000000 00:00 0 \n' + STACK);
    expect(sysMprotect(as, 0x4000_0000, PAGE, PROT_WRITE)).toBe(0);
    expect(formatMaps(as)).toBe('40000000-40001000 -w-p 00000000 00:00 0 \n' + STACK);
    expect(lookupPte(kmem, as.root, 0x4000_0000) & (PTE_V | PTE_R | PTE_W)).toBe(PTE_V | PTE_R | PTE_W);
    expect(read(0x4000_0000, 1)).toEqual([9]);
  });

  it('changes the VMAs before a hole, then fails with ENOMEM, like Linux', () => {
    setup();
    mmap(0x4000_0000, PAGE, RW, ANON | MAP_FIXED);
    mmap(0x4000_2000, PAGE, RW, ANON | MAP_FIXED);
    expect(sysMprotect(as, 0x4000_0000, 3 * PAGE, PROT_READ)).toBe(-ENOMEM);
    expect(formatMaps(as)).toBe('40000000-40001000 r--p 00000000 00:00 0 \n' + '40002000-40003000 rw-p 00000000 00:00 0 \n' + STACK);
    expect(sysMprotect(as, 0x4000_1000, PAGE, PROT_READ)).toBe(-ENOMEM); // nothing mapped
    expect(sysMprotect(as, 0x3fff_f000, 2 * PAGE, PROT_READ)).toBe(-ENOMEM); // starts in a hole
  });

  it('a VMA that merges with the next one mid-call is not mistaken for a hole', () => {
    setup();
    mmap(0x4000_0000, PAGE, RW, ANON | MAP_FIXED);
    mmap(0x4000_1000, PAGE, PROT_NONE, ANON | MAP_FIXED);
    expect(sysMprotect(as, 0x4000_0000, 2 * PAGE, PROT_NONE)).toBe(0);
    expect(formatMaps(as)).toBe('40000000-40002000 ---p 00000000 00:00 0 \n' + STACK);
  });

  it('undoes its first split and returns ENOMEM when the second VMA record cannot be allocated', () => {
    setup();
    mmap(0x4000_0000, 3 * PAGE, RW, ANON | MAP_FIXED);
    // Leave exactly one free VMA-sized slab object and no free frame.
    const objects: number[] = [];
    for (let i = 3; i < PAGE / 32 - 1; i++) objects.push(kmem.slab.kmalloc(32)!);
    const frames: number[] = [];
    for (let pa = kmem.frames.allocFrame('kernel'); pa !== null; pa = kmem.frames.allocFrame('kernel')) frames.push(pa);
    const before = formatMaps(as);
    expect(sysMprotect(as, 0x4000_1000, PAGE, PROT_READ)).toBe(-ENOMEM);
    expect(formatMaps(as)).toBe(before);
    expect(sysMunmap(as, 0x4000_1000, PAGE)).toBe(-ENOMEM);
    expect(formatMaps(as)).toBe(before);
    checkAddressSpace(as);
    objects.forEach((pa) => kmem.slab.kfree(pa));
    frames.forEach((pa) => kmem.frames.freeFrame(pa));
    expect(sysMprotect(as, 0x4000_1000, PAGE, PROT_READ)).toBe(0);
  });

  it('returns the exact errno for bad arguments', () => {
    setup();
    mmap(0x4000_0000, PAGE, RW, ANON | MAP_FIXED);
    expect(sysMprotect(as, 0x4000_0000, 0, PROT_READ)).toBe(0);
    expect(sysMprotect(as, 0x4000_0001, PAGE, PROT_READ)).toBe(-EINVAL);
    expect(sysMprotect(as, 0x4000_0000, PAGE, 0x10)).toBe(-EINVAL);
    expect(sysMprotect(as, 0x4000_0000, 0xffff_ffff, PROT_READ)).toBe(-ENOMEM); // wraps
    expect(sysMprotect(as, 0x4000_0000, PAGE, PROT_READ | PROT_GROWSDOWN)).toBe(-EINVAL); // does not grow down
    expect(sysMprotect(as, 0x4000_0000, PAGE, PROT_READ | PROT_GROWSDOWN | 0x0200_0000)).toBe(-EINVAL);
    // On the stack, PROT_GROWSDOWN extends the change down to the VMA's start.
    expect(sysMprotect(as, 0x7fff_f800 - 0x800, PAGE, PROT_READ | PROT_EXEC | PROT_GROWSDOWN)).toBe(0);
    expect(formatMaps(as)).toBe('40000000-40001000 rw-p 00000000 00:00 0 \n' + '7ffff000-80000000 r-xp 00000000 00:00 0          [stack]\n');
  });
});

describe('madvise', () => {
  it('MADV_DONTNEED: private anonymous memory reads back zero, shared memory keeps its data', () => {
    setup();
    const priv = mmap(0, 2 * PAGE, RW);
    const shared = mmap(0, PAGE, RW, MAP_SHARED | MAP_ANONYMOUS);
    write(priv, 1, 2, 3);
    write(priv + PAGE, 4);
    write(shared, 5, 6);
    expect(userFrames()).toBe(3);
    expect(sysMadvise(as, priv, 2 * PAGE, MADV_DONTNEED)).toBe(0);
    expect(userFrames()).toBe(1);
    expect(read(priv, 3)).toEqual([0, 0, 0]);
    expect(sysMadvise(as, shared, PAGE, MADV_DONTNEED)).toBe(0);
    expect(userFrames()).toBe(2); // the shared object still holds its page
    expect(read(shared, 2)).toEqual([5, 6]);
    expect(sysMadvise(as, priv, PAGE, MADV_WILLNEED)).toBe(0);
  });

  it('returns the exact errno for bad arguments and holes', () => {
    setup();
    mmap(0x4000_0000, PAGE, RW, ANON | MAP_FIXED);
    mmap(0x4000_2000, PAGE, RW, ANON | MAP_FIXED);
    write(0x4000_2000, 1);
    expect(sysMadvise(as, 0x4000_0001, PAGE, MADV_DONTNEED)).toBe(-EINVAL);
    expect(sysMadvise(as, 0x4000_0000, PAGE, 99)).toBe(-EINVAL);
    expect(sysMadvise(as, 0x4000_0000, 0, MADV_DONTNEED)).toBe(0);
    expect(sysMadvise(as, 0x4000_0000, 0xffff_f001, MADV_DONTNEED)).toBe(-EINVAL);
    expect(sysMadvise(as, 0x4000_1000, PAGE, MADV_DONTNEED)).toBe(-ENOMEM);
    // A hole in the middle: the mapped parts are still dropped.
    expect(sysMadvise(as, 0x4000_0000, 3 * PAGE, MADV_DONTNEED)).toBe(-ENOMEM);
    expect(userFrames()).toBe(0);
  });
});

describe('brk', () => {
  it('moves the break with Linux semantics', () => {
    setup();
    expect(sysBrk(as, 0)).toBe(0x12000); // below the start: the current break
    expect(sysBrk(as, 0x12800)).toBe(0x12800);
    expect(formatMaps(as)).toBe('00012000-00013000 rw-p 00000000 00:00 0          [heap]\n' + STACK);
    expect(sysBrk(as, 0x12f00)).toBe(0x12f00); // same page
    expect(sysBrk(as, 0x20000)).toBe(0x20000);
    write(0x1f000, 1);
    expect(formatMaps(as)).toBe('00012000-00020000 rw-p 00000000 00:00 0          [heap]\n' + STACK);
    expect(sysBrk(as, 0x11000)).toBe(0x20000); // never below the start
    expect(sysBrk(as, 0x13000)).toBe(0x13000); // shrinking frees the pages
    expect(userFrames()).toBe(0);
    expect(sysBrk(as, 0x12000)).toBe(0x12000);
    expect(formatMaps(as)).toBe(STACK);
  });

  it('keeps a page free below the next mapping, and fails by returning the old break', () => {
    setup();
    mmap(0x3_0000, PAGE, RW, ANON | MAP_FIXED);
    expect(sysBrk(as, 0x3_0000)).toBe(0x12000);
    expect(sysBrk(as, 0x2_f001)).toBe(0x12000);
    expect(sysBrk(as, 0x2_f000)).toBe(0x2_f000);
    expect(sysBrk(as, 0x9000_0000)).toBe(0x2_f000);
    expect(formatMaps(as)).toBe(
      '00012000-0002f000 rw-p 00000000 00:00 0          [heap]\n' + '00030000-00031000 rw-p 00000000 00:00 0 \n' + STACK,
    );
  });
});
