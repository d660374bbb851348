/** Small order statistics and binomial intervals for the validation figures. */

/** The q-quantile (0..1) of `values` by linear interpolation between order statistics (NaN when empty). */
export function quantile(values: ArrayLike<number>, q: number): number {
  const sorted = Float64Array.from(values).sort();
  return sortedQuantile(sorted, q);
}

export function sortedQuantile(sorted: Float64Array, q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const at = q * (sorted.length - 1);
  const below = Math.floor(at);
  const above = Math.min(below + 1, sorted.length - 1);
  return sorted[below] + (at - below) * (sorted[above] - sorted[below]);
}

/** Median and half the central 68 % range (the Gaussian σ when the distribution is normal). */
export function medianAndWidth(values: ArrayLike<number>): { median: number; width68: number } {
  const sorted = Float64Array.from(values).sort();
  return {
    median: sortedQuantile(sorted, 0.5),
    width68: (sortedQuantile(sorted, 0.8413447) - sortedQuantile(sorted, 0.1586553)) / 2,
  };
}

/**
 * Wilson score interval (1σ, 68.3 %) of a binomial fraction k/n. Unlike √(p(1−p)/n) it stays inside
 * [0, 1] and is not zero-width at 0 % or 100 %, which is where efficiencies mostly live.
 */
export function wilsonInterval(k: number, n: number, z = 1): { lower: number; upper: number } {
  if (n === 0) return { lower: 0, upper: 1 };
  const p = k / n;
  const denom = 1 + (z * z) / n;
  const centre = (p + (z * z) / (2 * n)) / denom;
  const half = (z * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n))) / denom;
  // Exact ends at 0 % and 100 % (the formula reaches them only up to rounding).
  return { lower: k === 0 ? 0 : centre - half, upper: k === n ? 1 : centre + half };
}

/** Logarithmic bin edges from `lo` to `hi` with `perDecade` bins per factor of ten. */
export function logEdges(lo: number, hi: number, perDecade: number): number[] {
  const n = Math.round(Math.log10(hi / lo) * perDecade);
  return Array.from({ length: n + 1 }, (_, k) => Number((lo * 10 ** (k / perDecade)).toPrecision(6)));
}

/** Index of the bin of `edges` holding x (lower edge inclusive), −1 outside. */
export function binOf(edges: readonly number[], x: number): number {
  if (!(x >= edges[0] && x < edges[edges.length - 1])) return -1;
  let lo = 0;
  let hi = edges.length - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (edges[mid] <= x) lo = mid;
    else hi = mid;
  }
  return lo;
}
