// Shared by the bench tests: an independent model of the default TLB for
// programs/bench/lib/random-loop.s.

/**
 * The load misses of lib/random-loop.s in the default TLB (16 sets of 4 ways,
 * LRU), computed independently: the addresses from the program's LCG (base +
 * bits 31:shift of x = x * 1103515245 + 12345 from x = 1, word aligned),
 * set = VPN mod 16, and the set of the code's TLB entry has one way fewer for
 * data (that entry, used by every fetch, is never the least recently used).
 */
export function randomLoadMisses(shift: number, base: number, codeSet: number): number {
  const sets: number[][] = Array.from({ length: 16 }, () => []);
  let x = 1;
  let misses = 0;
  for (let n = 0; n < 2_000_000; n++) {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    const vpn = Math.floor((base + ((x >>> shift) & ~3)) / 4096);
    const set = sets[vpn % 16]!;
    const at = set.indexOf(vpn);
    if (at >= 0) {
      set.splice(at, 1);
    } else {
      misses++;
      if (set.length === (vpn % 16 === codeSet ? 3 : 4)) set.shift();
    }
    set.push(vpn); // most recently used last
  }
  return misses;
}
