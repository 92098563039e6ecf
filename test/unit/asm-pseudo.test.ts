// Exact bytes of the pseudo-instructions and alias forms, expected bytes from
// GNU as 2.40 + ld (-mno-relax / --no-relax), including the li sequences GNU
// as picks for the boundary values and the pc-relative pairs once linked.
import { describe, expect, it } from 'vitest';
import { asmErrorMessage, sectionHex } from '../fixtures/asm/helpers.js';

const GNU_PSEUDO: [string, string][] = [
  ['nop', '0100'],
  ['li a0, 0', '0145'],
  ['li a0, -32', '0155'],
  ['li a0, 31', '7d45'],
  ['li a0, 32', '13050002'],
  ['li a0, 2047', '1305f07f'],
  ['li a0, -2048', '13050080'],
  ['li a0, 2048', '056513050580'],
  ['li a0, 0x7ff', '1305f07f'],
  ['li a0, 0x800', '056513050580'],
  ['li a0, 0xfff', '05657d15'],
  ['li a0, 0x1000', '0565'],
  ['li a0, 0x7fffffff', '370500807d15'],
  ['li a0, 0x80000000', '37050080'],
  ['li a0, -0x80000000', '37050080'],
  ['li a0, 0xffffffff', '1305f0ff'],
  ['li a0, -1', '7d55'],
  ['li a0, 0x12345678', '3755341213058567'],
  ['li a0, -2049', '7d751305f57f'],
  ['li sp, 0x1000', '37110000'],
  ['li zero, 5', '13005000'],
  ['mv a0, a1', '2e85'],
  ['mv a0, zero', '13050000'],
  ['not a0, a1', '13c5f5ff'],
  ['neg a0, a1', '3305b040'],
  ['seqz a0, a1', '13b51500'],
  ['snez a0, a1', '3335b000'],
  ['sltz a0, a1', '33a50500'],
  ['sgtz a0, a1', '3325b000'],
  ['sgt a0, a1, a2', '3325b600'],
  ['sgtu a0, a1, a2', '3335b600'],
  ['jr a0', '0285'],
  ['jr zero', '67000000'],
  ['jr a0, 4', '67004500'],
  ['jr 4(a0)', '67004500'],
  ['jalr a0', '0295'],
  ['jalr a0, 8', 'e7008500'],
  ['jalr 8(a0)', 'e7008500'],
  ['jalr t0, a1', 'e7820500'],
  ['jalr t0, a1, 12', 'e782c500'],
  ['jalr t0, 12(a1)', 'e782c500'],
  ['ret', '8280'],
  ['csrr a0, mstatus', '73250030'],
  ['csrw mtvec, a0', '73105530'],
  ['csrw mtvec, 5', '73d05230'],
  ['csrs mie, a1', '73a04530'],
  ['csrs mie, 8', '73604430'],
  ['csrc mip, a2', '73304634'],
  ['csrc mip, 31', '73f04f34'],
  ['csrwi mscratch, 7', '73d00334'],
  ['csrsi mstatus, 8', '73600430'],
  ['csrci mstatus, 31', '73f00f30'],
  ['csrrw a0, mscratch, 3', '73d50134'],
  ['rdcycle a0', '732500c0'],
  ['rdcycleh a0', '732500c8'],
  ['rdtime a0', '732510c0'],
  ['rdtimeh a0', '732510c8'],
  ['rdinstret a0', '732520c0'],
  ['rdinstreth a0', '732520c8'],
  ['fence', '0f00f00f'],
  ['sfence.vma', '73000012'],
  ['sfence.vma a0', '73000512'],
  ['unimp', '0000'],
  ['ebreak', '0290'],
  ['add a0, a1, 5', '13855500'],
  ['and a0, a0, 7', '1d89'],
  ['or a0, a1, 0x7f', '13e5f507'],
  ['xor a0, a1, -1', '13c5f5ff'],
  ['sll a0, a0, 3', '0e05'],
  ['srl a1, a2, 4', '93554600'],
  ['sra a2, a2, 5', '1586'],
  ['slt a0, a1, -3', '13a5d5ff'],
  ['sltu a0, a1, 3', '13b53500'],
  ['zext.b a0, a1', '13f5f50f'],
  ['scall', '73000000'],
  ['sbreak', '0290'],];

// Branches and jumps to labels in the same section (GNU as sizes them by distance).
const GNU_BRANCHES: [string, string][] = [
  ['1: beqz a0, 1b', '01c1'],
  ['1: bnez s1, 1b', '81e0'],
  ['1: beqz t0, 1b', '63800200'],
  ['1: bnez t0, 1b', '63900200'],
  ['1: blez a0, 1b', '6350a000'],
  ['1: bgez a0, 1b', '63500500'],
  ['1: bltz a0, 1b', '63400500'],
  ['1: bgtz a0, 1b', '6340a000'],
  ['1: bgt a0, a1, 1b', '63c0a500'],
  ['1: ble a0, a1, 1b', '63d0a500'],
  ['1: bgtu a0, a1, 1b', '63e0a500'],
  ['1: bleu a0, a1, 1b', '63f0a500'],
  ['1: beq a0, a1, 1b', '6300b500'],
  ['1: bne a0, a1, 1b', '6310b500'],
  ['1: blt a0, a1, 1b', '6340b500'],
  ['1: bge a0, a1, 1b', '6350b500'],
  ['1: bltu a0, a1, 1b', '6360b500'],
  ['1: bgeu a0, a1, 1b', '6370b500'],
  ['1: j 1b', '01a0'],
  ['1: jal 1b', 'ef000000'],
  ['1: jal t0, 1b', 'ef020000'],
  ['nop; 1: j 1b', '010001a0'],
  ['beqz a0, 1f; nop; 1:', '11c10100'],
  ['j 1f; nop; 1:', '11a00100'],
  ['call 1f; 1:', '97000000e7808000'],
  ['tail 1f; 1:', '1703000067008300'],
  ['la a0, 1f; 1:', '1705000013058500'],
  ['lw a0, 1f; 1:', '1705000003258500'],
  ['sw a0, 1f, t0; 1:', '9702000023a4a200'],
  ['1: auipc a0, %pcrel_hi(2f); addi a0, a0, %pcrel_lo(1b); 2:', '1705000013058500'],
  ['lui a0, %hi(0x12345fff)', '37653412'],
  ['addi a0, a0, %lo(0x12345fff)', '1305f5ff'],
  ['sw a0, %lo(0x12345fff)(a1)', 'a3afa5fe'],];

describe('pseudo-instructions match GNU as', () => {
  it.each(GNU_PSEUDO)('%s', (source, hex) => {
    expect(sectionHex(`${source}\n`)).toBe(hex);
  });
});

describe('branches, jumps and pc-relative pairs match GNU as', () => {
  it.each(GNU_BRANCHES)('%s', (source, hex) => {
    expect(sectionHex(`${source}\n`).slice(0, hex.length)).toBe(hex);
  });

  // A target in another section: GNU as cannot know the distance, so it emits
  // the forms that reach anywhere. Here .text.other follows the 8-byte .text
  // (at 0x10008 and 0x10004 respectively), which fixes the jal offsets.
  it('assumes the worst for a target in another section', () => {
    const other = '.section .text.other,"ax"\nother: nop\n';
    // bnez a0, +8 ; jal zero, +4
    expect(sectionHex(`.text\nbeqz a0, other\n${other}`)).toBe('631405006f004000');
    // jal zero, +4 (never c.j)
    expect(sectionHex(`.text\nj other\n${other}`)).toBe('6f004000');
  });

  it('expands an out-of-reach branch: c.bnez over jal (6 bytes), bgeu over jal (8 bytes)', () => {
    const far = '.fill 1024, 4, 0\n1:\n';
    expect(sectionHex(`beqz a0, 1f\n${far}`).slice(0, 12)).toBe('19e16f104000');
    expect(sectionHex(`bltu a0, a1, 1f\n${far}`).slice(0, 16)).toBe('6374b5006f104000');
    expect(sectionHex(`j 1f\n${far}`).slice(0, 8)).toBe('6f104000');
  });
});

describe('constants made of two labels, as GNU as knows them', () => {
  const data = '.section .rodata\nstart: .ascii "hello"\nend:\n.equ LEN, end - start\n.text\n';

  it('an .equ of a label difference over instructions and data: li a2, 5 (c.li)', () => {
    expect(sectionHex(`${data}li a2, LEN\n`)).toBe('1546');
    expect(sectionHex(`${data}li a2, -LEN\n`)).toBe('6d56');
  });

  it('not the difference written directly as an operand (GNU as: illegal operands)', () => {
    expect(asmErrorMessage(`${data}li a2, end - start\n`)).toContain('must be a constant');
  });

  it('not across a branch, an alignment or a .space, which end a GNU as fragment', () => {
    for (const between of ['beqz a0, a', '.balign 4', '.space 7']) {
      expect(asmErrorMessage(`a: .byte 1\n${between}\nb:\n.equ D, b - a\nli a1, D\n`)).toContain('is not a register or a constant known here');
    }
  });

  it('not before the labels are defined (GNU as: illegal operands)', () => {
    expect(asmErrorMessage('li a2, LEN\n.section .rodata\nstart: .ascii "hello"\nend:\n.equ LEN, end - start\n'))
      .toContain("'LEN' is not a register or a constant known here");
  });
});
