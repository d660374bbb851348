import type { Detector } from '../detector/detector.js';
import { PULSE_PHASES } from '../detector/pulse.js';
import type { HitBuffer } from './hits.js';
import { type BaselineNoise, digitize } from './noise.js';
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
  /** Sort scratch: swapped with a channel's hit arrays after sorting. */
  private time: Float64Array = new Float64Array(1024);
  private area: Float32Array = new Float32Array(1024);
  private keys = new Float64Array(1024);
  private order = new Uint32Array(1024);
  /** Groups of photoelectrons sharing a pulse: channel, hit range, first and last sample. */
  private groupChannel = new Int32Array(1024);
  private groupFrom = new Int32Array(1024);
  private groupTo = new Int32Array(1024);
  private groupFirst = new Float64Array(1024);
  private groupLast = new Float64Array(1024);
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

  /**
   * Digitizes the pulses that start in [startNs, endNs) (ns since run start) into `out`. Groups
   * are found per channel, then digitized in time order across channels, so the records land in
   * the arena almost in time order and the final sort copies them with few cache misses.
   */
  run(hits: HitBuffer, startNs: number, endNs: number, out: RecordBuffer): void {
    const span = this.det.pulse.length;
    const mergeGap = span + 2 * this.window + 4;
    const dt = this.sampleNs;
    let groups = 0;
    for (let ch = 0; ch < this.det.channels; ch++) {
      const n = this.sortChannel(hits, ch);
      const time = hits.time[ch];
      let i = 0;
      while (i < n) {
        let j = i + 1;
        let last = Math.floor(time[i] / dt);
        while (j < n) {
          const s = Math.floor(time[j] / dt);
          if (s - last > mergeGap) break;
          last = s;
          j++;
        }
        if (groups === this.groupChannel.length) this.growGroups();
        this.groupChannel[groups] = ch;
        this.groupFrom[groups] = i;
        this.groupTo[groups] = j;
        this.groupFirst[groups] = Math.floor(time[i] / dt);
        this.groupLast[groups] = last;
        groups++;
        i = j;
      }
    }
    const first = this.groupFirst.subarray(0, groups);
    let origin = Number.POSITIVE_INFINITY;
    for (let g = 0; g < groups; g++) if (first[g] < origin) origin = first[g];
    const keys = new Float64Array(groups);
    for (let g = 0; g < groups; g++) keys[g] = first[g] - origin;
    const order = stableOrder(keys, new Uint32Array(groups));
    for (let k = 0; k < groups; k++) {
      const g = order[k];
      const ch = this.groupChannel[g];
      const from = this.groupFrom[g];
      const to = this.groupTo[g];
      this.digitizeGroup(hits.time[ch], hits.area[ch], ch, from, to, this.groupLast[g], startNs, endNs, out);
    }
  }

  private growGroups(): void {
    const n = this.groupChannel.length * 2;
    const grow = <T extends Int32Array | Float64Array>(a: T): T => {
      const b = new (a.constructor as new (n: number) => T)(n);
      b.set(a);
      return b;
    };
    this.groupChannel = grow(this.groupChannel);
    this.groupFrom = grow(this.groupFrom);
    this.groupTo = grow(this.groupTo);
    this.groupFirst = grow(this.groupFirst);
    this.groupLast = grow(this.groupLast);
  }

  /**
   * Puts channel `ch`'s hits in time order (quarter-ns keys, ties in arrival order). The sorted
   * copy is written to scratch arrays that then swap places with the channel's arrays.
   */
  private sortChannel(hits: HitBuffer, ch: number): number {
    const n = hits.count[ch];
    if (n < 2) return n;
    if (this.time.length < n) {
      this.time = new Float64Array(2 * n);
      this.area = new Float32Array(2 * n);
    }
    if (this.keys.length < n) {
      this.keys = new Float64Array(2 * n);
      this.order = new Uint32Array(2 * n);
    }
    const time = hits.time[ch];
    const area = hits.area[ch];
    let t0 = Number.POSITIVE_INFINITY;
    for (let i = 0; i < n; i++) if (time[i] < t0) t0 = time[i];
    const keys = this.keys.subarray(0, n);
    for (let i = 0; i < n; i++) keys[i] = Math.floor((time[i] - t0) * 4);
    const order = stableOrder(keys, this.order);
    const sortedTime = this.time;
    const sortedArea = this.area;
    for (let i = 0; i < n; i++) {
      sortedTime[i] = time[order[i]];
      sortedArea[i] = area[order[i]];
    }
    hits.time[ch] = sortedTime;
    hits.area[ch] = sortedArea;
    this.time = time;
    this.area = area;
    return n;
  }

  private digitizeGroup(
    time: Float64Array,
    area: Float32Array,
    ch: number,
    from: number,
    to: number,
    lastSample: number,
    startNs: number,
    endNs: number,
    out: RecordBuffer,
  ): void {
    const dt = this.sampleNs;
    const { length: span, fractions } = this.det.pulse;
    let first = Math.floor(time[from] / dt) - this.window - 2;
    first -= first & 1;
    const n = lastSample + span + this.window + 2 - first;
    if (this.wave.length < n) this.wave = new Float32Array(2 * n);
    // samples are digitized straight into the record buffer's arena (no copy per pulse); samples
    // without signal take the precomputed digitized noise, and only samples a pulse touches are
    // computed in floating point (most groups are one photoelectron: 9 of ~115 samples)
    const base = out.reserve(n);
    const adc = out.arena;
    this.noise.fillQuiet(adc, out.arena32, base, ch, first, n);
    const wave = this.wave;
    const touchedLo = Math.floor(time[from] / dt) - first;
    const touchedHi = lastSample + span - first;
    wave.fill(0, touchedLo, touchedHi);
    const adcPerPe = this.det.adcPerPe[ch];
    for (let h = from; h < to; h++) {
      const t = time[h];
      const s = Math.floor(t / dt);
      const phase = Math.min(PULSE_PHASES - 1, Math.floor(((t - s * dt) / dt) * PULSE_PHASES));
      const amplitude = area[h] * adcPerPe;
      const row = phase * span;
      const at = s - first;
      for (let q = 0; q < span; q++) wave[at + q] -= amplitude * fractions[row + q];
    }
    const offset = this.baseline + 0.5;
    const top = this.maxAdc;
    const threshold = this.threshold;
    let firstOver = -1;
    let lastOver = -1;
    for (let k = touchedLo; k < touchedHi; k++) {
      if (wave[k] === 0) continue;
      const a = digitize(offset + this.noise.at(ch, first + k) + wave[k], top);
      adc[base + k] = a;
      if (a < threshold) {
        if (firstOver < 0) firstOver = k;
        lastOver = k;
      }
    }
    if (this.noise.canTrigger) {
      for (let k = 0; k < n; k++) {
        if (adc[base + k] < threshold) {
          if (firstOver < 0 || k < firstOver) firstOver = k;
          if (k > lastOver) lastOver = k;
        }
      }
    }
    if (firstOver >= 0) this.encode(ch, first, n, base, firstOver, lastOver, startNs, endNs, out);
  }

  /**
   * Zero-length encoding of the group's samples out.arena[base..base+n) (global samples
   * first..first+n): samples over threshold lie in [firstOver, lastOver] (group indices).
   * Stretches over threshold closer than two windows share one pulse.
   */
  private encode(
    ch: number,
    first: number,
    n: number,
    base: number,
    firstOver: number,
    lastOver: number,
    startNs: number,
    endNs: number,
    out: RecordBuffer,
  ): void {
    const adc = out.arena;
    const w = this.window;
    const dt = this.sampleNs;
    const threshold = this.threshold;
    let k = firstOver;
    while (k <= lastOver) {
      let lo = Math.max(0, k - w);
      lo -= (first + lo) & 1;
      lo = Math.max(0, lo);
      let end = k;
      for (let q = k + 1; q <= lastOver && q <= end + 2 * w + 2; q++) if (adc[base + q] < threshold) end = q;
      let hi = Math.min(n, end + w + 1);
      hi += (first + hi) & 1;
      hi = Math.min(n, hi);
      const startTime = (first + lo) * dt;
      if (startTime >= startNs && startTime < endNs) out.addPulse(ch, first + lo, base + lo, hi - lo);
      k = hi;
      while (k <= lastOver && adc[base + k] >= threshold) k++;
    }
  }
}
