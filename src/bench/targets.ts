// Issue 6's speed targets and how a measured figure is judged against one:
// every row of the speed tables prints its target and "met" or
// "missed by X %". For a rate (MIPS, translations/s) X is the shortfall
// relative to the target (400 MIPS against 500 is missed by 20 %); for a
// figure that is itself a percentage (what paging or tracing costs) X is the
// difference in percentage points (a cost of 18 % against 15 % is missed by
// 3 %), which is how such a target reads.

/** A figure must be at least or at most `value`, in `unit`. */
export interface Target {
  atLeast: boolean;
  value: number;
  unit: 'MIPS' | 'M/s' | '%' | 'ms';
}

export interface Verdict {
  target: Target;
  met: boolean;
  /** How far from the target (0 when met): a fraction of the target, or percentage points for '%'. */
  missedBy: number;
}

export const atLeast = (value: number, unit: Target['unit']): Target => ({ atLeast: true, value, unit });
export const atMost = (value: number, unit: Target['unit']): Target => ({ atLeast: false, value, unit });

// The targets (interpreter tier), shared by the rows that report them.
export const ALU_SV32_MIPS = atLeast(500, 'MIPS');
export const SWEEP_SV32_MIPS = atLeast(400, 'MIPS');
export const RANDOM_4M_SV32_MIPS = atLeast(200, 'MIPS');
export const TLB_HIT_RATE = atLeast(500, 'M/s');
export const FULL_WALK_RATE = atLeast(150, 'M/s');
export const ALU_PAGING_COST = atMost(15, '%');
export const TRACING_COST = atMost(3, '%');
export const STARTUP_MS = atMost(150, 'ms');

export function judge(value: number, target: Target): Verdict {
  const gap = target.atLeast ? target.value - value : value - target.value;
  const met = gap <= 0;
  const missedBy = met ? 0 : target.unit === '%' ? gap : gap / target.value;
  return { target, met, missedBy };
}

/** "≥ 500 MIPS", "< 15 %". */
export function targetText(target: Target): string {
  return `${target.atLeast ? '≥' : '<'} ${target.value} ${target.unit}`;
}

/** "met", "missed by 20.0 %". */
export function verdictText(verdict: Verdict): string {
  if (verdict.met) return 'met';
  const amount = verdict.target.unit === '%' ? verdict.missedBy : verdict.missedBy * 100;
  return `missed by ${amount.toFixed(1)} %`;
}
