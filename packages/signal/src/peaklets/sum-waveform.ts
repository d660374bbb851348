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
 * to at most 200 samples (data, data_top) with the first 200 full-resolution samples in data_start.
 * Peaks must be in time order.
 */
export function buildSumWaveforms(peaks: Peaks, hits: ExtendedHits, nHits: number, src: WaveformSource): void {
  const p = peaks.cols;
  const nCh = peaks.nChannels;
  if (peaks.n === 0 || src.recordTime.length === 0) return;
  const dt = src.dt;
  let maxLength = 0;
  for (let i = 0; i < peaks.n; i++) maxLength = Math.max(maxLength, p.length[i]);
  const sum = new Float32Array(2 * maxLength);
  const top = new Float32Array(2 * maxLength);
  let maxHit = 1;
  for (let h = 0; h < nHits; h++) maxHit = Math.max(maxHit, hits.length[h]);
  const hitWave = new Float32Array(maxHit);
  const channelArea = new Float32Array(nCh);
  const touched = new Int32Array(Math.max(1, nHits));
  let nTouched = 0;
  let left = 0;
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
    while (left < nHits && !(pT < hits.time[left] + hits.length[left] * dt)) left++;
    if (left === nHits) return; // strax stops here too: later peaks keep their cluster values
    const pFirst = Math.floor(pT / dt);
    for (let h = left; h < nHits; h++) {
      const hT = hits.time[h];
      const hLength = hits.length[h];
      const shift = Math.floor((pT - hT) / dt);
      if (shift <= -pLength) break;
      if (hLength <= shift) continue;
      // Overlap of the hit's samples [s, s + hLength) with the peak's [0, pLength), s relative to the peak.
      const s = Math.floor(hT / dt) - pFirst;
      const hs = Math.max(0, -s);
      const he = Math.min(hLength, pLength - s);
      if (he <= hs) continue;
      hitWave.fill(0);
      const r = hits.record_i[h];
      let saturated = addRecord(hT, hLength, r, src, hitWave);
      const prev = src.links.previous[r];
      if (hits.left_integration[h] < 0 && prev !== NO_RECORD) {
        saturated = addRecord(hT, hLength, prev, src, hitWave) || saturated;
      }
      const next = src.links.next[r];
      if (hits.right_integration[h] > src.samplesPerRecord && next !== NO_RECORD) {
        saturated = addRecord(hT, hLength, next, src, hitWave) || saturated;
      }
      const ch = hits.channel[h];
      if (saturated && p.saturated_channel[k * nCh + ch] === 0) {
        p.saturated_channel[k * nCh + ch] = 1;
        p.n_saturated_channels[k]++;
      }
      const gain = src.toPe[ch];
      const isTop = ch < src.nTopChannels;
      let hitArea = 0;
      for (let j = hs; j < he; j++) {
        const v = Math.fround(hitWave[j] * gain);
        sum[s + j] += v;
        if (isTop) top[s + j] += v;
        hitArea = Math.fround(hitArea + v);
      }
      channelArea[ch] += hitArea;
      touched[nTouched++] = ch;
      area = Math.fround(area + hitArea);
    }
    p.area[k] = area;
    storeDownsampled(peaks, k, sum, top);
    p.area_per_channel.set(channelArea, k * nCh);
  }
}

/** Writes the hit's samples from record `r` (ADC + fractional baseline) into hitWave; true if saturated. */
function addRecord(hitTime: number, hitLength: number, r: number, src: WaveformSource, hitWave: Float32Array): boolean {
  const { length, data, baseline, amplitude_bit_shift } = src.records;
  // Overlap of the hit [0, hitLength) with the record's samples [s, s + length), s relative to the hit.
  const s = Math.floor(src.recordTime[r] / src.dt) - Math.floor(hitTime / src.dt);
  const hs = Math.max(0, s);
  const he = Math.min(hitLength, s + length[r]);
  if (he <= hs) return false;
  const rs = hs - s;
  const at = r * src.samplesPerRecord + rs - hs;
  const multiplier = 2 ** amplitude_bit_shift[r];
  const fraction = baseline[r] - Math.floor(baseline[r]);
  let max = -Infinity;
  for (let j = hs; j < he; j++) {
    const x = data[at + j];
    if (x > max) max = x;
    hitWave[j] = multiplier * x + fraction;
  }
  // Saturated when the flipped sample reaches the baseline, i.e. the raw ADC reached zero.
  return max * multiplier >= Math.trunc(baseline[r]);
}

/** Stores a peak's waveform downsampled to fit PEAK_SAMPLES, as strax.store_downsampled_waveform. */
function storeDownsampled(peaks: Peaks, k: number, sum: Float32Array, top: Float32Array): void {
  const p = peaks.cols;
  const length = p.length[k];
  const at = k * PEAK_SAMPLES;
  const factor = Math.ceil(length / PEAK_SAMPLES);
  if (factor > 1) {
    // Shortened rather than extended, so neighbouring peaks never overlap (strax's choice).
    const stored = Math.floor(length / factor);
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
