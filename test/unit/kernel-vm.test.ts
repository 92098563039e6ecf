import { afterEach, describe, expect, it } from 'vitest';
import { ArrayPhysicalMemory } from '../../src/kernel/phys.js';
import { FrameAllocator } from '../../src/kernel/frames.js';
import { EFAULT, ENAMETOOLONG } from '../../src/kernel/errno.js';
import {
  PA2PTE, PTE2PA, PTE_A, PTE_D, PTE_R, PTE_U, PTE_V, PTE_W, PTE_X, PX, SV32, copyIn, copyInString, copyOut,
  createPageTable, freePageTable, levelPageSize, lookupPte, makeSatp, mapPages, translate, unmapPages, walk,
  type VmContext,
} from '../../src/kernel/vm.js';

const BASE = 0x8000_0000;
const PAGE = 4096;

let vm: VmContext | undefined;

let ctx: VmContext;

function setup(nframes = 16): number {
  ctx = { frames: new FrameAllocator(new ArrayPhysicalMemory(nframes * PAGE)), mode: SV32 };
  vm = ctx;
  return createPageTable(ctx)!;
}

afterEach(() => {
  if (vm === undefined) return; // the pure bit-helper tests have no RAM
  vm.frames.checkInvariants();
  expect(Object.values(vm.frames.framesByOwner()).reduce((a, b) => a + b, 0)).toBe(vm.frames.nframes);
  vm = undefined;
});

// Decode a Sv32 PTE into the spec's fields: PPN[1] = bits 31:20, PPN[0] = bits 19:10, RSW 9:8, flags 7:0.
function decode(pte: number) {
  return {
    ppn1: pte >>> 20,
    ppn0: (pte >>> 10) & 0x3ff,
    rsw: (pte >>> 8) & 3,
    d: (pte >>> 7) & 1, a: (pte >>> 6) & 1, g: (pte >>> 5) & 1, u: (pte >>> 4) & 1,
    x: (pte >>> 3) & 1, w: (pte >>> 2) & 1, r: (pte >>> 1) & 1, v: pte & 1,
  };
}

describe('Sv32 mode and bit helpers', () => {
  it('describes Sv32 by data', () => {
    expect(SV32).toMatchObject({ levels: 2, vpnBits: 10, pteBytes: 4, vaBits: 32, asidBits: 9, ppnBits: 22 });
    expect(levelPageSize(SV32, 0)).toBe(4096);
    expect(levelPageSize(SV32, 1)).toBe(4 * 1024 * 1024);
  });

  it('splits a virtual address into VPN[1], VPN[0]', () => {
    expect(PX(SV32, 1, 0x1234_5678)).toBe(0x048);
    expect(PX(SV32, 0, 0x1234_5678)).toBe(0x345);
    expect(PX(SV32, 1, 0xffff_ffff)).toBe(0x3ff);
  });

  it('packs and unpacks PPNs', () => {
    expect(PA2PTE(0x8000_5000)).toBe(0x2000_1400);
    expect(PTE2PA(0x2000_1417)).toBe(0x8000_5000);
    expect(PTE2PA(0xffff_fc00)).toBe(0x3_ffff_f000); // Sv32 physical addresses are 34 bits
  });

  it('builds satp: MODE bit 31, ASID bits 30:22, PPN 21:0', () => {
    expect(makeSatp(SV32, 0x8000_0000, 5)).toBe(0x8148_0000);
    expect(makeSatp(SV32, 0x8001_2000, 0)).toBe(0x8008_0012);
    expect(makeSatp(SV32, 0x8000_0000, 511)).toBe(0xffc8_0000);
    expect(() => makeSatp(SV32, 0x8000_0000, 512)).toThrow('makeSatp: bad asid 512');
    expect(() => makeSatp(SV32, 0x8000_0800, 1)).toThrow('makeSatp: bad root 0x80000800');
  });
});

describe('page tables in RAM', () => {
  it('writes exact PTEs at exact physical addresses', () => {
    const root = setup();
    expect(root).toBe(BASE);
    expect(mapPages(ctx, root, 0x0040_3000, 2 * PAGE, 0x8000_5000, PTE_R | PTE_W | PTE_U)).toBe(true);
    const mem = ctx.frames.mem;
    // VPN[1] of 0x00403000 is 1: the root's entry 1, at root + 4, points to the new level-0 table.
    expect(mem.read32(BASE + 4)).toBe(0x2000_0401);
    expect(decode(mem.read32(BASE + 4))).toEqual({ ppn1: 0x200, ppn0: 0x001, rsw: 0, d: 0, a: 0, g: 0, u: 0, x: 0, w: 0, r: 0, v: 1 });
    // VPN[0] is 3 and 4: entries at table + 12 and + 16.
    expect(mem.read32(BASE + PAGE + 12)).toBe(0x2000_1417);
    expect(mem.read32(BASE + PAGE + 16)).toBe(0x2000_1817);
    expect(decode(mem.read32(BASE + PAGE + 16))).toEqual({ ppn1: 0x200, ppn0: 0x006, rsw: 0, d: 0, a: 0, g: 0, u: 1, x: 0, w: 1, r: 1, v: 1 });
    // Nothing else was written.
    expect(mem.read32(BASE)).toBe(0);
    expect(mem.read32(BASE + PAGE + 8)).toBe(0);
    expect(mem.read32(BASE + PAGE + 20)).toBe(0);
    expect(ctx.frames.framesByOwner()).toEqual({ 'page-table': 2, free: 14 });
    unmapPages(ctx, root, 0x0040_3000, 2, false);
    freePageTable(ctx, root);
  });

  it('walks and translates', () => {
    const root = setup();
    mapPages(ctx, root, 0x7fff_f000, PAGE, 0x8000_9000, PTE_R | PTE_X | PTE_U);
    expect(walk(ctx, root, 0x7fff_f123, false)).toBe(BASE + PAGE + 0x3ff * 4);
    expect(translate(ctx, root, 0x7fff_f123)).toBe(0x8000_9123);
    expect(translate(ctx, root, 0x7fff_e000)).toBeNull();
    expect(translate(ctx, root, 0x1000)).toBeNull();
    expect(walk(ctx, root, 0x1000, false)).toBeNull(); // no level-0 table there
    expect(lookupPte(ctx, root, 0x7fff_f000)).toBe(0x2000_241b);
    expect(() => walk(ctx, root, 2 ** 32, false)).toThrow('walk: va 4294967296 out of range');
    unmapPages(ctx, root, 0x7fff_f000, 1, false);
    freePageTable(ctx, root);
  });

  it('never maps megapages and panics on finding one', () => {
    const root = setup();
    ctx.frames.mem.write32(root + 4 * 2, PA2PTE(0x8040_0000) | PTE_R | PTE_V); // a 4 MiB leaf for VPN[1] = 2
    expect(() => walk(ctx, root, 0x0080_0000, false)).toThrow('walk: superpage at level 1 for va 0x00800000');
    ctx.frames.mem.write32(root + 8, 0);
    freePageTable(ctx, root);
  });

  it('panics on remapping and on unaligned arguments', () => {
    const root = setup();
    mapPages(ctx, root, 0x1000, PAGE, 0x8000_3000, PTE_R | PTE_U);
    expect(() => mapPages(ctx, root, 0x1000, PAGE, 0x8000_4000, PTE_R | PTE_U)).toThrow('mapPages: remap of 0x00001000');
    expect(() => mapPages(ctx, root, 0x1800, PAGE, 0x8000_4000, PTE_R)).toThrow('mapPages: unaligned va');
    expect(() => mapPages(ctx, root, 0x2000, 0, 0x8000_4000, PTE_R)).toThrow('mapPages: unaligned va');
    expect(() => mapPages(ctx, root, 0x2000, PAGE, 0x8000_4000, PTE_U)).toThrow('mapPages: perm is not a leaf');
    expect(() => unmapPages(ctx, root, 0x1004, 1, false)).toThrow('unmapPages: unaligned va 0x00001004');
    unmapPages(ctx, root, 0x1000, 1, false);
    freePageTable(ctx, root);
  });

  it('unmapping with free drops the frames; freePageTable frees the tables', () => {
    const root = setup();
    const a = ctx.frames.allocFrame({ pid: 7 })!;
    const b = ctx.frames.allocFrame({ pid: 7 })!;
    mapPages(ctx, root, 0x10000, PAGE, a, PTE_R | PTE_W | PTE_U);
    mapPages(ctx, root, 0x12000, PAGE, b, PTE_R | PTE_W | PTE_U);
    expect(ctx.frames.framesByOwner()).toEqual({ 'page-table': 2, 'pid 7': 2, free: 12 });
    expect(unmapPages(ctx, root, 0x10000, 3, true)).toBe(2); // the hole at 0x11000 is skipped
    expect(ctx.frames.framesByOwner()).toEqual({ 'page-table': 2, free: 14 });
    expect(() => freePageTable(ctx, root)).not.toThrow();
    expect(ctx.frames.framesByOwner()).toEqual({ free: 16 });
  });

  it('freePageTable panics while leaves remain', () => {
    const root = setup();
    mapPages(ctx, root, 0x10000, PAGE, 0x8000_5000, PTE_R | PTE_U);
    expect(() => freePageTable(ctx, root)).toThrow('freePageTable: leaf still mapped at index 16');
    unmapPages(ctx, root, 0x10000, 1, false);
    freePageTable(ctx, root);
  });

  it('unwinds a mapping when a page-table page cannot be allocated', () => {
    const root = setup(2); // the root, and one frame for one level-0 table
    expect(mapPages(ctx, root, 0x003f_f000, 2 * PAGE, 0x8000_0000, PTE_R | PTE_U)).toBe(false);
    expect(lookupPte(ctx, root, 0x003f_f000)).toBe(0); // its first page was mapped, then removed
    expect(translate(ctx, root, 0x0040_0000)).toBeNull();
    freePageTable(ctx, root);
  });
});

describe('copyIn / copyOut', () => {
  function userPages(): number {
    const root = setup();
    mapPages(ctx, root, 0x10000, PAGE, ctx.frames.allocFrame({ pid: 1 })!, PTE_R | PTE_W | PTE_U);
    mapPages(ctx, root, 0x11000, PAGE, ctx.frames.allocFrame({ pid: 1 })!, PTE_R | PTE_W | PTE_U);
    mapPages(ctx, root, 0x12000, PAGE, ctx.frames.allocFrame({ pid: 1 })!, PTE_R | PTE_U); // read-only
    mapPages(ctx, root, 0x13000, PAGE, ctx.frames.allocFrame('kernel')!, PTE_R | PTE_W); // not U
    return root;
  }

  function teardown(root: number): void {
    unmapPages(ctx, root, 0x10000, 4, true);
    freePageTable(ctx, root);
  }

  it('copies across a page boundary and sets A (and D for writes)', () => {
    const root = userPages();
    const bytes = Uint8Array.from({ length: 10 }, (_, i) => i + 1);
    expect(copyOut(ctx, root, 0x10ffb, bytes)).toBe(0);
    expect(translate(ctx, root, 0x10ffb)).not.toBeNull();
    expect(ctx.frames.mem.read(translate(ctx, root, 0x10ffb)!, 5)).toEqual(Uint8Array.of(1, 2, 3, 4, 5));
    expect(ctx.frames.mem.read(translate(ctx, root, 0x11000)!, 5)).toEqual(Uint8Array.of(6, 7, 8, 9, 10));
    expect(lookupPte(ctx, root, 0x10000) & (PTE_A | PTE_D)).toBe(PTE_A | PTE_D);
    const back = copyIn(ctx, root, 0x10ffb, 10);
    expect(back).toEqual({ ok: true, value: bytes });
    expect(lookupPte(ctx, root, 0x12000) & (PTE_A | PTE_D)).toBe(0);
    expect(copyIn(ctx, root, 0x12000, 4)).toEqual({ ok: true, value: new Uint8Array(4) });
    expect(lookupPte(ctx, root, 0x12000) & (PTE_A | PTE_D)).toBe(PTE_A);
    teardown(root);
  });

  it('returns EFAULT for bad user pointers', () => {
    const root = userPages();
    expect(copyOut(ctx, root, 0x12000, Uint8Array.of(1))).toBe(-EFAULT); // read-only
    expect(copyOut(ctx, root, 0x11fff, Uint8Array.of(1, 2))).toBe(-EFAULT); // runs into read-only
    expect(copyOut(ctx, root, 0x13000, Uint8Array.of(1))).toBe(-EFAULT); // kernel page
    expect(copyIn(ctx, root, 0x13000, 1)).toEqual({ ok: false, errno: EFAULT });
    expect(copyIn(ctx, root, 0x20000, 1)).toEqual({ ok: false, errno: EFAULT }); // unmapped
    expect(copyIn(ctx, root, 0xffff_fffe, 4)).toEqual({ ok: false, errno: EFAULT }); // wraps past 4 GiB
    expect(copyOut(ctx, root, 0x10000, new Uint8Array(0))).toBe(0);
    // A huge length fails on its first bad page, before any buffer is sized by it.
    expect(copyIn(ctx, root, 0x10000, 0xffff_ffff)).toEqual({ ok: false, errno: EFAULT });
    expect(() => copyIn(ctx, root, 0x10000, -1)).toThrow('userRange: bad length -1');
    expect(copyIn(ctx, root, -4096, 4)).toEqual({ ok: false, errno: EFAULT });
    // A copy that would run into a bad page copies nothing.
    expect(copyOut(ctx, root, 0x11ffe, Uint8Array.of(7, 7, 7))).toBe(-EFAULT);
    expect(copyIn(ctx, root, 0x11ffe, 2)).toEqual({ ok: true, value: Uint8Array.of(0, 0) });
    teardown(root);
  });

  it('never touches memory outside RAM, even for a corrupt leaf', () => {
    const root = userPages();
    ctx.frames.mem.write32(walk(ctx, root, 0x14000, true)!, PA2PTE(0x0100_0000) | PTE_R | PTE_W | PTE_U | PTE_V);
    expect(copyIn(ctx, root, 0x14000, 4)).toEqual({ ok: false, errno: EFAULT });
    expect(copyOut(ctx, root, 0x14000, Uint8Array.of(1))).toBe(-EFAULT);
    ctx.frames.mem.write32(walk(ctx, root, 0x14000, false)!, 0);
    teardown(root);
  });

  it('copies strings up to the NUL, within max', () => {
    const root = userPages();
    copyOut(ctx, root, 0x10ffd, new TextEncoder().encode('héllo\0'));
    expect(copyInString(ctx, root, 0x10ffd, 64)).toEqual({ ok: true, value: 'héllo' });
    expect(copyInString(ctx, root, 0x10ffd, 7)).toEqual({ ok: true, value: 'héllo' });
    expect(copyInString(ctx, root, 0x10ffd, 6)).toEqual({ ok: false, errno: ENAMETOOLONG });
    expect(copyInString(ctx, root, 0x11ffe, 64)).toEqual({ ok: true, value: '' }); // zero page: empty string
    expect(copyInString(ctx, root, 0x13ffe, 64)).toEqual({ ok: false, errno: EFAULT });
    teardown(root);
  });
});
