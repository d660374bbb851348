import { giveBackColumns, lendColumn } from '../column-pool.js';
import type { HitOffsets } from '../hits.js';
import { NO_RECORD } from '../record-links.js';
import type { RecordColumns } from '../records.js';
import { PEAK_SAMPLES, type Peaks } from './peak-columns.js';

/** What the sum waveform is built from: records (times as offsets), their links, gains. */
export interface WaveformSource {
  records: Pick<RecordColumns, 'length' | 'data' | 'baseline' | 'amplitude_bit_shift'>;
  recordTime: Float64Array;
  samplesPerRecord: number;
  /** Sampling interval of the records (and of every hit). */
  dt: number;
  links: { previous: Int32Array; next: Int32Array };
  toPe: ArrayLike<number>;
  /** Channels below this number are the top array. */
  nTopChannels: number;
}

type ExtendedHits = Pick<
  HitOffsets,
  'time' | 'length' | 'channel' | 'record_i' | 'left_integration' | 'right_integration'
>;

/**
 * Builds each peak's sum waveform from the records under its hits (already extended to their
 * integration bounds and sorted by time), as strax.sum_waveform: samples × gain summed over hits,
 * area and area_per_channel from the same samples, saturation flags; then stores it downsampled
 * to at most 200 samples (data, data_top) with the first 200 full-resolution samples in data_start,
 * and area_fraction_top from the channels below nTopChannels (while their areas are at hand).
 * Peaks must be in time order.
 */
export function buildSumWaveforms(
  peaks: Peaks,
  hits: ExtendedHits,
  nHits: number,
  src: WaveformSource,
  /** Called with each row once it is stored (and for rows left as they were), while it is in cache. */
  stored?: (k: number) => void,
): void {
  const p = peaks.cols;
  const nCh = peaks.nChannels;
  if (src.recordTime.length === 0) {
    for (let k = 0; k < peaks.n; k++) stored?.(k);
    return;
  }
  const dt = src.dt;
  let maxLength = 0;
  for (let i = 0; i < peaks.n; i++) maxLength = Math.max(maxLength, p.length[i]);
  const sum = new Float32Array(2 * maxLength);
  const top = new Float32Array(2 * maxLength);
  const hit: HitInPeak = {
    time: 0,
    length: 0,
    peakOffset: 0,
    from: 0,
    to: 0,
    gain: 0,
    top: false,
    area: 0,
    saturated: false,
  };
  const channelArea = new Float32Array(nCh);
  const touched = lendColumn(Int32Array, Math.max(1, nHits));
  let nTouched = 0;
  let left = 0;
  // Columns in locals: V8 then keeps them in registers through the hit loop.
  const { time, length, channel, record_i, left_integration, right_integration } = hits;
  const { previous, next: following } = src.links;
  const { toPe, nTopChannels, samplesPerRecord } = src;
  for (let k = 0; k < peaks.n; k++) {
    const pLength = p.length[k];
    const pT = p.time[k];
    sum.fill(0, 0, Math.min(2 * pLength, sum.length));
    top.fill(0, 0, Math.min(2 * pLength, top.length));
    // strax clears by multiplying by zero, which leaves −0 where the last peak had a negative area;
    // only channels the last peak touched can change under that.
    for (let c = 0; c < nTouched; c++) channelArea[touched[c]] *= 0;
    nTouched = 0;
    let area = 0;
    while (left < nHits && !(pT < time[left] + length[left] * dt)) left++;
    if (left === nHits) {
      // strax stops here too: later peaks keep their cluster values and no channel areas
      for (let j = k; j < peaks.n; j++) {
        if (nTopChannels > 0) p.area_fraction_top[j] = p.area[j] > 0 ? 0 : Number.NaN;
        stored?.(j);
      }
      break;
    }
    const pFirst = Math.floor(pT / dt);
    for (let h = left; h < nHits; h++) {
      const hT = time[h];
      const hLength = length[h];
      const shift = Math.floor((pT - hT) / dt);
      if (shift <= -pLength) break;
      if (hLength <= shift) continue;
      // Overlap of the hit's samples [s, s + hLength) with the peak's [0, pLength), s relative to the peak.
      const s = Math.floor(hT / dt) - pFirst;
      const hs = Math.max(0, -s);
      const he = Math.min(hLength, pLength - s);
      if (he <= hs) continue;
      const ch = channel[h];
      const r = record_i[h];
      const prev = previous[r];
      const next = following[r];
      hit.time = hT;
      hit.length = hLength;
      hit.peakOffset = s;
      hit.from = hs;
      hit.to = he;
      hit.gain = toPe[ch];
      hit.top = ch < nTopChannels;
      hit.area = 0;
      hit.saturated = false;
      // Records in sample order (previous, own, next), so the area adds up in strax's order.
      if (left_integration[h] < 0 && prev !== NO_RECORD) addRecord(hit, prev, src, sum, top);
      addRecord(hit, r, src, sum, top);
      if (right_integration[h] > samplesPerRecord && next !== NO_RECORD) addRecord(hit, next, src, sum, top);
      if (hit.saturated && p.saturated_channel[k * nCh + ch] === 0) {
        p.saturated_channel[k * nCh + ch] = 1;
        p.n_saturated_channels[k]++;
      }
      const hitArea = hit.area;
      channelArea[ch] += hitArea;
      touched[nTouched++] = ch;
      area = Math.fround(area + hitArea);
    }
    p.area[k] = area;
    storeDownsampled(peaks, k, sum, top);
    p.area_per_channel.set(channelArea, k * nCh);
    if (nTopChannels > 0) {
      p.area_fraction_top[k] = area > 0 ? topArea(channelArea, touched, nTouched, nTopChannels) / area : Number.NaN;
    }
    stored?.(k);
  }
  giveBackColumns({ touched });
}

/**
 * Float32 sum of the top channels' areas in channel order, as strax sums area_per_channel[:n_top]:
 * for a peak of few hits, the channels it touched, sorted, each once (the others hold ±0, which adds
 * nothing); for more hits than that, all top channels. Sorts `touched` in place.
 */
function topArea(channelArea: Float32Array, touched: Int32Array, n: number, nTop: number): number {
  if (n > FEW_HITS) return sumNonZero(channelArea, nTop);
  for (let i = 1; i < n; i++) {
    const c = touched[i];
    let j = i - 1;
    while (j >= 0 && touched[j] > c) {
      touched[j + 1] = touched[j];
      j--;
    }
    touched[j + 1] = c;
  }
  let sum = 0;
  for (let i = 0; i < n && touched[i] < nTop; i++) {
    if (i > 0 && touched[i] === touched[i - 1]) continue;
    const a = channelArea[touched[i]];
    if (a !== 0) sum = Math.fround(sum + a);
  }
  return sum;
}

/** The hit being added to a peak: where it lies, its gain, and what it has added so far. */
interface HitInPeak {
  time: number;
  length: number;
  /** Hit sample j lands on peak sample peakOffset + j, for j in [from, to). */
  peakOffset: number;
  from: number;
  to: number;
  gain: number;
  top: boolean;
  area: number;
  saturated: boolean;
}

/**
 * Adds the samples of record `r` under the hit (ADC + fractional baseline, × gain, float32 as strax)
 * to the peak's sum (and top) waveform and the hit's area; flags saturation over the whole overlap.
 * Records of one channel do not overlap (recordsFromRawRecords checks), so each hit sample comes
 * from one record and is added directly, without strax's intermediate hit waveform.
 */
function addRecord(hit: HitInPeak, r: number, src: WaveformSource, sum: Float32Array, top: Float32Array): void {
  const { length, data, baseline, amplitude_bit_shift } = src.records;
  // Overlap of the hit [0, length) with the record's samples [s, s + length), s relative to the hit.
  const s = Math.floor(src.recordTime[r] / src.dt) - Math.floor(hit.time / src.dt);
  const hs = Math.max(0, s);
  const he = Math.min(hit.length, s + length[r]);
  if (he <= hs) return;
  const at = r * src.samplesPerRecord - s;
  const multiplier = 2 ** amplitude_bit_shift[r];
  const fraction = baseline[r] - Math.floor(baseline[r]);
  const gain = hit.gain;
  const shift = hit.peakOffset;
  const from = Math.max(hs, hit.from);
  const end = Math.max(from, Math.min(he, hit.to));
  // The largest sample over the whole overlap [hs, he): outside [from, end) here, inside while summing.
  let max = -32769;
  for (let j = hs; j < Math.min(from, he); j++) max = Math.max(max, data[at + j]);
  for (let j = end; j < he; j++) max = Math.max(max, data[at + j]);
  let area = hit.area;
  // Two copies of the loop, so the top array's test is not made per sample.
  if (hit.top) {
    for (let j = from; j < end; j++) {
      const x = data[at + j];
      if (x > max) max = x;
      const v = Math.fround(Math.fround(multiplier * x + fraction) * gain);
      sum[shift + j] += v;
      top[shift + j] += v;
      area = Math.fround(area + v);
    }
  } else {
    for (let j = from; j < end; j++) {
      const x = data[at + j];
      if (x > max) max = x;
      const v = Math.fround(Math.fround(multiplier * x + fraction) * gain);
      sum[shift + j] += v;
      area = Math.fround(area + v);
    }
  }
  hit.area = area;
  // Saturated when the flipped sample reaches the baseline, i.e. the raw ADC reached zero.
  if (max * multiplier >= Math.trunc(baseline[r])) hit.saturated = true;
}

/** Stores a peak's waveform downsampled to fit PEAK_SAMPLES, as strax.store_downsampled_waveform. */
function storeDownsampled(peaks: Peaks, k: number, sum: Float32Array, top: Float32Array): void {
  const p = peaks.cols;
  const length = p.length[k];
  const at = k * PEAK_SAMPLES;
  const factor = Math.ceil(length / PEAK_SAMPLES) | 0;
  if (factor > 1) {
    // Shortened rather than extended, so neighbouring peaks never overlap (strax's choice).
    const stored = Math.floor(length / factor) | 0;
    for (let j = 0; j < stored; j++) {
      let s = 0;
      let t = 0;
      for (let f = 0; f < factor; f++) {
        s = Math.fround(s + sum[j * factor + f]);
        t = Math.fround(t + top[j * factor + f]);
      }
      p.data[at + j] = s;
      p.data_top[at + j] = t;
    }
    p.length[k] = stored;
    p.dt[k] *= factor;
  } else {
    p.data.set(sum.subarray(0, length), at);
    p.data_top.set(top.subarray(0, length), at);
  }
  p.data_start.set(sum.subarray(0, Math.min(length, PEAK_SAMPLES)), at);
}

/** Hits up to which sorting a peak's channels beats summing every top channel (insertion sort is quadratic). */
const FEW_HITS = 48;

function sumNonZero(channelArea: Float32Array, nTop: number): number {
  let sum = 0;
  for (let c = 0; c < nTop; c++) {
    const a = channelArea[c];
    if (a !== 0) sum = Math.fround(sum + a);
  }
  return sum;
}
