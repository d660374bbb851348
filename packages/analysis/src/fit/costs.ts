import type { Model } from './models.js';

/**
 * Extended unbinned negative log-likelihood: ν − Σ log λ(xᵢ), λ the model's intensity and ν the
 * events it expects outside the `excluded` ranges (e.g. a blinded signal region: a sideband fit).
 */
export function extendedUnbinnedNLL(
  model: Model,
  values: Float64Array,
  excluded: readonly [number, number][] = [],
): (p: number[]) => number {
  return (p) => {
    let sum = model.total(p);
    for (const [a, b] of excluded) sum -= model.expected(a, b, p);
    for (let i = 0; i < values.length; i++) {
      const l = model.intensity(values[i], p);
      if (!(l > 0)) return Number.POSITIVE_INFINITY;
      sum -= Math.log(l);
    }
    return sum;
  };
}

/**
 * Extended binned Poisson NLL, written as half the Baker-Cousins deviance (Σ ν − n + n log(n/ν)) so
 * that its minimum is near the number of degrees of freedom / 2 and usable as a goodness of fit.
 */
export function binnedPoissonNLL(
  model: Model,
  edges: Float64Array,
  counts: Float64Array,
  excluded: readonly [number, number][] = [],
): (p: number[]) => number {
  // Bins overlapping an excluded range take no part in the likelihood.
  const used = Array.from(counts.keys()).filter((i) => !excluded.some(([a, b]) => edges[i] < b && edges[i + 1] > a));
  return (p) => {
    let sum = 0;
    for (const i of used) {
      const nu = model.expected(edges[i], edges[i + 1], p);
      const n = counts[i];
      if (!(nu > 0)) {
        if (n > 0) return Number.POSITIVE_INFINITY;
        continue;
      }
      sum += nu - n + (n > 0 ? n * Math.log(n / nu) : 0);
    }
    return sum;
  };
}
