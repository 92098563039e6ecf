// The hardware's exports (placeholder until the hart lands).
export function abiVersion(): i32 {
  return 1;
}
