import type { Detector } from '../detector/detector.js';

/**
 * Where light lands: a cumulative distribution over channels, sampled once per photon by binary
 * search. Weights per PMT follow the solid angle of a small disc at distance h below or above the
 * point, h/(d² + h²)^(3/2), normalised within each array and split by the top-array fraction.
 * Dead PMTs keep their share, so light that would reach them is lost.
 */
export class LightPattern {
  readonly cdf: Float64Array;

  constructor(private readonly det: Detector) {
    this.cdf = new Float64Array(det.channels);
  }

  /** Sets the pattern for light emitted at (x, y) at heights hTop and hBottom from the arrays. */
  set(x: number, y: number, hTop: number, hBottom: number, topFraction: number): void {
    const { pmtX, pmtY, topChannels, channels } = this.det;
    const cdf = this.cdf;
    let sumTop = 0;
    for (let ch = 0; ch < topChannels; ch++) {
      const d2 = (pmtX[ch] - x) ** 2 + (pmtY[ch] - y) ** 2 + hTop * hTop;
      sumTop += hTop / (d2 * Math.sqrt(d2));
      cdf[ch] = sumTop;
    }
    let sumBottom = 0;
    for (let ch = topChannels; ch < channels; ch++) {
      const d2 = (pmtX[ch] - x) ** 2 + (pmtY[ch] - y) ** 2 + hBottom * hBottom;
      sumBottom += hBottom / (d2 * Math.sqrt(d2));
      cdf[ch] = sumBottom;
    }
    const bottomFraction = topChannels === channels ? 0 : 1 - topFraction;
    const top = topChannels === 0 ? 0 : bottomFraction === 0 ? 1 : topFraction;
    for (let ch = 0; ch < topChannels; ch++) cdf[ch] = (top * cdf[ch]) / sumTop;
    for (let ch = topChannels; ch < channels; ch++) cdf[ch] = top + (bottomFraction * cdf[ch]) / sumBottom;
    cdf[channels - 1] = 1;
  }

  /** Channel hit by a photon with uniform variate u. */
  channel(u: number): number {
    const cdf = this.cdf;
    let lo = 0;
    let hi = cdf.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (cdf[mid] < u) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Share of the light that reaches live PMTs. */
  liveFraction(): number {
    const { alive } = this.det;
    const cdf = this.cdf;
    let live = 0;
    for (let ch = 0; ch < cdf.length; ch++) if (alive[ch]) live += cdf[ch] - (ch === 0 ? 0 : cdf[ch - 1]);
    return live;
  }
}
