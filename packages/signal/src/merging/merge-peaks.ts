import { ChunkClock } from '../chunk-clock.js';
import { SignalInputError } from '../errors.js';
import { PEAK_SAMPLES, type PeakletColumns, type Peaks, peakSpec, toPeaklets } from '../peaklets/peak-columns.js';
import { computeProperties } from '../peaklets/properties.js';
import { allocateColumns, type ColumnSpec, copyRows, type Table } from '../table.js';
import { type S2MergeOptions, STRAXEN_S2_MERGING, s2MergeGroups } from './merge-groups.js';

/** Peaks: the peaklets columns plus whether a row was made by merging (1) or passed through (0). */
export interface PeakColumns extends PeakletColumns {
  merged: Uint8Array;
}

export interface PeakMergingOptions extends Partial<S2MergeOptions> {
  /** Channels below this number form the top array (for area_fraction_top); 0 leaves it at 0. */
  nTopChannels: number;
}

/**
 * Peaks from time-sorted peaklets and their types: the groups s2MergeGroups chooses become one S2 each
 * (mergeGroup), every other peaklet passes through unchanged with its type. Sorted by time.
 */
export function mergePeaklets(
  peaklets: Table<PeakletColumns>,
  types: Int8Array,
  options: PeakMergingOptions,
): Table<PeakColumns> {
  const n = peaklets.length;
  const c = peaklets.columns;
  if (types.length !== n) throw new SignalInputError(`${types.length} peaklet types for ${n} peaklets`);
  const nChannels = n === 0 ? 0 : c.area_per_channel.length / n;
  const clock = new ChunkClock(n === 0 ? 0n : c.time[0]);
  const start = clock.offsets(c.time);
  for (let i = 1; i < n; i++) {
    if (start[i] < start[i - 1])
      throw new SignalInputError(`peaklet ${i} starts before peaklet ${i - 1}: peaklets must be sorted by time`);
  }
  const end = start.map((t, i) => t + c.length[i] * c.dt[i]);
  const groups = s2MergeGroups({ start, end, area: c.area, type: types }, n, { ...STRAXEN_S2_MERGING, ...options });
  const merged: Peaks = { n: groups.length, nChannels, cols: allocateColumns(peakSpec(nChannels), groups.length) };
  for (const [g, [from, to]] of groups.entries()) mergeGroup(c, start, from, to, merged, g);
  computeProperties(merged, options.nTopChannels);
  const mergedRows = toPeaklets(merged, clock);

  const spec = peakColumnSpec(nChannels);
  const rows = n - groups.reduce((s, [from, to]) => s + to - from, 0) + groups.length;
  const out = allocateColumns(spec, rows);
  const kept: number[] = [];
  const keptAt: number[] = [];
  const mergedAt: number[] = [];
  for (let i = 0, g = 0, row = 0; i < n; row++) {
    if (g < groups.length && groups[g][0] === i) {
      mergedAt.push(row);
      i = groups[g++][1];
    } else {
      kept.push(i);
      keptAt.push(row);
      i++;
    }
  }
  const { merged: _, ...peakletSpec } = spec;
  copyRows(peakletSpec, c, kept, out, keptAt);
  copyRows(
    peakletSpec,
    mergedRows.columns,
    Array.from(mergedAt, (_, g) => g),
    out,
    mergedAt,
  );
  for (const [k, row] of keptAt.entries()) out.type[row] = types[kept[k]];
  for (const row of mergedAt) out.merged[row] = 1;
  return { length: rows, columns: out };
}

function peakColumnSpec(nChannels: number): ColumnSpec<PeakColumns> {
  return { ...peakSpec(nChannels), time: [BigInt64Array, 1], center_time: [BigInt64Array, 1], merged: [Uint8Array, 1] };
}

/**
 * Row g of `out` becomes peaklets [from, to) merged, as strax.merge_peaks builds it from the peaklets'
 * own waveforms (not from records): waveforms upsampled to the finest dt and summed, then downsampled
 * to fit; areas, hits and saturation summed; tight_coincidence of the peaklet with the highest sample;
 * max_gap −1 and max_goodness_of_split NaN (not recomputed). Shape properties are left to computeProperties.
 */
export function mergeGroup(
  c: PeakletColumns,
  start: Float64Array,
  from: number,
  to: number,
  out: Peaks,
  g: number,
): void {
  const o = out.cols;
  const nCh = out.nChannels;
  let dt = c.dt[from];
  for (let i = from + 1; i < to; i++) dt = gcd(dt, c.dt[i]);
  const t0 = start[from];
  const length = Math.floor((start[to - 1] + c.length[to - 1] * c.dt[to - 1] - t0) / dt);
  const sum = new Float32Array(length);
  const top = new Float32Array(length);
  let brightest = from;
  let brightestMax = -Infinity;
  let area = 0;
  let minDiff = 2147483647;
  let maxDiff = 0;
  for (let i = from; i < to; i++) {
    const up = c.dt[i] / dt;
    const at = Math.floor((start[i] - t0) / dt);
    for (let j = 0; j < c.length[i]; j++) {
      const x = Math.fround(c.data[i * PEAK_SAMPLES + j] / up);
      const xTop = Math.fround(c.data_top[i * PEAK_SAMPLES + j] / up);
      sum.fill(x, at + j * up, at + (j + 1) * up);
      top.fill(xTop, at + j * up, at + (j + 1) * up);
      if (c.data[i * PEAK_SAMPLES + j] > brightestMax) {
        brightestMax = c.data[i * PEAK_SAMPLES + j];
        brightest = i;
      }
    }
    area = Math.fround(area + c.area[i]);
    for (let ch = 0; ch < nCh; ch++) {
      o.area_per_channel[g * nCh + ch] += c.area_per_channel[i * nCh + ch];
      if (c.saturated_channel[i * nCh + ch] === 1) o.saturated_channel[g * nCh + ch] = 1;
    }
    o.n_hits[g] += c.n_hits[i];
    maxDiff = Math.max(maxDiff, c.max_diff[i]);
    minDiff = Math.min(minDiff, c.min_diff[i]);
  }
  o.time[g] = t0;
  o.dt[g] = dt;
  o.length[g] = length;
  o.channel[g] = -1;
  o.type[g] = 2;
  o.area[g] = area;
  let saturated = 0;
  for (let ch = 0; ch < nCh; ch++) saturated += o.saturated_channel[g * nCh + ch];
  o.n_saturated_channels[g] = saturated;
  o.tight_coincidence[g] = c.tight_coincidence[brightest];
  o.max_gap[g] = -1;
  o.max_goodness_of_split[g] = Number.NaN;
  o.max_diff[g] = maxDiff;
  o.min_diff[g] = minDiff;
  o.first_channel[g] = c.first_channel[from];
  o.last_channel[g] = c.last_channel[to - 1];
  storeWaveform(out, g, sum, top);
}

/**
 * The waveform into data/data_top, summed over ⌈length/200⌉ samples when longer than 200 (length
 * shortened to whole downsampled samples), with its first 200 samples in data_start.
 */
function storeWaveform(peaks: Peaks, k: number, sum: Float32Array, top: Float32Array): void {
  const p = peaks.cols;
  const at = k * PEAK_SAMPLES;
  const factor = Math.ceil(p.length[k] / PEAK_SAMPLES);
  p.data_start.set(sum.subarray(0, PEAK_SAMPLES), at);
  if (factor <= 1) {
    p.data.set(sum, at);
    p.data_top.set(top, at);
    return;
  }
  const stored = Math.floor(p.length[k] / factor);
  for (let j = 0; j < stored; j++) {
    let s = 0;
    let t = 0;
    for (let f = j * factor; f < (j + 1) * factor; f++) {
      s = Math.fround(s + sum[f]);
      t = Math.fround(t + top[f]);
    }
    p.data[at + j] = s;
    p.data_top[at + j] = t;
  }
  p.length[k] = stored;
  p.dt[k] *= factor;
}

function gcd(a: number, b: number): number {
  while (b !== 0) [a, b] = [b, a % b];
  return a;
}
