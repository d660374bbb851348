import { N_WIDTHS, PEAK_SAMPLES, type PeakOffsets, type Peaks } from './peak-columns.js';

/**
 * Area fractions whose times give the widths: 0, 0.05, ..., 1, built with the same float64
 * operations as strax (numpy linspace) so the fractions are bit-identical.
 */
const FRACTIONS: Float64Array = (() => {
  const central = Array.from({ length: N_WIDTHS - 1 }, (_, i) => (i + 1 === N_WIDTHS - 1 ? 1 : (i + 1) * 0.1));
  const all = new Set([0.5, ...central.map((w) => 0.5 - w / 2), ...central.map((w) => 0.5 + w / 2)]);
  return Float64Array.from([...all].sort((a, b) => a - b));
})();
const MIDDLE = (FRACTIONS.length - 1) / 2;

/**
 * Shape properties of peaks from their stored waveform, as strax.compute_properties: median_time,
 * width (central 0–100 % area), area_decile_from_midpoint, center_time (area-weighted mean, clipped
 * to the peak) and, with top channels, area_fraction_top.
 */
export function computeProperties(peaks: Peaks, nTopChannels: number): void {
  const p = peaks.cols;
  for (let k = 0; k < peaks.n; k++) {
    shapeProperties(p, k);
    if (nTopChannels > 0) {
      const top = topArea(p.area_per_channel, k * peaks.nChannels, nTopChannels);
      p.area_fraction_top[k] = p.area[k] > 0 ? top / p.area[k] : Number.NaN;
    }
  }
}

/** Where the area fractions are reached, per peak (float32, as strax keeps them). */
const times = new Float32Array(FRACTIONS.length);

/** computeProperties for row k, area_fraction_top aside: run while the row's waveform is in cache. */
export function shapeProperties(p: PeakOffsets, k: number): void {
  const at = k * PEAK_SAMPLES;
  const length = p.length[k];
  const dt = p.dt[k];
  times.fill(0);
  if (p.area[k] > 0) fractionIndices(p.data, at, length, p.area[k], times);
  for (let i = 0; i < times.length; i++) times[i] = times[i] * dt;
  p.median_time[k] = times[MIDDLE];
  for (let j = 0; j < N_WIDTHS; j++) {
    p.width[k * N_WIDTHS + j] = times[MIDDLE + j] - times[MIDDLE - j];
    p.area_decile_from_midpoint[k * N_WIDTHS + j] = times[2 * j] - times[MIDDLE];
  }
  p.center_time[k] = centerTime(p.data, at, length, dt, p.time[k]);
}

/** Fractional sample indices where the waveform reaches each of FRACTIONS of `total` (strax.compute_index_of_fraction). */
function fractionIndices(data: Float32Array, at: number, length: number, total: number, out: Float32Array): void {
  let seen = 0;
  let f = 0;
  let needed = FRACTIONS[0];
  for (let i = 0; i < length && f < FRACTIONS.length; i++) {
    const x = data[at + i];
    const share = Math.fround(x / total);
    while (seen + share >= needed) {
      const areaNeeded = total * (needed - seen);
      out[f] = x !== 0 ? i + areaNeeded / x : i;
      f++;
      if (f === FRACTIONS.length) break;
      needed = FRACTIONS[f];
    }
    seen += share;
  }
  // Rounding can keep the total from being reached before the waveform ends.
  if (needed === 1) out[FRACTIONS.length - 1] = length;
}

/** Float32 sum of the first nTop channels' areas, in channel order as strax sums them. */
function topArea(areaPerChannel: Float32Array, at: number, nTop: number): number {
  let top = 0;
  for (let c = at; c < at + nTop; c++) {
    const a = areaPerChannel[c];
    if (a !== 0) top = Math.fround(top + a); // most channels are empty; adding ±0 changes nothing
  }
  return top;
}

function centerTime(data: Float32Array, at: number, length: number, dt: number, start: number): number {
  let weights = 0;
  let moment = 0;
  for (let i = 0; i < length; i++) {
    weights = Math.fround(weights + data[at + i]);
    moment += i * data[at + i];
  }
  if (weights === 0) return start;
  const t = start + Math.trunc((moment / weights + 0.5) * dt);
  return Math.min(Math.max(t, start), start + length * dt);
}
