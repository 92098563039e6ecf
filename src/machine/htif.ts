// The host side of HTIF: runs the command the guest wrote to tohost. The
// 64-bit tohost holds device (63:56), command (55:48) and payload (47:0).
// Device 0 command 0: an odd payload ends the run with status payload >> 1; an
// even one is the address of eight 64-bit words holding a proxied syscall
// (64 = write to the console, 93 = exit) whose result goes into word 0 before
// fromhost is set to 1. Device 1 command 1 writes one character.

/** What HTIF needs from the machine: physical memory. */
export interface HtifMemory {
  readPhys(pa: number, len: number): Uint8Array;
  writePhys(pa: number, bytes: Uint8Array): void;
  inRam(pa: number, len: number): boolean;
}

const SYS_WRITE = 64;
const SYS_EXIT = 93;
const EBADF = 9;
const EFAULT = 14;
const ENOSYS = 38;

export class Htif {
  private readonly consoleBytes: number[] = [];

  constructor(
    private readonly mem: HtifMemory,
    readonly tohost: number,
    readonly fromhost: number | undefined,
  ) {}

  get console(): string {
    return new TextDecoder().decode(Uint8Array.from(this.consoleBytes));
  }

  /** Runs the pending command; returns the exit status if the guest asked to exit. */
  service(): number | undefined {
    const cmd = this.read64(this.tohost);
    if (cmd === 0n) return undefined;
    this.write64(this.tohost, 0n);
    const device = Number(cmd >> 56n);
    const command = Number((cmd >> 48n) & 0xffn);
    const payload = cmd & 0xffff_ffff_ffffn;
    if (device === 0 && command === 0) {
      if ((payload & 1n) === 1n) return Number(payload >> 1n);
      return this.syscall(Number(payload));
    }
    if (device === 1 && command === 1) {
      const ch = Number(payload & 0xffn);
      this.consoleBytes.push(ch);
      this.respond((cmd >> 48n << 48n) | BigInt(0x100 | ch));
    }
    return undefined;
  }

  /** A proxied syscall; a guest's bad addresses get -EFAULT (or are ignored if even the block is bad). */
  private syscall(magic: number): number | undefined {
    if (!this.mem.inRam(magic, 64)) return undefined;
    const words = [0, 1, 2, 3].map((i) => this.read64(magic + 8 * i));
    const [n, a0, a1, a2] = words.map(Number) as [number, number, number, number];
    let result: bigint;
    if (n === SYS_EXIT) return a0;
    if (n === SYS_WRITE) {
      if (!this.mem.inRam(a1, a2)) {
        result = BigInt(-EFAULT);
      } else if (a0 === 1 || a0 === 2) {
        for (const b of this.mem.readPhys(a1, a2)) this.consoleBytes.push(b);
        result = BigInt(a2);
      } else {
        result = BigInt(-EBADF);
      }
    } else {
      result = BigInt(-ENOSYS);
    }
    this.write64(magic, BigInt.asUintN(64, result));
    this.respond(1n);
    return undefined;
  }

  private respond(value: bigint): void {
    if (this.fromhost !== undefined) this.write64(this.fromhost, value);
  }

  private read64(pa: number): bigint {
    const b = this.mem.readPhys(pa, 8);
    return new DataView(b.buffer, b.byteOffset, 8).getBigUint64(0, true);
  }

  private write64(pa: number, v: bigint): void {
    const b = new Uint8Array(8);
    new DataView(b.buffer).setBigUint64(0, v, true);
    this.mem.writePhys(pa, b);
  }
}
