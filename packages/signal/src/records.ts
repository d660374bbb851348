import { ChunkClock } from './chunk-clock.js';
import { lendColumn } from './column-pool.js';
import { SignalInputError } from './errors.js';
import type { Table } from './table.js';
import { recordRowsWasm } from './wasm/kernels.js';

/** strax raw_records columns (see @dance/schema `rawRecords`). */
export interface RawRecordColumns {
  time: BigInt64Array;
  length: Int32Array;
  dt: Int16Array;
  channel: Int16Array;
  pulse_length: Int32Array;
  record_i: Int16Array;
  baseline: Int16Array;
  data: Int16Array;
}

/** strax records columns (see @dance/schema `records`). */
export interface RecordColumns {
  time: BigInt64Array;
  length: Int32Array;
  dt: Int16Array;
  channel: Int16Array;
  pulse_length: Int32Array;
  record_i: Int16Array;
  area: Int32Array;
  reduction_level: Uint8Array;
  baseline: Float32Array;
  baseline_rms: Float32Array;
  amplitude_bit_shift: Int16Array;
  data: Int16Array;
}

export interface BaselineOptions {
  /** Samples at the start of each pulse that set its baseline (strax: 40). */
  baselineSamples?: number;
}

/** Samples per record, from the flattened data column. */
export function samplesPerRecord(table: Table<{ data: Int16Array }>): number {
  // | 0 keeps it an int32 for V8: index arithmetic on a double is several times slower.
  return table.length === 0 ? 0 : (table.columns.data.length / table.length) | 0;
}

/**
 * raw_records → records, as strax's raw_to_records + zero_out_of_bounds + baseline(flip) + integrate.
 * The baseline (mean) and rms of the first `baselineSamples` samples of a pulse's first record
 * (record_i = 0) serve every later record of that pulse; data becomes int(baseline) − raw, zero past
 * length, and area = Σdata + round(frac(baseline)·length) (half to even, as Python rounds).
 * Throws SignalInputError for records out of time order, mixed dt, overlapping records in one
 * channel, lengths outside the record, or a continuation record whose first record is missing.
 */
export function recordsFromRawRecords(
  raw: Table<RawRecordColumns>,
  options: BaselineOptions = {},
): Table<RecordColumns> {
  const n = raw.length;
  const samples = samplesPerRecord(raw);
  const nBaseline = options.baselineSamples ?? 40;
  const src = raw.columns;
  checkRawRecords(raw, samples);
  let maxChannel = -1;
  for (let i = 0; i < n; i++) maxChannel = Math.max(maxChannel, src.channel[i]);
  // Baseline and rms of the current pulse per channel, kept as float32 as strax caches them.
  const channelBaseline = new Float32Array(maxChannel + 1);
  const channelRms = new Float32Array(maxChannel + 1);
  const out: RecordColumns = {
    time: src.time.slice(),
    length: src.length.slice(),
    dt: src.dt.slice(),
    channel: src.channel.slice(),
    pulse_length: src.pulse_length.slice(),
    record_i: src.record_i.slice(),
    area: new Int32Array(n),
    reduction_level: new Uint8Array(n),
    baseline: new Float32Array(n),
    baseline_rms: new Float32Array(n),
    amplitude_bit_shift: new Int16Array(n),
    data: lendColumn(Int16Array, n * samples),
  };
  const data = out.data; // zeroed, so samples past length stay zero as strax's zero_out_of_bounds leaves them
  const { data: rawData, channel, length, record_i } = src;
  const { baseline, baseline_rms, area } = out;
  const nb = Math.min(nBaseline, samples);
  /**
   * Row i's baseline: its own (record_i 0) or its pulse's first record's; returns the int32 it flips
   * by (0 for a NaN baseline, from baselineSamples 0, on both paths).
   */
  const settle = (i: number, ownBl: number, ownRms: number): number => {
    const ch = channel[i];
    if (record_i[i] === 0) {
      channelBaseline[ch] = ownBl;
      channelRms[ch] = ownRms;
      baseline[i] = ownBl;
      baseline_rms[i] = ownRms;
      return Math.trunc(ownBl) | 0;
    }
    baseline[i] = channelBaseline[ch];
    baseline_rms[i] = channelRms[ch];
    return Math.trunc(channelBaseline[ch]) | 0;
  };
  const sums =
    recordRowsWasm(rawData, data, length, samples, nb, settle) ??
    recordRows(rawData, data, length, record_i, samples, nb, settle);
  for (let i = 0; i < n; i++) {
    const storedBl = baseline[i];
    area[i] = sums[i] + roundHalfEven((storedBl - Math.floor(storedBl)) * length[i]);
  }
  return { length: n, columns: out };
}

/** The plain-JS twin of recordRowsWasm: own baselines of first records, settle, flip; Σ data per row. */
function recordRows(
  raw: Int16Array,
  data: Int16Array,
  length: Int32Array,
  recordI: Int16Array,
  samples: number,
  nb: number,
  settle: (row: number, bl: number, rms: number) => number,
): Int32Array {
  const sums = new Int32Array(length.length);
  for (let i = 0; i < length.length; i++) {
    const at = i * samples;
    let by: number;
    if (recordI[i] === 0) {
      // Samples past length count as zero in the baseline window, as in strax.
      const valid = at + Math.min(nb, length[i]);
      let sum = 0;
      for (let j = at; j < valid; j++) sum += raw[j];
      const bl = sum / nb;
      let ss = 0;
      for (let j = at; j < valid; j++) ss += (raw[j] - bl) * (raw[j] - bl);
      for (let j = valid; j < at + nb; j++) ss += bl * bl; // the zeroed samples, in strax's order
      by = settle(i, bl, Math.sqrt(ss / nb));
    } else by = settle(i, Number.NaN, Number.NaN);
    let sum = 0;
    for (let j = at; j < at + length[i]; j++) {
      data[j] = by - raw[j]; // the Int16Array store wraps like numpy's int16 store
      sum += data[j];
    }
    sums[i] = sum;
  }
  return sums;
}

/** Python's round(): halves go to the even neighbour. */
export function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return r - x === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

function checkRawRecords(raw: Table<RawRecordColumns>, samples: number): void {
  const { time, length, dt, channel, record_i } = raw.columns;
  const n = raw.length;
  if (n === 0) return;
  if (samples <= 0 || raw.columns.data.length !== n * samples) {
    throw new SignalInputError(`raw_records: data has ${raw.columns.data.length} samples for ${n} rows`);
  }
  const dt0 = dt[0];
  const t = ChunkClock.forSamples(time, Math.max(dt0, 1)).offsets(time);
  let maxChannel = 0;
  for (let i = 0; i < n; i++) maxChannel = Math.max(maxChannel, channel[i]);
  const lastEnd = new Float64Array(maxChannel + 1).fill(-Infinity);
  const pulseStarted = new Uint8Array(maxChannel + 1);
  for (let i = 0; i < n; i++) {
    if (dt[i] !== dt0 || dt0 <= 0) {
      throw new SignalInputError(`raw_records row ${i}: field dt is ${dt[i]} ns, but row 0 has ${dt0} ns`);
    }
    if (i > 0 && t[i] < t[i - 1]) {
      throw new SignalInputError(`raw_records row ${i}: field time ${time[i]} is before row ${i - 1} (${time[i - 1]})`);
    }
    if (length[i] < 0 || length[i] > samples) {
      throw new SignalInputError(`raw_records row ${i}: field length ${length[i]} is outside 0..${samples}`);
    }
    const ch = channel[i];
    if (ch < 0) throw new SignalInputError(`raw_records row ${i}: field channel is negative (${ch})`);
    if (t[i] < lastEnd[ch]) {
      throw new SignalInputError(
        `raw_records row ${i}: channel ${ch} record at ${time[i]} ns overlaps the previous record of that channel`,
      );
    }
    lastEnd[ch] = t[i] + length[i] * dt0;
    if (record_i[i] === 0) pulseStarted[ch] = 1;
    else if (!pulseStarted[ch]) {
      throw new SignalInputError(
        `raw_records row ${i}: channel ${ch} record_i ${record_i[i]} continues a pulse whose first record is missing`,
      );
    }
  }
}
