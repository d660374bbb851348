import { allocateColumns, resizeColumns, takeRows } from '../table.js';
import { type NaturalBreaksOptions, naturalBreaksGof } from './natural-breaks.js';
import { PEAK_SAMPLES, type Peaks, peakSpec } from './peak-columns.js';

export interface SplitOptions extends NaturalBreaksOptions {
  /** Peaks below this area in PE are not split (straxen: 40). */
  minArea?: number;
  /** Times peaks are split again after splitting (straxen: 20). */
  iterations?: number;
  /** Split threshold per peak on the goodness of split. */
  threshold: (peaks: Peaks) => Float64Array;
}

/**
 * Splits peaks at natural breaks, recursively, as strax.split_peaks(algorithm='natural_breaks'):
 * a peak splits at the argmax of its goodness of split when that exceeds its threshold, into
 * [0, i) and [i, length − 1) (strax drops the last sample of the right part). `rebuild` computes
 * sum waveforms and properties of the new peaks. Unsplit peaks keep max_goodness_of_split.
 */
export function splitPeaks(
  peaks: Peaks,
  recordDt: number,
  options: SplitOptions,
  rebuild: (peaks: Peaks) => void,
  iterations = options.iterations ?? 20,
): Peaks {
  if (peaks.n === 0 || iterations <= 0) return peaks;
  const p = peaks.cols;
  const spec = peakSpec(peaks.nChannels);
  const threshold = options.threshold(peaks);
  const minArea = options.minArea ?? 40;
  let capacity = 16;
  let pieces = allocateColumns(spec, capacity);
  let nPieces = 0;
  const kept: number[] = [];
  for (let k = 0; k < peaks.n; k++) {
    if (!(p.area[k] >= minArea)) {
      kept.push(k);
      continue;
    }
    const w = p.data.subarray(k * PEAK_SAMPLES, k * PEAK_SAMPLES + p.length[k]);
    const gof = naturalBreaksGof(w, p.dt[k], options);
    const at = argmax(gof);
    if (!(gof[at] > threshold[k])) {
      p.max_goodness_of_split[k] = gof[at];
      kept.push(k);
      continue;
    }
    for (const [from, to] of [
      [0, at],
      [at, w.length - 1],
    ]) {
      if (nPieces === capacity) {
        pieces = resizeColumns(spec, pieces, nPieces, capacity * 2);
        capacity *= 2;
      }
      const length = Math.trunc(((to - from) * p.dt[k]) / recordDt);
      if (length <= 0) throw new Error(`natural breaks: peak ${k} would split into an empty piece`);
      pieces.time[nPieces] = p.time[k] + from * p.dt[k];
      pieces.channel[nPieces] = p.channel[k];
      pieces.dt[nPieces] = recordDt;
      pieces.length[nPieces] = length;
      pieces.max_gap[nPieces] = -1;
      pieces.max_diff[nPieces] = -1;
      pieces.min_diff[nPieces] = -1;
      pieces.first_channel[nPieces] = -1;
      pieces.last_channel[nPieces] = -1;
      nPieces++;
    }
  }
  if (nPieces === 0) return peaks;
  const split: Peaks = { n: nPieces, nChannels: peaks.nChannels, cols: resizeColumns(spec, pieces, nPieces, nPieces) };
  rebuild(split);
  const further = splitPeaks(split, recordDt, options, rebuild, iterations - 1);
  // Merge the kept peaks and the (time-ordered) pieces by time, kept first on ties.
  const merged = takeRows(spec, concat(spec, peaks, kept, further), mergeOrder(p.time, kept, further));
  return { n: kept.length + further.n, nChannels: peaks.nChannels, cols: merged };
}

/** First index of the maximum; a NaN counts as the maximum, as in numpy. */
function argmax(x: Float64Array): number {
  let best = 0;
  for (let i = 0; i < x.length; i++) {
    if (Number.isNaN(x[i])) return i;
    if (x[i] > x[best]) best = i;
  }
  return best;
}

function concat(spec: ReturnType<typeof peakSpec>, peaks: Peaks, kept: number[], further: Peaks) {
  const a = takeRows(spec, peaks.cols, kept);
  const out = resizeColumns(spec, a, kept.length, kept.length + further.n);
  for (const [name, [, width]] of Object.entries(spec) as [keyof typeof out, [unknown, number]][]) {
    (out[name] as Float64Array).set(
      (further.cols[name] as Float64Array).subarray(0, further.n * width),
      kept.length * width,
    );
  }
  return out;
}

function mergeOrder(time: Float64Array, kept: number[], further: Peaks): Uint32Array {
  const n = kept.length + further.n;
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  const t = (i: number) => (i < kept.length ? time[kept[i]] : further.cols.time[i - kept.length]);
  return order.sort((a, b) => t(a) - t(b) || a - b);
}
