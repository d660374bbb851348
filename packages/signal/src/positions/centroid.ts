import type { TopArray } from './light-model.js';

/**
 * Area-weighted mean of the live top PMTs' centres: fast and robust, but pulled towards the array
 * centre (no PMT lies outside the light), so it starts the likelihood fit. Negative areas (baseline
 * fluctuations) count as 0. `areas` holds one value per top channel from `offset`. NaN without light.
 */
export function topCentroid(
  areas: ArrayLike<number>,
  offset: number,
  array: TopArray,
  nTop: number,
): { x: number; y: number; area: number } {
  let sx = 0;
  let sy = 0;
  let total = 0;
  for (let ch = 0; ch < nTop; ch++) {
    const a = areas[offset + ch];
    if (!(a > 0) || !array.live[ch]) continue;
    sx += a * array.x[ch];
    sy += a * array.y[ch];
    total += a;
  }
  return total > 0 ? { x: sx / total, y: sy / total, area: total } : { x: Number.NaN, y: Number.NaN, area: 0 };
}
