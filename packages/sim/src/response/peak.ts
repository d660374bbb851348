/** Running totals of one true peak while its photoelectrons are generated. */
export class PeakTally {
  photons = 0;
  pe = 0;
  area = 0;
  first = Number.POSITIVE_INFINITY;
  last = Number.NEGATIVE_INFINITY;
  private origin = 0;
  private sum = 0;
  private sum2 = 0;

  reset(origin: number): void {
    this.photons = 0;
    this.pe = 0;
    this.area = 0;
    this.first = Number.POSITIVE_INFINITY;
    this.last = Number.NEGATIVE_INFINITY;
    this.origin = origin;
    this.sum = 0;
    this.sum2 = 0;
  }

  add(time: number, pe: number, area: number): void {
    if (pe === 0) return;
    this.photons++;
    this.pe += pe;
    this.area += area;
    if (time < this.first) this.first = time;
    if (time > this.last) this.last = time;
    const t = time - this.origin;
    this.sum += t;
    this.sum2 += t * t;
  }

  /** Mean arrival time of detected photons, ns since run start. */
  center(): number {
    return this.photons > 0 ? this.origin + this.sum / this.photons : this.origin;
  }

  /** Standard deviation of detected-photon arrival times, ns. */
  width(): number {
    if (this.photons < 2) return 0;
    const mean = this.sum / this.photons;
    return Math.sqrt(Math.max(0, this.sum2 / this.photons - mean * mean));
  }
}
