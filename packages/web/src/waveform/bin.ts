/** Pulse records as columns, as the Arrow stream of raw_records or records delivers them. */
export interface PulseColumns {
  time: BigInt64Array;
  length: Int32Array;
  dt: Int16Array | Int32Array;
  channel: Int16Array;
  /** samplesPerRecord samples per record, row after row */
  data: Int16Array;
  samplesPerRecord: number;
  /** raw_records: the digitizer baseline, pulses go down from it; records are already baselined (absent) */
  baseline?: Int16Array;
  /** records: samples were shifted right by this many bits to fit int16 */
  bitShift?: Int16Array;
}

/** The time axis of a view: `bins` equal bins over [start, start + width ns). */
export interface Binning {
  start: bigint;
  width: number;
  bins: number;
}

export interface BinnedWindow {
  /** Mean summed amplitude over all channels per bin (ADC). */
  sum: Float64Array;
  /** Mean amplitude per channel and bin (ADC), channel-major: matrix[channel * bins + bin]. */
  matrix: Float32Array;
  channels: number;
  /** Channels with any sample in the window. */
  activeChannels: number;
}

/**
 * Downsamples records onto a view's bins: each sample's amplitude above baseline, times its dt,
 * is added to the bin its start falls in, then divided by the bin width, so a bin holds the mean
 * amplitude and the integral (ADC·ns) is kept exactly. Samples outside the window are dropped.
 */
export function binRecords(r: PulseColumns, view: Binning, channels: number): BinnedWindow {
  const { bins, width } = view;
  const binWidth = width / bins;
  const sum = new Float64Array(bins);
  const matrix = new Float32Array(channels * bins);
  const seen = new Uint8Array(channels);
  for (let i = 0; i < r.time.length; i++) {
    const channel = r.channel[i];
    if (channel < 0 || channel >= channels) continue;
    const t0 = Number(r.time[i] - view.start);
    const dt = r.dt[i];
    const base = r.baseline ? r.baseline[i] : 0;
    const sign = (r.baseline ? -1 : 1) * (r.bitShift ? 2 ** r.bitShift[i] : 1);
    const row = channel * bins;
    const first = i * r.samplesPerRecord;
    for (let s = 0; s < r.length[i]; s++) {
      const t = t0 + s * dt;
      if (t < 0 || t >= width) continue;
      const bin = Math.floor(t / binWidth);
      const area = sign * (r.data[first + s] - base) * dt;
      sum[bin] += area;
      matrix[row + bin] += area;
      seen[channel] = 1;
    }
  }
  for (let b = 0; b < bins; b++) sum[b] /= binWidth;
  for (let k = 0; k < matrix.length; k++) matrix[k] /= binWidth;
  return { sum, matrix, channels, activeChannels: seen.reduce((n, s) => n + s, 0) };
}

/** A peak drawn over the waveform: S1 (type 1), S2 (type 2) or unknown (0). */
export interface Marker {
  start: bigint;
  end: bigint;
  type: number;
  area: number;
}
