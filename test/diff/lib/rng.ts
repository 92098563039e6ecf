// A small deterministic PRNG (xorshift32): every generated program and fuzz
// input is reproducible from the seed printed with a failure.
export class Rng {
  private state: number;

  constructor(seed: number) {
    // xorshift has one fixed point, zero; map it to another seed.
    this.state = seed >>> 0 || 0x9e3779b9;
  }

  /** A uniformly distributed unsigned 32-bit value. */
  next(): number {
    let x = this.state;
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    this.state = x >>> 0;
    return this.state;
  }

  /** An integer in [lo, hi], both inclusive. */
  int(lo: number, hi: number): number {
    return lo + (this.next() % (hi - lo + 1));
  }

  pick<T>(items: readonly T[]): T {
    return items[this.next() % items.length]!;
  }

  chance(probability: number): boolean {
    return this.next() / 0x1_0000_0000 < probability;
  }

  /** A key of `weights` chosen with probability proportional to its weight. */
  weighted<K extends string>(weights: Readonly<Record<K, number>>): K {
    const keys = Object.keys(weights) as K[];
    const total = keys.reduce((sum, k) => sum + weights[k], 0);
    let r = this.next() % total;
    for (const k of keys) {
      if (r < weights[k]) return k;
      r -= weights[k];
    }
    return keys[keys.length - 1]!;
  }
}
