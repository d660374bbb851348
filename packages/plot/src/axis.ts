import { linearTicks, logTicks } from './ticks.js';

/** One plot axis in data units; a log axis needs lo > 0. */
export interface Axis {
  label: string;
  lo: number;
  hi: number;
  log?: boolean;
}

export function axisTicks(axis: Axis): number[] {
  return axis.log ? logTicks(axis.lo, axis.hi) : linearTicks(axis.lo, axis.hi);
}

/**
 * The range that shows all finite `values` (positive ones on a log axis) with 5 % to spare on each side,
 * padded in log space on a log axis; [0, 1] (log: [1, 10]) when there are none.
 */
export function dataRange(values: Iterable<number>, log = false): [number, number] {
  const t = log ? Math.log10 : (v: number) => v;
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (const v of values) {
    const u = t(v);
    if (!Number.isFinite(u)) continue;
    if (u < lo) lo = u;
    if (u > hi) hi = u;
  }
  if (lo > hi) return log ? [1, 10] : [0, 1];
  // A single value gets half a decade (log) or half its magnitude either side.
  const pad = lo === hi ? (log ? 0.5 : 0.5 * Math.abs(lo || 1)) : 0.05 * (hi - lo);
  return log ? [10 ** (lo - pad), 10 ** (hi + pad)] : [lo - pad, hi + pad];
}
