// The translate text renderer on explanations of hand-built page tables:
// a megapage, a pointer with reserved bits set, satp Bare, a TLB hit line.
import { describe, expect, it } from 'vitest';
import { SV32 } from '../../src/kernel/index.js';
import { explainTranslation, type Access, type TlbEntryView } from '../../src/inspect/index.js';
import { renderTranslationText } from '../../src/cli/render/translate-text.js';

const ROOT = 0x8000_1000;
const TABLE = 0x8000_2000;
const SATP = (0x8000_0000 | 5 << 22 | ROOT / 4096) >>> 0;
const words = new Map<number, number>([
  [ROOT + 1 * 4, (0x80400 << 10 | 0x5b) >>> 0], // megapage V R X U A
  [ROOT + 2 * 4, ((TABLE / 4096) << 10 | 0x51) >>> 0], // pointer with U and A set (reserved in a pointer)
  [TABLE + 3 * 4, (0x80007 << 10 | 0xd7) >>> 0], // V R W U A D
]);

function explain(va: number, access: Access, satp = SATP) {
  return explainTranslation({
    mode: SV32, read: (pa) => words.get(pa) ?? 0, inRam: () => true, satp, va, access, privilege: 'U', sum: false, mxr: false, ad: 'update',
  });
}

describe('renderTranslationText', () => {
  it('explains a megapage fetch that hits in the TLB', () => {
    const hit: TlbEntryView = {
      tlb: 'itlb', set: 0, way: 1, asid: 5, global: false, vpn: 0x400, ppn: 0x80400, va: 0x40_0000, pa: 0x8040_0000,
      pageSize: 4 << 20, bits: 'VR-XU-A-', pid: 1,
    };
    expect(renderTranslationText({ kind: 'instructions', instructions: 10 }, 1, [{ ...explain(0x0041_2345, 'fetch'), tlb: [hit] }])).toBe([
      'mmulab translate: paused after 10 instructions',
      '',
      'fetch of 0x00412345 by pid 1 in U-mode (mstatus.SUM 0, MXR 0; A/D set by the hart (Svadu))',
      '  VA      = VPN[1] 0x001 | VPN[0] 0x012 | offset 0x345',
      '          = 0000000001 | 0000010010 | 001101000101',
      '  satp    = 0x81480001: MODE 1 (Sv32), ASID 5, PPN 0x80001 → root table at 0x80001000',
      '  TLB     : itlb set 0 way 1 holds VPN 0x00400 → PPN 0x80400 VR-XU-A- ASID 5: used if its cached bits allow a fetch, else the hart walks:',
      '  level 1: PTE address = 0x80001000 + VPN[1] 0x001 × 4 = 0x80001004',
      '           PTE 0x2010005b: VR-XU-A- PPN 0x80400',
      '           V = 1 and R or X set: a leaf',
      '  leaf checks:',
      '    U                    ok    U = 1: a user page, U-mode may use it',
      '    X                    ok    X = 1: executable',
      '    superpage alignment  ok    a level-1 leaf needs PPN[0:0] = 0 (PPN 0x80400)',
      '    A/D                  ok    A = 1',
      '  result  = PA 0x80412345 (4 MiB megapage at 0x80400000 + 0x12345)',
      '',
    ].join('\n'));
  });

  it('stops at a pointer with reserved bits set: a page fault (spec step 3)', () => {
    const text = renderTranslationText({ kind: 'instructions', instructions: 10 }, 1, [{ ...explain(0x0080_3010, 'store'), tlb: [] }]);
    expect(text).toContain([
      '  TLB     : no entry for this page and ASID 5: a miss, so the hart walks the page table:',
      '  level 1: PTE address = 0x80001000 + VPN[1] 0x002 × 4 = 0x80001008',
      '           PTE 0x20000851: V---U-A- PPN 0x80002',
      '           R = W = X = 0 but D, A or U set: bits the spec reserves in a pointer, a page fault',
    ].join('\n'));
    expect(text).not.toContain('level 0:');
  });

  it('says when satp is Bare', () => {
    const text = renderTranslationText({ kind: 'instructions', instructions: 0 }, 1, [{ ...explain(0x1234, 'load', 0), tlb: [] }]);
    expect(text).toContain('  satp    = 0x00000000: MODE 0 (Bare), ASID 0, PPN 0x00000 → root table at 0x00000000\n' +
      '  satp.MODE is Bare: no translation\n  result  = PA 0x00001234\n');
  });
});
