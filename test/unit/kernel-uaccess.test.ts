import { afterEach, describe, expect, it } from 'vitest';
import { ArrayPhysicalMemory } from '../../src/kernel/phys.js';
import { Kmem } from '../../src/kernel/kmem.js';
import { AddressSpace } from '../../src/kernel/addrspace.js';
import { EFAULT, ENAMETOOLONG } from '../../src/kernel/errno.js';
import { formatMaps } from '../../src/kernel/maps.js';
import { MAP_ANONYMOUS, MAP_FIXED, MAP_PRIVATE, PROT_NONE, PROT_READ, PROT_WRITE, sysMmap } from '../../src/kernel/mm-syscalls.js';
import { copyFromUser, copyStringFromUser, copyToUser } from '../../src/kernel/uaccess.js';
import { lookupPte } from '../../src/kernel/vm.js';
import { finish } from './kernel-helpers.js';

const PAGE = 4096;
const RW = PROT_READ | PROT_WRITE;

let kmem: Kmem;
let as: AddressSpace;

function setup(ad: 'update' | 'fault' = 'update'): void {
  kmem = new Kmem({ mem: new ArrayPhysicalMemory(4 * 1024 * 1024), ad });
  as = AddressSpace.create(kmem, 1, { stackLimit: 4 * PAGE })!;
  expect(sysMmap(as, 0x4000_0000, 2 * PAGE, RW, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, 0xffff_ffff, 0)).toBe(0x4000_0000);
  expect(sysMmap(as, 0x4000_2000, PAGE, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, 0xffff_ffff, 0)).toBe(0x4000_2000);
  expect(sysMmap(as, 0x4000_4000, PAGE, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, 0xffff_ffff, 0)).toBe(0x4000_4000);
}

afterEach(() => {
  finish(as);
  expect(kmem.frames.framesByOwner()).toEqual({ free: 1024 });
  kmem.checkInvariants();
});

describe('kernel access to user memory', () => {
  it('demand-pages the buffers it touches', () => {
    setup();
    expect(copyToUser(as, 0x4000_0ffe, Uint8Array.of(1, 2, 3, 4))).toBe(0);
    expect(as.faults['demand-zero']).toBe(2);
    expect(copyFromUser(as, 0x4000_0ffe, 4)).toEqual({ ok: true, value: Uint8Array.of(1, 2, 3, 4) });
    expect(copyFromUser(as, 0x4000_2000, 2)).toEqual({ ok: true, value: Uint8Array.of(0, 0) });
    expect(as.faults['demand-zero']).toBe(3);
  });

  it('grows the stack for a buffer just below it', () => {
    setup();
    expect(copyToUser(as, 0x7fff_dff0, new Uint8Array(32).fill(7))).toBe(0);
    expect(formatMaps(as).split('\n').at(-2)).toBe('7fffd000-80000000 rw-p 00000000 00:00 0          [stack]');
    expect(as.faults['stack-growth']).toBe(1);
    // Beyond the 16 KiB stack limit: EFAULT, not a kill.
    expect(copyToUser(as, 0x7fff_bff0, Uint8Array.of(1))).toBe(-EFAULT);
  });

  it('returns EFAULT where the program itself would get SIGSEGV', () => {
    setup();
    expect(copyToUser(as, 0x4000_2000, Uint8Array.of(1))).toBe(-EFAULT); // read-only
    expect(copyToUser(as, 0x4000_1fff, Uint8Array.of(1, 2))).toBe(-EFAULT); // runs into read-only
    expect(copyFromUser(as, 0x4000_4000, 1)).toEqual({ ok: false, errno: EFAULT }); // PROT_NONE
    expect(copyFromUser(as, 0x4000_3000, 1)).toEqual({ ok: false, errno: EFAULT }); // hole
    expect(copyFromUser(as, 0x8000_0000, 1)).toEqual({ ok: false, errno: EFAULT }); // kernel half
    expect(copyFromUser(as, 0xffff_fff0, 0x20)).toEqual({ ok: false, errno: EFAULT }); // past 4 GiB
    expect(copyToUser(as, 0x4000_0000, new Uint8Array(0))).toBe(0);
    expect(as.faults).toMatchObject({ protection: 3, 'outside-vma': 2 });
  });

  it('copies strings across pages, faulting each in', () => {
    setup();
    expect(copyToUser(as, 0x4000_0ffd, new TextEncoder().encode('abc'))).toBe(0);
    expect(lookupPte(kmem, as.root, 0x4000_1000)).toBe(0); // the NUL's page is not there yet
    expect(copyStringFromUser(as, 0x4000_0ffd, 256)).toEqual({ ok: true, value: 'abc' });
    expect(copyStringFromUser(as, 0x4000_0ffd, 3)).toEqual({ ok: false, errno: ENAMETOOLONG });
    expect(copyStringFromUser(as, 0x4000_0ffd, 4)).toEqual({ ok: true, value: 'abc' });
    expect(copyToUser(as, 0x4000_1000, new Uint8Array(PAGE).fill(0x61))).toBe(0);
    expect(copyStringFromUser(as, 0x4000_1ffe, 256)).toEqual({ ok: true, value: 'aa' }); // NUL in the read-only page
    expect(copyToUser(as, 0x4000_2000, Uint8Array.of(0x62))).toBe(-EFAULT);
  });

  it('a string running into a hole is EFAULT', () => {
    setup();
    expect(sysMmap(as, 0x4000_3000, PAGE, RW, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, 0xffff_ffff, 0)).toBe(0x4000_3000);
    expect(copyToUser(as, 0x4000_3000, new Uint8Array(PAGE).fill(0x61))).toBe(0);
    expect(copyStringFromUser(as, 0x4000_3ffe, 256)).toEqual({ ok: false, errno: EFAULT });
  });

  it('Svade: kernel writes leave the page accessed and dirty', () => {
    setup('fault');
    expect(copyToUser(as, 0x4000_0000, Uint8Array.of(1))).toBe(0);
    expect(lookupPte(kmem, as.root, 0x4000_0000) & 0xc0).toBe(0xc0);
    expect(copyFromUser(as, 0x4000_2000, 1).ok).toBe(true);
    expect(lookupPte(kmem, as.root, 0x4000_2000) & 0xc0).toBe(0x40);
  });
});
