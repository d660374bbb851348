import { type Minimum, minimize, type Parameter } from './minimize.js';

/**
 * MINOS-style interval for parameter `index`: the values where the profile likelihood (cost
 * minimised over the other parameters with this one fixed) rises by `errordef` above the minimum.
 * Solved by the secant method on r(x) = √(Δ/errordef), which is nearly linear in x, starting from
 * the HESSE error; a side that reaches a parameter limit first is undefined.
 */
export function profileInterval(
  cost: (values: number[]) => number,
  parameters: readonly Parameter[],
  best: Minimum,
  index: number,
  error: number,
  errordef = 0.5,
): { lower?: number; upper?: number } {
  const p = parameters[index];
  const x0 = best.values[index];
  const r = (x: number) => {
    const fixedAt = parameters.map((q, i) => ({
      ...q,
      start: i === index ? x : best.values[i],
      fixed: q.fixed || i === index,
    }));
    return Math.sqrt(Math.max(0, minimize(cost, fixedAt, { tolerance: 1e-9 }).fval - best.fval) / errordef);
  };
  const side = (sign: 1 | -1): number | undefined => {
    const limit = sign > 0 ? p.hi : p.lo;
    const clamp = (x: number) => (limit !== undefined && sign * (x - limit) > 0 ? limit : x);
    let xa = x0;
    let ra = 0;
    let xb = clamp(x0 + sign * (error > 0 ? error : 1e-3 * Math.max(1, Math.abs(x0))));
    let rb = r(xb);
    for (let k = 0; k < 30; k++) {
      if (Math.abs(rb - 1) < 1e-5) return xb;
      if (xb === limit && rb < 1) return undefined;
      const slope = (rb - ra) / (xb - xa);
      // Fall back to doubling the step when the profile is flat (slope ~ 0) or turns back.
      const next = sign * slope > 0 ? xb + (1 - rb) / slope : x0 + 2 * (xb - x0);
      xa = xb;
      ra = rb;
      xb = clamp(next);
      rb = r(xb);
    }
    return undefined;
  };
  return { lower: side(-1), upper: side(1) };
}
