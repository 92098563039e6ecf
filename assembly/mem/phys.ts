// Physical memory: RAM at RAM_BASE (inside the Wasm linear memory at
// RAM_LOCATION) and the CLINT. Every other physical address is an access
// fault, so the guest can never reach host memory outside its RAM.
import {
  RAM_BASE, CLINT_BASE, CLINT_SIZE, ACCESS_FETCH, ACCESS_LOAD,
  CAUSE_FETCH_ACCESS, CAUSE_LOAD_ACCESS, CAUSE_STORE_ACCESS,
} from '../encoding';
import { RAM_LOCATION } from '../layout';
import { raise } from '../cpu/state';
import { clintHas, clintRead, clintWrite } from '../dev/clint';
import { noteStore } from '../dev/htif';

export let ramBytes: u32 = 0;

export function setRamBytes(n: u32): void {
  ramBytes = n;
}

/** The host address of [pa, pa+size) if it lies wholly in RAM, else 0. */
@inline export function ramHost(pa: u64, size: u32): u32 {
  // `off < ramBytes` first: below RAM the u64 subtraction wraps, and off + size
  // could wrap back into range and reach host memory just below guest RAM.
  const off = pa - <u64>RAM_BASE;
  if (off < <u64>ramBytes && off + <u64>size <= <u64>ramBytes) return RAM_LOCATION + <u32>off;
  return 0;
}

/**
 * ramHost for an access that cannot cross a page boundary (a PTE, an aligned
 * word): RAM is a whole number of pages, so starting in RAM means ending in it.
 */
@inline export function ramHostWithinPage(pa: u64): u32 {
  const off = pa - <u64>RAM_BASE;
  return off < <u64>ramBytes ? RAM_LOCATION + <u32>off : 0;
}

export function accessFaultCause(access: u32): u32 {
  if (access == ACCESS_FETCH) return CAUSE_FETCH_ACCESS;
  if (access == ACCESS_LOAD) return CAUSE_LOAD_ACCESS;
  return CAUSE_STORE_ACCESS;
}

/** Reads 1, 2 or 4 bytes; raises an access fault (tval = va) outside RAM and the CLINT. */
export function physRead(pa: u64, size: u32, va: u32, access: u32): u32 {
  const host = ramHost(pa, size);
  if (host != 0) {
    if (size == 4) return load<u32>(host);
    if (size == 2) return load<u16>(host);
    return load<u8>(host);
  }
  const off = pa - <u64>CLINT_BASE;
  if (access != ACCESS_FETCH && off < <u64>CLINT_SIZE && clintHas(<u32>off, size)) {
    return <u32>clintRead(<u32>off, size);
  }
  raise(accessFaultCause(access), va);
  return 0;
}

/** Whether a store of `size` bytes at pa would reach memory or a device. */
export function physWritable(pa: u64, size: u32): bool {
  if (ramHost(pa, size) != 0) return true;
  const off = pa - <u64>CLINT_BASE;
  return off < <u64>CLINT_SIZE && clintHas(<u32>off, size);
}

/** Writes 1, 2 or 4 bytes; raises a store access fault (tval = va) where nothing is mapped. */
export function physWrite(pa: u64, size: u32, value: u32, va: u32): void {
  const host = ramHost(pa, size);
  if (host != 0) {
    if (size == 4) store<u32>(host, value);
    else if (size == 2) store<u16>(host, <u16>value);
    else store<u8>(host, <u8>value);
    noteStore(pa, size);
    return;
  }
  const off = pa - <u64>CLINT_BASE;
  if (off < <u64>CLINT_SIZE && clintHas(<u32>off, size)) {
    clintWrite(<u32>off, size, value);
    return;
  }
  raise(CAUSE_STORE_ACCESS, va);
}
