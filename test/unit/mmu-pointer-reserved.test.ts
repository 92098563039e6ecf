// A non-leaf PTE (R = W = X = 0) with D, A or U set: the privileged spec
// reserves those bits in a pointer, and step 3 of the Sv32 translation process
// raises a page fault when a reserved bit is set — for every access type,
// whatever the privilege, and before the next level is read.
import { describe, expect, it } from 'vitest';
import { RAM_BASE } from '../../src/machine/index.js';
import { PTE_A, PTE_D, PTE_R, PTE_U, PTE_V, PTE_W, PageTables, ROOT, machine } from './hart-helpers.js';

const VA = 0x0040_0123;
const PAGE = RAM_BASE + 0x20000;
const CAUSES = { fetch: 12, load: 13, store: 15 } as const;

describe('Sv32 walk: reserved bits in a pointer', () => {
  it.each([PTE_D, PTE_A, PTE_U, PTE_D | PTE_A | PTE_U])('pointer with 0x%s set faults at level 1', async (bits) => {
    const m = await machine({ ad: 'update' });
    const pt = new PageTables(m);
    pt.map4k(VA, PAGE, PTE_R | PTE_W | PTE_U | PTE_A | PTE_D);
    const l1 = ROOT + (VA >>> 22) * 4;
    pt.write(l1, pt.read(l1) | bits);
    m.writeCsr(0x180, pt.satp());
    for (const priv of [0, 1]) {
      m.priv = priv;
      m.writeCsr(0x300, 1 << 18); // SUM, so S-mode could use the U page if the walk reached it
      for (const access of ['fetch', 'load', 'store'] as const) {
        expect(m.translate(VA, access)).toEqual({ cause: CAUSES[access], steps: [{ level: 1, pteAddress: l1, pte: pt.read(l1) }] });
      }
    }
  });

  it('a clean pointer (only V, G or RSW bits) still walks on', async () => {
    const m = await machine({ ad: 'update' });
    const pt = new PageTables(m);
    pt.map4k(VA, PAGE, PTE_R | PTE_W | PTE_A | PTE_D);
    const l1 = ROOT + (VA >>> 22) * 4;
    pt.write(l1, pt.read(l1) | (1 << 5) | (3 << 8)); // G and both RSW bits
    expect(pt.read(l1) & 0xf).toBe(PTE_V);
    m.writeCsr(0x180, pt.satp());
    m.priv = 1;
    expect(m.translate(VA, 'load')).toMatchObject({ pa: PAGE + 0x123 });
  });
});
