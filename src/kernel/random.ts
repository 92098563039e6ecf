/**
 * The kernel's entropy source, made deterministic so two runs with the same
 * seed are identical: getrandom(2) and the AT_RANDOM bytes of a new process
 * both draw from one stream. The generator is splitmix32 (Steele, Lea and
 * Flood's SplitMix, 32-bit variant): a counter stepped by the golden-ratio
 * constant and finalized by an avalanche mix, so every seed gives a distinct,
 * well-mixed stream.
 */
export class DeterministicRandom {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** The next 32 random bits. */
  next32(): number {
    this.state = (this.state + 0x9e37_79b9) >>> 0;
    let z = this.state;
    z = Math.imul(z ^ (z >>> 16), 0x85eb_ca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2_ae35);
    return (z ^ (z >>> 16)) >>> 0;
  }

  /** `count` random bytes, four from each 32-bit draw, little-endian. */
  bytes(count: number): Uint8Array {
    const out = new Uint8Array(count);
    for (let i = 0; i < count; i += 4) {
      const word = this.next32();
      for (let j = 0; j < 4 && i + j < count; j++) out[i + j] = (word >>> (8 * j)) & 0xff;
    }
    return out;
  }
}
