import { describe, expect, it } from 'vitest';
import { Machine, MachineError, RAM_BASE } from '../../src/machine/index.js';
import { TOHOST, addi, elfOf, exit, li, machine, sw, jal } from './hart-helpers.js';

/** Code that writes the 64-bit value hi:lo to tohost, low word first. */
function toHost(hi: number, lo: number): number[] {
  return [...li(5, TOHOST), ...li(6, lo), sw(6, 5, 0), ...li(6, hi), sw(6, 5, 4)];
}

describe('HTIF', () => {
  it('console device 1, command 1 writes characters', async () => {
    const m = await machine();
    m.loadBareMetal(elfOf([...toHost(0x01010000, 0x48), ...toHost(0x01010000, 0x69), ...exit(0)]));
    expect(m.run({ maxInstructions: 100 })).toEqual({ kind: 'exit', code: 0 });
    expect(m.console).toBe('Hi');
    // Spike-style acknowledgement in fromhost: device, command, 0x100 | char.
    expect(Array.from(m.readPhys(TOHOST + 8, 8))).toEqual([0x69, 0x01, 0, 0, 0, 0, 0x01, 0x01]);
  });

  it('a proxied write syscall prints its buffer and returns the length in word 0', async () => {
    const magic = RAM_BASE + 0x8000;
    const buf = RAM_BASE + 0x9000;
    const m = await machine();
    m.loadBareMetal(elfOf([...toHost(0, magic), ...exit(3)]));
    const words = new Uint8Array(64);
    const view = new DataView(words.buffer);
    view.setUint32(0, 64, true);
    view.setUint32(8, 1, true);
    view.setUint32(16, buf, true);
    view.setUint32(24, 6, true);
    m.writePhys(magic, words);
    m.writePhys(buf, new TextEncoder().encode('hello\n'));
    expect(m.run({ maxInstructions: 100 })).toEqual({ kind: 'exit', code: 3 });
    expect(m.console).toBe('hello\n');
    expect(new DataView(m.readPhys(magic, 8).buffer).getUint32(0, true)).toBe(6);
    expect(Array.from(m.readPhys(TOHOST + 8, 8))).toEqual([1, 0, 0, 0, 0, 0, 0, 0]);
    expect(Array.from(m.readPhys(TOHOST, 8))).toEqual([0, 0, 0, 0, 0, 0, 0, 0]);
  });

  it('a write syscall with a buffer outside RAM returns -EFAULT', async () => {
    const magic = RAM_BASE + 0x8000;
    const m = await machine();
    m.loadBareMetal(elfOf([...toHost(0, magic), ...exit(0)]));
    const words = new Uint8Array(64);
    const view = new DataView(words.buffer);
    view.setUint32(0, 64, true);
    view.setUint32(8, 1, true);
    view.setUint32(16, 0x1000, true);
    view.setUint32(24, 4, true);
    m.writePhys(magic, words);
    expect(m.run({ maxInstructions: 100 })).toEqual({ kind: 'exit', code: 0 });
    expect(new DataView(m.readPhys(magic, 8).buffer).getBigInt64(0, true)).toBe(-14n);
    expect(m.console).toBe('');
  });

  it('the exit syscall (93) ends the run with its argument', async () => {
    const magic = RAM_BASE + 0x8000;
    const m = await machine();
    m.loadBareMetal(elfOf([...toHost(0, magic)]));
    const words = new Uint8Array(64);
    new DataView(words.buffer).setUint32(0, 93, true);
    new DataView(words.buffer).setUint32(8, 7, true);
    m.writePhys(magic, words);
    expect(m.run({ maxInstructions: 100 })).toEqual({ kind: 'exit', code: 7 });
  });

  it('a program that never exits stops at the limit', async () => {
    const m = await machine();
    m.loadBareMetal(elfOf([addi(5, 5, 1), jal(0, -4)]));
    expect(m.run({ maxInstructions: 10 })).toEqual({ kind: 'limit' });
  });
});

describe('Machine host API', () => {
  it('rejects bad options, registers, CSRs and physical ranges with MachineError', async () => {
    await expect(Machine.create({ ramBytes: 1000 })).rejects.toThrow(MachineError);
    await expect(Machine.create({ tlb: { entries: 6, ways: 4, policy: 'lru' } })).rejects.toThrow(MachineError);
    const m = await machine();
    expect(() => m.getReg(32)).toThrow(MachineError);
    expect(() => m.readCsr(0x7c0)).toThrow(MachineError);
    expect(() => m.readPhys(RAM_BASE - 1, 2)).toThrow(MachineError);
    expect(() => m.writePhys(RAM_BASE + (1 << 20) - 1, new Uint8Array(2))).toThrow(MachineError);
    expect(() => { m.priv = 2; }).toThrow(MachineError);
  });

  it('reads and writes registers, pc, privilege and physical memory', async () => {
    const m = await machine();
    m.setReg(5, -1);
    m.setReg(0, 7);
    expect(m.getReg(5)).toBe(0xffffffff);
    expect(m.getReg(0)).toBe(0);
    m.pc = RAM_BASE + 6;
    expect(m.pc).toBe(RAM_BASE + 6);
    expect(m.priv).toBe(3);
    m.priv = 1;
    expect(m.priv).toBe(1);
    m.writePhys(RAM_BASE + 16, Uint8Array.of(1, 2, 3));
    expect(Array.from(m.readPhys(RAM_BASE + 15, 5))).toEqual([0, 1, 2, 3, 0]);
  });

  it('loadBareMetal resets the hart: instret, statistics and privilege start over', async () => {
    const m = await machine();
    m.loadBareMetal(elfOf([addi(5, 5, 1), jal(0, -4)]));
    m.run({ maxInstructions: 50 });
    m.priv = 0;
    m.loadBareMetal(elfOf([addi(5, 5, 1), jal(0, -4)]));
    expect([m.instret, m.stats().untranslated.fetch, m.priv, m.getReg(5)]).toEqual([0, 0, 3, 0]);
    m.run({ maxInstructions: 7 });
    expect([m.instret, m.stats().instructions, m.stats().untranslated.fetch, m.getReg(5)]).toEqual([7, 7, 7, 4]);
    m.resetStats();
    m.run({ maxInstructions: 3 });
    expect([m.instret, m.stats().instructions, m.stats().untranslated.fetch]).toEqual([10, 3, 3]);
  });

  it('loads PT_LOAD segments at their physical addresses and zero-fills to memsz', async () => {
    const m = await machine();
    m.writePhys(RAM_BASE + 8, Uint8Array.of(9, 9, 9, 9));
    const elf = elfOf([0x11223344]);
    elf.segments[0]!.memsz = 12;
    m.loadBareMetal(elf);
    expect(Array.from(m.readPhys(RAM_BASE, 12))).toEqual([0x44, 0x33, 0x22, 0x11, 0, 0, 0, 0, 0, 0, 0, 0]);
    expect(m.pc).toBe(RAM_BASE);
    elf.segments[0]!.paddr = 0x1000;
    expect(() => m.loadBareMetal(elf)).toThrow(MachineError);
  });
});
