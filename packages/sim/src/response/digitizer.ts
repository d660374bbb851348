import type { Detector } from '../detector/detector.js';
import { PULSE_PHASES } from '../detector/pulse.js';
import type { HitBuffer } from './hits.js';
import type { BaselineNoise } from './noise.js';
import { stableOrder } from './order.js';
import type { RecordBuffer } from './records.js';

/**
 * The digitizer with self-trigger zero-length encoding. Per channel, photoelectrons close enough
 * to share a pulse are grouped; each group's samples are baseline + noise − SPE pulses, rounded
 * and clipped to the ADC range. Samples more than the threshold below baseline open an interval
 * widened by the window on both sides and snapped to even sample indices; each interval is one
 * pulse, cut into 110-sample records.
 */
export class Digitizer {
  private wave = new Float32Array(4096);
  private adc = new Int16Array(4096);
  private order = new Uint32Array(1024);
  private readonly sampleNs: number;
  private readonly window: number;
  private readonly threshold: number;
  private readonly baseline: number;
  private readonly maxAdc: number;

  constructor(
    private readonly det: Detector,
    private readonly noise: BaselineNoise,
  ) {
    const d = det.config.digitizer;
    this.sampleNs = d.sample_ns;
    this.window = d.zle_window_samples;
    this.threshold = d.baseline_adc - d.zle_threshold_adc;
    this.baseline = d.baseline_adc;
    this.maxAdc = 2 ** d.bits - 1;
  }

  /** Digitizes the pulses that start in [startNs, endNs) (ns since run start) into `out`. */
  run(hits: HitBuffer, startNs: number, endNs: number, out: RecordBuffer): void {
    const order = this.sortByChannelAndTime(hits);
    const { time } = hits;
    const span = this.det.pulse.length;
    const mergeGap = span + 2 * this.window + 4;
    let i = 0;
    while (i < hits.length) {
      const ch = hits.channel[order[i]];
      let j = i + 1;
      let last = Math.floor(time[order[i]] / this.sampleNs);
      while (j < hits.length && hits.channel[order[j]] === ch) {
        const s = Math.floor(time[order[j]] / this.sampleNs);
        if (s - last > mergeGap) break;
        last = s;
        j++;
      }
      this.digitizeGroup(hits, order, i, j, last, startNs, endNs, out);
      i = j;
    }
  }

  private digitizeGroup(
    hits: HitBuffer,
    order: Uint32Array,
    from: number,
    to: number,
    lastSample: number,
    startNs: number,
    endNs: number,
    out: RecordBuffer,
  ): void {
    const ch = hits.channel[order[from]];
    const dt = this.sampleNs;
    const { length: span, fractions } = this.det.pulse;
    let first = Math.floor(hits.time[order[from]] / dt) - this.window - 2;
    first -= first & 1;
    const n = lastSample + span + this.window + 2 - first;
    if (this.wave.length < n) {
      this.wave = new Float32Array(2 * n);
      this.adc = new Int16Array(2 * n);
    }
    const wave = this.wave;
    this.noise.fill(wave, ch, first, n);
    const adcPerPe = this.det.adcPerPe[ch];
    for (let k = from; k < to; k++) {
      const h = order[k];
      const t = hits.time[h];
      const s = Math.floor(t / dt);
      const phase = Math.min(PULSE_PHASES - 1, Math.floor(((t - s * dt) / dt) * PULSE_PHASES));
      const amplitude = hits.area[h] * adcPerPe;
      const row = phase * span;
      const at = s - first;
      for (let q = 0; q < span; q++) wave[at + q] -= amplitude * fractions[row + q];
    }
    const adc = this.adc;
    const offset = this.baseline + 0.5;
    const top = this.maxAdc;
    for (let k = 0; k < n; k++) {
      // truncation of x + 0.5 rounds every value that survives the clipping below
      const v = (offset + wave[k]) | 0;
      adc[k] = v < 0 ? 0 : Math.min(v, top);
    }
    this.encode(ch, first, n, startNs, endNs, out);
  }

  /** Zero-length encoding of adc[0..n) (global samples first..first+n). */
  private encode(ch: number, first: number, n: number, startNs: number, endNs: number, out: RecordBuffer): void {
    const adc = this.adc;
    const w = this.window;
    const dt = this.sampleNs;
    let k = 0;
    while (k < n) {
      if (adc[k] >= this.threshold) {
        k++;
        continue;
      }
      // an interval: extend while further samples over threshold fall within the padded window
      let lo = Math.max(0, k - w);
      lo -= (first + lo) & 1;
      lo = Math.max(0, lo);
      let lastOver = k;
      let q = k + 1;
      while (q < n && q <= lastOver + 2 * w + 2) {
        if (adc[q] < this.threshold) lastOver = q;
        q++;
      }
      let hi = Math.min(n, lastOver + w + 1);
      hi += (first + hi) & 1;
      hi = Math.min(n, hi);
      const startTime = (first + lo) * dt;
      if (startTime >= startNs && startTime < endNs) out.addPulse(ch, first + lo, adc, lo, hi - lo);
      k = hi;
    }
  }

  /** Hit indices grouped by channel (counting sort), time-ordered within each channel. */
  private sortByChannelAndTime(hits: HitBuffer): Uint32Array {
    const n = hits.length;
    if (this.order.length < n) this.order = new Uint32Array(2 * n);
    const order = this.order.subarray(0, n);
    const channels = this.det.channels;
    const start = new Uint32Array(channels + 1);
    for (let i = 0; i < n; i++) start[hits.channel[i] + 1]++;
    for (let c = 0; c < channels; c++) start[c + 1] += start[c];
    const fill = start.slice(0, channels);
    for (let i = 0; i < n; i++) order[fill[hits.channel[i]]++] = i;
    // within a channel, order by time at quarter-ns resolution (ties keep production order)
    const time = hits.time;
    let t0 = Number.POSITIVE_INFINITY;
    for (let i = 0; i < n; i++) if (time[i] < t0) t0 = time[i];
    for (let c = 0; c < channels; c++) {
      const m = start[c + 1] - start[c];
      if (m < 2) continue;
      const slice = order.subarray(start[c], start[c + 1]);
      const keys = new Float64Array(m);
      for (let j = 0; j < m; j++) keys[j] = Math.floor((time[slice[j]] - t0) * 4);
      const local = stableOrder(keys, new Uint32Array(m));
      const copy = slice.slice();
      for (let j = 0; j < m; j++) slice[j] = copy[local[j]];
    }
    return order;
  }
}
