/**
 * Photoelectrons arriving at PMT cathodes, kept per channel in growable typed arrays (no
 * per-photon objects): arrival time (ns since run start) and area (PE, after the gain spread).
 * Bucketing by channel as hits arrive keeps the digitizer's reads sequential; a global sort by
 * channel would read the hit arrays in random order.
 */
export class HitBuffer {
  readonly count: Int32Array;
  readonly time: Float64Array[];
  readonly area: Float32Array[];

  constructor(channels: number) {
    this.count = new Int32Array(channels);
    this.time = Array.from({ length: channels }, () => new Float64Array(64));
    this.area = Array.from({ length: channels }, () => new Float32Array(64));
  }

  get length(): number {
    return this.count.reduce((s, n) => s + n, 0);
  }

  push(channel: number, time: number, area: number): void {
    const n = this.count[channel];
    if (n === this.time[channel].length) this.grow(channel);
    this.time[channel][n] = time;
    this.area[channel][n] = area;
    this.count[channel] = n + 1;
  }

  clear(): void {
    this.count.fill(0);
  }

  /** Keeps only hits in [lo, hi) (in place, order kept). */
  keepWithin(lo: number, hi: number): void {
    for (let ch = 0; ch < this.count.length; ch++) {
      const time = this.time[ch];
      const area = this.area[ch];
      let w = 0;
      for (let i = 0, n = this.count[ch]; i < n; i++) {
        const t = time[i];
        if (t < lo || t >= hi) continue;
        time[w] = t;
        area[w] = area[i];
        w++;
      }
      this.count[ch] = w;
    }
  }

  private grow(channel: number): void {
    const n = this.time[channel].length * 2;
    const time = new Float64Array(n);
    time.set(this.time[channel]);
    const area = new Float32Array(n);
    area.set(this.area[channel]);
    this.time[channel] = time;
    this.area[channel] = area;
  }
}
