import { N_WIDTHS, type Peaks } from './peak-columns.js';

export interface NaturalBreaksOptions {
  /** Multiply the goodness of split by 1 − w̃/max w̃ so peaks are not split at high points (straxen: true). */
  splitLow?: boolean;
  /** Half-width in ns of the moving average w̃ (straxen: 70). */
  filterWingWidth?: number;
}

/**
 * Goodness of split at each sample of waveform w (strax.natural_breaks_gof):
 * 1 − (SSD(left) + SSD(right)) / SSD(all), where SSD is the area-weighted sum of squared deviations
 * of sample indices (negative samples count as zero); ~0 for one sharp peak, ~1 for two far apart.
 */
export function naturalBreaksGof(
  w: Float32Array,
  dt: number,
  options: NaturalBreaksOptions = {},
  out = new Float64Array(w.length),
): Float64Array {
  const n = w.length;
  if (scratch.left.length < n) scratch = newScratch(2 * n);
  const { left, right } = scratch;
  sumSquaredDeviations(w, false, left);
  sumSquaredDeviations(w, true, right);
  const total = left[n - 1];
  const gof = out.subarray(0, n);
  for (let i = 0; i < n; i++) gof[i] = 1 - (left[i] + right[i]) / total;
  if (options.splitLow ?? true) {
    const wing = Math.floor((options.filterWingWidth ?? 70) / dt) - 1;
    const filtered = wing > 0 ? movingAverage(w, wing, scratch.filtered) : w;
    let max = -Infinity;
    for (let i = 0; i < n; i++) max = Math.max(max, filtered[i]);
    for (let i = 0; i < n; i++) gof[i] *= Math.fround(1 - Math.fround(filtered[i] / max));
  }
  return gof;
}

/**
 * naturalBreaksGof's working arrays, reused: it runs once per peak, where fresh arrays cost more in
 * allocation and garbage collection than the arithmetic.
 */
let scratch = newScratch(256);
function newScratch(n: number) {
  return { left: new Float64Array(n), right: new Float64Array(n), filtered: new Float32Array(n) };
}

/** Online weighted sum of squared index deviations, left to right (or right to left, indexed as w), into out. */
function sumSquaredDeviations(w: Float32Array, reversed: boolean, out: Float64Array): void {
  const n = w.length;
  out.fill(0, 0, n);
  let mean = 0;
  let weights = 0;
  let s = 0;
  for (let i = 0; i < n; i++) {
    const x = Math.max(0, w[reversed ? n - 1 - i : i]);
    weights += x;
    if (weights === 0) continue;
    const previous = mean;
    mean = previous + (x / weights) * (i - previous);
    s += x * (i - previous) * (i - mean);
    out[reversed ? n - 1 - i : i] = s;
  }
}

/**
 * Mean over [i − wing, i + wing] (strax.symmetric_moving_average, float32 running sum). Like strax,
 * sample 0 never leaves the window: the window sum only drops samples with index > 0.
 */
function movingAverage(a: Float32Array, wing: number, out: Float32Array): Float32Array {
  const n = a.length;
  let sum = 0;
  for (let i = 0; i < Math.min(wing, n); i++) sum = Math.fround(sum + a[i]);
  let count = wing;
  for (let i = 0; i < n; i++) {
    const out_ = i - wing - 1;
    if (out_ > 0) {
      count--;
      sum = Math.fround(sum - a[out_]);
    }
    const in_ = i + wing;
    if (in_ < n) {
      count++;
      sum = Math.fround(sum + a[in_]);
    }
    out[i] = sum / count;
  }
  return out;
}

/**
 * straxen's default split threshold per peak: a rise-time-weighted mix of an S1-like and an S2-like
 * line in log10(area): f·interp(logA; 2.5→1, 5.625→0.4) + (1−f)·interp(logA; 0.5→1, 6→0.4),
 * f = logistic(8·log10(rise time / 100 ns)), rise time = −area_decile_from_midpoint[1].
 */
export function straxenSplitThreshold(peaks: Peaks): Float64Array {
  const p = peaks.cols;
  const out = new Float64Array(peaks.n);
  const f32 = Math.fround;
  for (let k = 0; k < peaks.n; k++) {
    const rise = f32(-p.area_decile_from_midpoint[k * N_WIDTHS + 1]);
    const x = f32(8 * f32(Math.log10(f32(f32(Math.min(Math.max(rise, 1), 1e5)) / 100))));
    const fS2 = f32(1 / f32(1 + f32(Math.exp(-x))));
    const logArea = f32(Math.log10(f32(Math.min(Math.max(p.area[k], 1), 1e7))));
    const s1 = interp(logArea, 0.5, 1, 6, 0.4);
    const s2 = interp(logArea, 2.5, 1, 5.625, 0.4);
    out[k] = fS2 * s2 + f32(1 - fS2) * s1;
  }
  return out;
}

/** numpy.interp on one segment, flat outside it. */
function interp(x: number, x0: number, y0: number, x1: number, y1: number): number {
  if (x <= x0) return y0;
  if (x >= x1) return y1;
  const slope = (y1 - y0) / (x1 - x0);
  return slope * (x - x0) + y0;
}
