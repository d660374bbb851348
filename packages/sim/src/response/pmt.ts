import type { Detector } from '../detector/detector.js';
import type { Random } from '../rng.js';
import type { HitBuffer } from './hits.js';

/** Photoelectrons one detected photon produced: count and summed area. */
export interface Detection {
  pe: number;
  area: number;
  /** Arrival time at the digitizer (after the transit time), ns since run start. */
  time: number;
}

const FWHM_TO_SIGMA = 1 / 2.3548;

/**
 * PMT response to photons: transit time and its spread, double photoelectron emission, the
 * single-photoelectron area spread and afterpulses. Afterpulses go into the hit buffer but not
 * into the returned totals (they are not part of the peak that caused them).
 */
export class PmtResponse {
  private readonly transit: number;
  private readonly tts: number;
  private readonly pDpe: number;
  private readonly speSigma: number;
  private readonly apCumulative: Float64Array;
  private readonly apDelay: Float64Array;
  private readonly apSigma: Float64Array;
  private readonly apTotal: number;

  constructor(private readonly det: Detector) {
    const p = det.config.pmts;
    this.transit = p.transit_time_ns;
    this.tts = p.tts_fwhm_ns * FWHM_TO_SIGMA;
    this.pDpe = p.double_pe_probability;
    this.speSigma = p.spe_resolution;
    let sum = 0;
    this.apCumulative = Float64Array.from(p.afterpulses, (a) => (sum += a.probability));
    this.apTotal = sum;
    this.apDelay = Float64Array.from(p.afterpulses, (a) => a.delay_us * 1000);
    this.apSigma = Float64Array.from(p.afterpulses, (a) => a.sigma_us * 1000);
  }

  /** Area of one photoelectron in PE units (Gaussian gain spread, negative tail cut at zero). */
  speArea(rng: Random): number {
    return Math.max(0, 1 + this.speSigma * rng.normal());
  }

  /**
   * A photon reaching `channel` at `time` (ns since run start, before the transit time). Adds the
   * photoelectron hit and its afterpulses to `hits`; `out` receives PE count and area (zero for a
   * dead PMT).
   */
  detect(rng: Random, channel: number, time: number, hits: HitBuffer, out: Detection): void {
    if (!this.det.alive[channel]) {
      out.pe = 0;
      out.area = 0;
      out.time = time;
      return;
    }
    const t = time + this.transit + this.tts * rng.normal();
    const pe = rng.uniform() < this.pDpe ? 2 : 1;
    let area = this.speArea(rng);
    if (pe === 2) area += this.speArea(rng);
    hits.push(channel, t, area);
    out.pe = pe;
    out.area = area;
    out.time = t;
    if (this.apTotal > 0) {
      for (let k = 0; k < pe; k++) {
        const u = rng.uniform();
        if (u >= this.apTotal) continue;
        let g = 0;
        while (this.apCumulative[g] <= u) g++;
        hits.push(channel, t + Math.max(0, this.apDelay[g] + this.apSigma[g] * rng.normal()), this.speArea(rng));
      }
    }
  }
}
