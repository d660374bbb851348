import { ChunkClock } from './chunk-clock.js';
import { giveBackColumns, lendColumn } from './column-pool.js';
import { SignalInputError } from './errors.js';
import type { RecordColumns } from './records.js';
import { allocateColumns, type ColumnSpec, type Table } from './table.js';
import { HIT_NOTE, type HitNotes, reserveNotes, scanRowsWasm } from './wasm/kernels.js';

/** strax hit columns (see @dance/schema `hits`). */
export interface HitColumns {
  time: BigInt64Array;
  length: Int32Array;
  dt: Int16Array;
  channel: Int16Array;
  area: Float32Array;
  left: Int16Array;
  right: Int16Array;
  left_integration: Int16Array;
  right_integration: Int16Array;
  record_i: Int32Array;
  threshold: Float32Array;
  height: Float32Array;
  max_time: BigInt64Array;
}

/** Hit columns with times as float64 offsets from a chunk clock: how kernels work on hits. */
export type HitOffsets = Omit<HitColumns, 'time' | 'max_time'> & { time: Float64Array; max_time: Float64Array };

export const HIT_OFFSETS: ColumnSpec<HitOffsets> = {
  time: [Float64Array, 1],
  length: [Int32Array, 1],
  dt: [Int16Array, 1],
  channel: [Int16Array, 1],
  area: [Float32Array, 1],
  left: [Int16Array, 1],
  right: [Int16Array, 1],
  left_integration: [Int16Array, 1],
  right_integration: [Int16Array, 1],
  record_i: [Int32Array, 1],
  threshold: [Float32Array, 1],
  height: [Float32Array, 1],
  max_time: [Float64Array, 1],
};

export interface HitOptions {
  /** Minimum amplitude in ADC above baseline, one number or one per channel (straxen: 15). */
  minAmplitude?: number | ArrayLike<number>;
  /** Threshold in units of the record's baseline rms, one number or one per channel (strax: 0). */
  minHeightOverNoise?: number | ArrayLike<number>;
}

/**
 * Hits in records, as strax.find_hits: maximal runs of samples ≥ max(minAmplitude, k·baseline_rms),
 * cut at the end of each record (a pulse crossing a record boundary gives two hits, as in strax).
 * area = Σsamples + length·frac(baseline); height = max sample + frac(baseline); max_time is the
 * first sample at the maximum. Hits come out in record order (not sorted by time).
 */
export function findHits(records: Table<RecordColumns>, options: HitOptions = {}): Table<HitColumns> {
  const { time, length, dt, channel, baseline, baseline_rms, data } = records.columns;
  const n = records.length;
  const samples = n === 0 ? 0 : (data.length / n) | 0; // an int32, so sample indices stay integers for V8
  const clock = ChunkClock.forSamples(time, n === 0 ? 1 : dt[0]);
  const t = clock.offsets(time);
  const minAmplitude = perChannel(options.minAmplitude ?? 15, channel, n);
  const overNoise = perChannel(options.minHeightOverNoise ?? 0, channel, n);
  // Pass 1 scans the samples once and notes each hit (record, first and end sample, integer area,
  // height and where it is); pass 2 writes the hit columns, now that their number is known.
  const thresholds = lendColumn(Float32Array, n); // float32 as the threshold column
  const least = lendColumn(Int32Array, n);
  for (let r = 0; r < n; r++) {
    const ch = channel[r];
    const threshold = Math.max(minAmplitude[ch], baseline_rms[r] * overNoise[ch]);
    thresholds[r] = threshold;
    // Samples are int16: compare them with an integer, −32768 (all samples) to 32768 (none; also
    // for NaN, as in strax).
    least[r] = threshold <= 32767 ? Math.max(Math.ceil(threshold), -32768) : 32768;
  }
  const found = scanRowsWasm(data, least, length, samples) ?? scanRows(data, least, length, samples);
  const notes = found.notes;
  const h = allocateColumns(HIT_OFFSETS, found.count);
  for (let k = 0; k < found.count; k++) {
    const e = HIT_NOTE * k;
    const r = notes[e];
    const start = notes[e + 1];
    const end = notes[e + 2];
    const area = notes[e + 3];
    const height = notes[e + 4];
    const maxAt = notes[e + 5];
    const fraction = baseline[r] - Math.floor(baseline[r]);
    h.time[k] = t[r] + start * dt[r];
    h.length[k] = end - start;
    h.dt[k] = dt[r];
    h.channel[k] = channel[r];
    h.area[k] = area + (end - start) * fraction;
    h.left[k] = start;
    h.right[k] = end;
    h.record_i[k] = r;
    h.threshold[k] = thresholds[r];
    h.height[k] = height + fraction;
    h.max_time[k] = t[r] + maxAt * dt[r];
  }
  giveBackColumns({ thresholds, least, notes, t });
  // Spelled out: a `{ ...rest }` copy of the columns took a new hidden class on every call, which
  // threw findHits out of optimized code on about every second chunk.
  const columns: HitColumns = {
    time: clock.times(h.time),
    length: h.length,
    dt: h.dt,
    channel: h.channel,
    area: h.area,
    left: h.left,
    right: h.right,
    left_integration: h.left_integration,
    right_integration: h.right_integration,
    record_i: h.record_i,
    threshold: h.threshold,
    height: h.height,
    max_time: clock.times(h.max_time),
  };
  giveBackColumns({ time: h.time, max_time: h.max_time });
  return { length: found.count, columns };
}

/**
 * Maximal runs of samples ≥ least[row] among each row's first length[row] samples, as notes with
 * sample indices within the row. The plain-JS twin of the wasm kernel.
 */
function scanRows(data: Int16Array, least: Int32Array, length: Int32Array, samples: number): HitNotes {
  const found: HitNotes = { notes: lendColumn(Int32Array, HIT_NOTE * Math.max(16, least.length)), count: 0 };
  const add = (r: number, start: number, end: number, area: number, height: number, maxAt: number) => {
    reserveNotes(found, 1);
    found.notes.set([r, start, end, area, height, maxAt], HIT_NOTE * found.count++);
  };
  for (let r = 0; r < least.length; r++) {
    const at = r * samples;
    const threshold = least[r];
    let start = -1;
    let area = 0;
    let height = 0;
    let maxAt = 0;
    for (let j = 0; j < length[r]; j++) {
      const x = data[at + j];
      if (x >= threshold) {
        if (start < 0) {
          start = j;
          area = 0;
          height = Math.max(x, 0); // strax's running maximum starts at 0
          maxAt = j;
        } else if (x > height) {
          height = x;
          maxAt = j;
        }
        area += x;
      } else if (start >= 0) {
        add(r, start, j, area, height, maxAt);
        start = -1;
      }
    }
    // A hit still open at the record end is cut there, as strax does.
    if (start >= 0) add(r, start, length[r], area, height, maxAt);
  }
  return found;
}

/** A threshold setting as one value per channel present. */
function perChannel(value: number | ArrayLike<number>, channel: Int16Array, n: number): Float64Array {
  let maxChannel = 0;
  for (let i = 0; i < n; i++) maxChannel = Math.max(maxChannel, channel[i]);
  if (typeof value === 'number') return new Float64Array(maxChannel + 1).fill(value);
  if (maxChannel >= value.length) {
    throw new SignalInputError(
      `hit threshold given for ${value.length} channels, but a record has channel ${maxChannel}`,
    );
  }
  return Float64Array.from(value);
}
