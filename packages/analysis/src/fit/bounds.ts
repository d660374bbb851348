/** A parameter's limits; either side may be open. */
export interface Bounds {
  lo?: number;
  hi?: number;
}

/**
 * MINUIT's transforms between the bounded (external) parameter and an unbounded internal one, so
 * the minimiser never steps outside the limits: sin for two limits, sqrt for one.
 */
export function toInternal(x: number, { lo, hi }: Bounds): number {
  if (lo !== undefined && hi !== undefined) {
    const s = (2 * (x - lo)) / (hi - lo) - 1;
    return Math.asin(Math.max(-1, Math.min(1, s)));
  }
  if (lo !== undefined) return Math.sqrt((Math.max(x, lo) - lo + 1) ** 2 - 1);
  if (hi !== undefined) return Math.sqrt((hi - Math.min(x, hi) + 1) ** 2 - 1);
  return x;
}

export function toExternal(u: number, { lo, hi }: Bounds): number {
  if (lo !== undefined && hi !== undefined) return lo + ((hi - lo) * (Math.sin(u) + 1)) / 2;
  if (lo !== undefined) return lo - 1 + Math.sqrt(u * u + 1);
  if (hi !== undefined) return hi + 1 - Math.sqrt(u * u + 1);
  return u;
}
