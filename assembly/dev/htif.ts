// HTIF: the host tells us where `tohost` is; a store that writes its upper
// word (bytes 4..7, as QEMU's HTIF also requires on RV32) hands the 64-bit
// command to the host, which runs it between run() slices.
import { STOP_HTIF } from '../layout';
import { stopAfterThis } from '../cpu/state';

// tohost's physical address; 0 means "no HTIF".
export let tohostAddr: u64 = 0;

export function setTohost(pa: u64): void {
  tohostAddr = pa;
}

/** Called for every RAM store: ends the slice when it wrote tohost[63:32]. */
@inline export function noteStore(pa: u64, size: u32): void {
  if (tohostAddr != 0 && pa < tohostAddr + 8 && pa + size > tohostAddr + 4) {
    stopAfterThis(STOP_HTIF);
  }
}

/** Whether the physical page at `pagePa` holds tohost (stores there take the slow path). */
export function pageHoldsTohost(pagePa: u64): bool {
  return tohostAddr != 0 && (tohostAddr >> 12) == (pagePa >> 12);
}
