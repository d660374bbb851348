import type { ChunkClock } from '../chunk-clock.js';
import { type ColumnSpec, firstRows, type Table } from '../table.js';

/** Samples of a peak's stored sum waveform (strax peak_dtype default). */
export const PEAK_SAMPLES = 200;
/** Stored area-fraction widths: central 0 %, 10 %, ..., 100 %. */
export const N_WIDTHS = 11;

/** strax peaklets columns (see @dance/schema `peaklets`). */
export interface PeakletColumns {
  time: BigInt64Array;
  length: Int32Array;
  dt: Int32Array;
  channel: Int16Array;
  type: Int8Array;
  area: Float32Array;
  area_fraction_top: Float32Array;
  area_per_channel: Float32Array;
  n_hits: Int32Array;
  data_top: Float32Array;
  data_start: Float32Array;
  data: Float32Array;
  center_time: BigInt64Array;
  median_time: Float32Array;
  width: Float32Array;
  area_decile_from_midpoint: Float32Array;
  saturated_channel: Int8Array;
  n_saturated_channels: Int16Array;
  tight_coincidence: Int16Array;
  max_gap: Int32Array;
  max_goodness_of_split: Float32Array;
  max_diff: Int32Array;
  min_diff: Int32Array;
  first_channel: Int16Array;
  last_channel: Int16Array;
}

/** Peaklet columns while being built: times as float64 ns offsets from the chunk clock. */
export type PeakOffsets = Omit<PeakletColumns, 'time' | 'center_time'> & {
  time: Float64Array;
  center_time: Float64Array;
};

export function peakSpec(nChannels: number): ColumnSpec<PeakOffsets> {
  return {
    time: [Float64Array, 1],
    length: [Int32Array, 1],
    dt: [Int32Array, 1],
    channel: [Int16Array, 1],
    type: [Int8Array, 1],
    area: [Float32Array, 1],
    area_fraction_top: [Float32Array, 1],
    area_per_channel: [Float32Array, nChannels],
    n_hits: [Int32Array, 1],
    data_top: [Float32Array, PEAK_SAMPLES],
    data_start: [Float32Array, PEAK_SAMPLES],
    data: [Float32Array, PEAK_SAMPLES],
    center_time: [Float64Array, 1],
    median_time: [Float32Array, 1],
    width: [Float32Array, N_WIDTHS],
    area_decile_from_midpoint: [Float32Array, N_WIDTHS],
    saturated_channel: [Int8Array, nChannels],
    n_saturated_channels: [Int16Array, 1],
    tight_coincidence: [Int16Array, 1],
    max_gap: [Int32Array, 1],
    max_goodness_of_split: [Float32Array, 1],
    max_diff: [Int32Array, 1],
    min_diff: [Int32Array, 1],
    first_channel: [Int16Array, 1],
    last_channel: [Int16Array, 1],
  };
}

/** Peaks held as offsets, with their row count. */
export interface Peaks {
  n: number;
  nChannels: number;
  cols: PeakOffsets;
}

export function toPeaklets(peaks: Peaks, clock: ChunkClock): Table<PeakletColumns> {
  const { time, center_time, ...rest } = firstRows(peakSpec(peaks.nChannels), peaks.cols, peaks.n);
  return {
    length: peaks.n,
    columns: { ...rest, time: clock.times(time, peaks.n), center_time: clock.times(center_time, peaks.n) },
  };
}
