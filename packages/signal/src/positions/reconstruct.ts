import { topCentroid } from './centroid.js';
import type { TopArray } from './light-model.js';
import { nelderMead2D } from './nelder-mead.js';

/** What position reconstruction reads of peaks: area per channel (row-major, `nChannels` per peak) and type. */
export interface PositionPeaks {
  readonly length: number;
  readonly columns: { readonly area_per_channel: Float32Array; readonly type: Int8Array };
}

export interface PositionOptions {
  readonly array: TopArray;
  /** Channels 0..nTopChannels−1 are the top array. */
  readonly nTopChannels: number;
  /** PE of live top-array light below which no position is given (straxen's min_reconstruction_area). */
  readonly minArea: number;
}

export interface PositionColumns {
  x_centroid: Float32Array;
  y_centroid: Float32Array;
  x: Float32Array;
  y: Float32Array;
  position_deviance: Float32Array;
}

const S2 = 2;
/** Stop the fit when the simplex is smaller than this, cm: far below any resolution. */
const FIT_TOLERANCE_CM = 1e-5;

/**
 * Positions of S2 peaks from their top-array hit pattern: the area-weighted centroid, then the
 * maximum-likelihood (x, y) of the pattern under the solid-angle light model, started at the centroid.
 * The likelihood is Poisson in each live PMT's area with the total fixed to the observed one
 * (multinomial): PE counts are Poisson, and gain spread and double-PE emission scale every PMT's
 * variance by the same factor, which leaves the maximum where it is. A Gaussian with PE variance
 * would weight empty PMTs wrongly (variance 0). Rows that are not S2s, or whose live top area is below
 * `minArea`, get NaN. position_deviance is the Poisson deviance 2Σ a ln(a/μ) at the best fit (PE).
 */
export function reconstructPositions(peaks: PositionPeaks, options: PositionOptions): PositionColumns {
  const n = peaks.length;
  const { array, nTopChannels: nTop, minArea } = options;
  const out: PositionColumns = {
    x_centroid: new Float32Array(n).fill(Number.NaN),
    y_centroid: new Float32Array(n).fill(Number.NaN),
    x: new Float32Array(n).fill(Number.NaN),
    y: new Float32Array(n).fill(Number.NaN),
    position_deviance: new Float32Array(n).fill(Number.NaN),
  };
  if (n === 0) return out;
  const perChannel = peaks.columns.area_per_channel;
  const stride = perChannel.length / n;
  if (nTop > stride) throw new RangeError(`${nTop} top channels, but peaks store ${stride} channels`);
  const areas = new Float64Array(nTop);
  const nll = patternLikelihood(array, areas);
  for (let k = 0; k < n; k++) {
    if (peaks.columns.type[k] !== S2) continue;
    const c = topCentroid(perChannel, k * stride, array, nTop);
    if (!(c.area >= minArea)) continue;
    for (let ch = 0; ch < nTop; ch++) {
      const a = perChannel[k * stride + ch];
      areas[ch] = array.live[ch] && a > 0 ? a : 0;
    }
    const best = nelderMead2D(nll, c.x, c.y, array.lightHeight / 2, FIT_TOLERANCE_CM);
    out.x_centroid[k] = c.x;
    out.y_centroid[k] = c.y;
    out.x[k] = best.x;
    out.y[k] = best.y;
    out.position_deviance[k] = 2 * (best.value + entropy(areas, c.area));
  }
  return out;
}

/**
 * −log L(x, y) up to a constant, for the pattern currently in `areas`: with weights w = h·d⁻³ and
 * A = Σa, −Σ a ln(w/Σw) = 1.5 Σ a ln d² + A ln Σw − A ln h. Reads `areas` at every call.
 */
export function patternLikelihood(array: TopArray, areas: Float64Array): (x: number, y: number) => number {
  const h = array.lightHeight;
  const h2 = h * h;
  const nTop = areas.length;
  return (x, y) => {
    let logTerm = 0;
    let total = 0;
    let sumW = 0;
    for (let ch = 0; ch < nTop; ch++) {
      if (!array.live[ch]) continue;
      const d2 = (array.x[ch] - x) ** 2 + (array.y[ch] - y) ** 2 + h2;
      sumW += 1 / (d2 * Math.sqrt(d2));
      const a = areas[ch];
      if (a > 0) {
        logTerm += a * Math.log(d2);
        total += a;
      }
    }
    return 1.5 * logTerm + total * Math.log(sumW);
  };
}

/** Σ a ln(a/A): with the fit's −Σ a ln(μ/A) it makes the deviance 2 Σ a ln(a/μ). */
function entropy(areas: Float64Array, total: number): number {
  let s = 0;
  for (let ch = 0; ch < areas.length; ch++) if (areas[ch] > 0) s += areas[ch] * Math.log(areas[ch] / total);
  return s;
}
