import { type Minimum, minimize, type Parameter } from './minimize.js';

/**
 * MINOS-style interval for parameter `index`: the values where the profile likelihood (cost
 * minimised over the other parameters with this one fixed) rises by `errordef` above the minimum.
 * Found by bracketing from the HESSE error and bisecting; a side that hits a limit is undefined.
 */
export function profileInterval(
  cost: (values: number[]) => number,
  parameters: readonly Parameter[],
  best: Minimum,
  index: number,
  error: number,
  errordef = 0.5,
): { lower?: number; upper?: number } {
  const target = best.fval + errordef;
  const p = parameters[index];
  const profile = (x: number) => {
    const fixedAt = parameters.map((q, i) => ({
      ...q,
      start: i === index ? x : best.values[i],
      fixed: q.fixed || i === index,
    }));
    return minimize(cost, fixedAt).fval;
  };
  const side = (sign: 1 | -1) => {
    const limit = sign > 0 ? p.hi : p.lo;
    const x0 = best.values[index];
    let inside = x0;
    let step = error > 0 ? error : 1e-3 * Math.max(1, Math.abs(x0));
    let outside: number | undefined;
    for (let k = 0; k < 30 && outside === undefined; k++) {
      let x = x0 + sign * step;
      if (limit !== undefined && sign * (x - limit) >= 0) x = limit;
      if (profile(x) >= target) outside = x;
      else if (x === limit) return undefined;
      else inside = x;
      step *= 1.6;
    }
    if (outside === undefined) return undefined;
    let out: number = outside;
    for (let k = 0; k < 40 && Math.abs(out - inside) > 1e-6 * Math.max(error, 1e-12); k++) {
      const mid: number = (inside + out) / 2;
      if (profile(mid) >= target) out = mid;
      else inside = mid;
    }
    return (inside + out) / 2;
  };
  return { lower: side(-1), upper: side(1) };
}
