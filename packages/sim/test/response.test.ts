import { describe, expect, it } from 'vitest';
import { buildDetector, type DetectorConfig, loadDetectorConfig, Random } from '../src/index.js';
import { HitBuffer } from '../src/response/hits.js';
import { PeakTally } from '../src/response/peak.js';
import { PmtResponse } from '../src/response/pmt.js';
import { S1Response } from '../src/response/s1.js';
import { S2Response, transverseSigma } from '../src/response/s2.js';

function detector(change: (c: DetectorConfig) => void = () => {}) {
  const config = structuredClone(loadDetectorConfig('xenon-demo'));
  config.pmts.dead_channels = [];
  config.pmts.afterpulses = [];
  change(config);
  return buildDetector(config);
}

/** Photoelectron-weighted mean and rms of the PMT x positions of the top-array hits. */
function topSpread(det: ReturnType<typeof detector>, hits: HitBuffer) {
  let w = 0;
  let sx = 0;
  let sxx = 0;
  for (let ch = 0; ch < det.topChannels; ch++) {
    for (let i = 0; i < hits.count[ch]; i++) {
      const a = hits.area[ch][i];
      w += a;
      sx += a * det.pmtX[ch];
      sxx += a * det.pmtX[ch] ** 2;
    }
  }
  return { mean: sx / w, rms: Math.sqrt(sxx / w - (sx / w) ** 2), total: w };
}

describe('detector response', () => {
  it('puts S2 light on the top array around (x, y) and spreads it with transverse diffusion', () => {
    const spreadFor = (dt: number) => {
      const det = detector((c) => {
        c.tpc.diffusion_transverse_cm2_s = dt;
      });
      const s2 = new S2Response(det, new PmtResponse(det));
      const hits = new HitBuffer(det.channels);
      s2.simulate(Random.stream(1, 2), 20, 0, -100, 0, 3000, hits, new PeakTally());
      return { ...topSpread(det, hits), sigma: transverseSigma(det, (1000 / 0.675) * 1000) };
    };
    const sharp = spreadFor(0);
    const wide = spreadFor(20000);
    expect(sharp.mean).toBeGreaterThan(17);
    expect(sharp.mean).toBeLessThan(23);
    expect(wide.sigma).toBeGreaterThan(7);
    // the spread adds in quadrature: Δ(rms²) ≈ σ_xy² (the 25-node grid quantises it by a few %)
    const added = (wide.rms ** 2 - sharp.rms ** 2) / wide.sigma ** 2;
    expect(added).toBeGreaterThan(0.7);
    expect(added).toBeLessThan(1.3);
  });

  it('sends more S1 light to the top array for events near the gate than near the cathode', () => {
    const det = detector();
    const s1 = new S1Response(det, new PmtResponse(det));
    const topShare = (z: number) => {
      const hits = new HitBuffer(det.channels);
      const quanta = { photons: 200000, electrons: 0, excitons: 200000 };
      s1.simulate(Random.stream(3, 4), 0, 0, z, 0, quanta, 'er-beta', 30, hits, new PeakTally());
      const top = topSpread(det, hits).total;
      let all = 0;
      for (let ch = 0; ch < det.channels; ch++) for (let i = 0; i < hits.count[ch]; i++) all += hits.area[ch][i];
      return top / all;
    };
    expect(topShare(-5)).toBeCloseTo(0.45 + (0.12 - 0.45) * (5 / 148.6), 2);
    expect(topShare(-140)).toBeCloseTo(0.45 + (0.12 - 0.45) * (140 / 148.6), 2);
  });

  it('gives a photoelectron about 140 ADC·samples of area with σ/μ of the SPE resolution', () => {
    const det = detector();
    const pmt = new PmtResponse(det);
    const rng = Random.stream(9, 9);
    const a = Array.from({ length: 50000 }, () => pmt.speArea(rng));
    const mean = a.reduce((s, v) => s + v, 0) / a.length;
    const sd = Math.sqrt(a.reduce((s, v) => s + (v - mean) ** 2, 0) / a.length);
    expect(mean).toBeCloseTo(1, 1);
    expect(sd / mean).toBeCloseTo(0.4, 1);
  });
});
