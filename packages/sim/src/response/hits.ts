/**
 * Photoelectrons arriving at PMT cathodes, as parallel growable typed arrays (no per-photon
 * objects): channel, arrival time (ns since run start) and area (PE, after the gain spread).
 */
export class HitBuffer {
  length = 0;
  channel = new Int32Array(1024);
  time = new Float64Array(1024);
  area = new Float32Array(1024);

  push(channel: number, time: number, area: number): void {
    if (this.length === this.channel.length) this.grow();
    this.channel[this.length] = channel;
    this.time[this.length] = time;
    this.area[this.length] = area;
    this.length++;
  }

  clear(): void {
    this.length = 0;
  }

  private grow(): void {
    const n = this.channel.length * 2;
    const channel = new Int32Array(n);
    channel.set(this.channel);
    const time = new Float64Array(n);
    time.set(this.time);
    const area = new Float32Array(n);
    area.set(this.area);
    this.channel = channel;
    this.time = time;
    this.area = area;
  }
}
