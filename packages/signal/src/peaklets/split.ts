import { giveBackColumns } from '../column-pool.js';
import { allocateColumns, type ColumnSpec, firstRows, resizeColumns } from '../table.js';
import { type NaturalBreaksOptions, naturalBreaksGof } from './natural-breaks.js';
import { PEAK_SAMPLES, type PeakOffsets, type Peaks, peakSpec } from './peak-columns.js';

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
    const gof = naturalBreaksGof(w, p.dt[k], options, gofScratch);
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
  const split: Peaks = { n: nPieces, nChannels: peaks.nChannels, cols: firstRows(spec, pieces, nPieces) };
  rebuild(split);
  const further = splitPeaks(split, recordDt, options, rebuild, iterations - 1);
  const merged = mergeByTime(spec, p, kept, further);
  // the pieces are now rows of `merged`; their tables are scratch of this call
  giveBackColumns(further.cols);
  giveBackColumns(pieces);
  return { n: kept.length + further.n, nChannels: peaks.nChannels, cols: merged };
}

/** Where goodness of split is computed: stored peaks have at most PEAK_SAMPLES samples. */
const gofScratch = new Float64Array(PEAK_SAMPLES);

/** First index of the maximum; a NaN counts as the maximum, as in numpy. */
function argmax(x: Float64Array): number {
  let best = 0;
  for (let i = 0; i < x.length; i++) {
    if (Number.isNaN(x[i])) return i;
    if (x[i] > x[best]) best = i;
  }
  return best;
}

/**
 * Kept rows of `a` and all rows of `b`, both in time order, merged by time (a first on ties).
 * When `a` has room for the result (clusterHits leaves some), rows move within it, last first, so no
 * second copy of the peak table is allocated; each run of consecutive rows moves with one memmove
 * per column (splits are rare, so runs are long).
 */
function mergeByTime(spec: ColumnSpec<PeakOffsets>, a: PeakOffsets, kept: number[], b: Peaks): PeakOffsets {
  const n = kept.length + b.n;
  const out = a.time.length >= n ? a : allocateColumns(spec, n);
  let i = kept.length - 1;
  let j = b.n - 1;
  while (i >= 0 || j >= 0) {
    const at = i + j + 1; // last output row still to fill
    if (j >= 0 && (i < 0 || b.cols.time[j] >= a.time[kept[i]])) {
      let count = 1;
      while (j - count >= 0 && (i < 0 || b.cols.time[j - count] >= a.time[kept[i]])) count++;
      moveRun(spec, b.cols, j - count + 1, out, at - count + 1, count);
      j -= count;
    } else {
      const last = kept[i];
      let count = 1;
      while (
        i - count >= 0 &&
        kept[i - count] === last - count &&
        (j < 0 || b.cols.time[j] < a.time[kept[i - count]])
      ) {
        count++;
      }
      moveRun(spec, a, last - count + 1, out, at - count + 1, count);
      i -= count;
    }
  }
  return out;
}

/** Rows [from, from + count) of src to [to, to + count) of out (the same table or another). */
function moveRun(
  spec: ColumnSpec<PeakOffsets>,
  src: PeakOffsets,
  from: number,
  out: PeakOffsets,
  to: number,
  count: number,
): void {
  if (src === out && from === to) return;
  for (const [name, [, width]] of Object.entries(spec) as [keyof PeakOffsets, [unknown, number]][]) {
    const dst = out[name] as Float64Array;
    if (src === out) dst.copyWithin(to * width, from * width, (from + count) * width);
    else dst.set((src[name] as Float64Array).subarray(from * width, (from + count) * width), to * width);
  }
}
