import { describe, expect, it } from 'vitest';
import {
  lightFractions,
  liveLightFraction,
  nelderMead2D,
  patternLikelihood,
  reconstructPositions,
  type TopArray,
  topCentroid,
} from '../src/index.js';
import { hexArray } from './top-array.js';

const N_TOP = 253;
const N_CH = 260; // peaks store more channels than the top array: the rest are bottom PMTs
const grid = hexArray(N_TOP, 7.8);
const allLive: TopArray = { ...grid, live: new Uint8Array(N_TOP).fill(1), lightHeight: 7 };

/** Peaks whose top areas follow the model exactly at the given positions (bottom channels get junk). */
function modelPeaks(array: TopArray, positions: [number, number][], area = 5000, type = 2) {
  const perChannel = new Float32Array(positions.length * N_CH);
  const f = new Float64Array(N_TOP);
  positions.forEach(([x, y], k) => {
    lightFractions(array, x, y, f);
    for (let ch = 0; ch < N_TOP; ch++) perChannel[k * N_CH + ch] = area * f[ch];
    for (let ch = N_TOP; ch < N_CH; ch++) perChannel[k * N_CH + ch] = 50;
  });
  return {
    length: positions.length,
    columns: { area_per_channel: perChannel, type: new Int8Array(positions.length).fill(type) },
  };
}

describe('position reconstruction', () => {
  const truth: [number, number][] = [
    [0, 0],
    [12.3, -7.7],
    [3.9, 6.755],
    [-40.2, 31.4],
    [58, -20.5],
  ];

  it('recovers positions of exact model patterns within 1e-3 cm, where the centroid is pulled inwards', () => {
    const out = reconstructPositions(modelPeaks(allLive, truth), { array: allLive, nTopChannels: N_TOP, minArea: 10 });
    truth.forEach(([x, y], k) => {
      expect(Math.abs(out.x[k] - x)).toBeLessThan(1e-3);
      expect(Math.abs(out.y[k] - y)).toBeLessThan(1e-3);
      // a perfect fit: the deviance of a float32-rounded exact pattern is ~0
      expect(out.position_deviance[k]).toBeLessThan(1e-3);
    });
    // near the edge the centroid underestimates the radius by centimetres
    expect(Math.hypot(out.x_centroid[4], out.y_centroid[4])).toBeLessThan(Math.hypot(58, -20.5) - 3);
    expect(out.x_centroid[0]).toBeCloseTo(0, 4);
  });

  it('excludes dead PMTs: whatever they read, the fit stays exact', () => {
    const live = new Uint8Array(N_TOP).fill(1);
    live[17] = 0;
    live[0] = 0;
    const array = { ...allLive, live };
    // the pattern of a detector where every PMT sees light, with the dead ones reading junk
    const peaks = modelPeaks(allLive, [
      grid.x[17] === undefined ? [0, 0] : [grid.x[17] + 1, grid.y[17] - 2],
      [0.5, 0.5],
    ]);
    peaks.columns.area_per_channel[17] = 1e4;
    peaks.columns.area_per_channel[N_CH + 0] = -3;
    const out = reconstructPositions(peaks, { array, nTopChannels: N_TOP, minArea: 10 });
    expect(Math.abs(out.x[0] - (grid.x[17] + 1))).toBeLessThan(1e-3);
    expect(Math.abs(out.y[0] - (grid.y[17] - 2))).toBeLessThan(1e-3);
    expect(Math.abs(out.x[1] - 0.5)).toBeLessThan(1e-3);
    expect(Math.abs(out.y[1] - 0.5)).toBeLessThan(1e-3);
  });

  it('gives NaN for S1s, unknown peaks and S2s with too little top light', () => {
    const s1 = reconstructPositions(modelPeaks(allLive, truth, 5000, 1), {
      array: allLive,
      nTopChannels: N_TOP,
      minArea: 10,
    });
    expect([...s1.x, ...s1.y, ...s1.x_centroid].every(Number.isNaN)).toBe(true);
    const small = reconstructPositions(modelPeaks(allLive, truth, 9.5), {
      array: allLive,
      nTopChannels: N_TOP,
      minArea: 10,
    });
    expect([...small.x, ...small.position_deviance].every(Number.isNaN)).toBe(true);
    const empty = reconstructPositions(
      { length: 0, columns: { area_per_channel: new Float32Array(0), type: new Int8Array(0) } },
      { array: allLive, nTopChannels: N_TOP, minArea: 10 },
    );
    expect(empty.x.length).toBe(0);
    expect(() =>
      reconstructPositions(modelPeaks(allLive, [[0, 0]]), { array: allLive, nTopChannels: 300, minArea: 1 }),
    ).toThrow('300 top channels, but peaks store 260 channels');
  });

  it('is a better estimator than the centroid on Poisson-fluctuated patterns', () => {
    let seed = 12345;
    const uniform = () => {
      seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
      return (seed + 0.5) / 2 ** 32;
    };
    const poisson = (mean: number) => {
      let k = 0;
      let p = Math.exp(-mean);
      let s = p;
      const u = uniform();
      while (u > s && k < 10_000) {
        k++;
        p *= mean / k;
        s += p;
      }
      return k;
    };
    const positions: [number, number][] = Array.from({ length: 60 }, (_, i) => {
      const r = 60 * Math.sqrt((i + 0.5) / 60);
      return [r * Math.cos(i * 2.4), r * Math.sin(i * 2.4)];
    });
    const peaks = modelPeaks(allLive, positions, 1500);
    for (let k = 0; k < positions.length; k++) {
      for (let ch = 0; ch < N_TOP; ch++) {
        const i = k * N_CH + ch;
        peaks.columns.area_per_channel[i] = poisson(peaks.columns.area_per_channel[i]);
      }
    }
    const out = reconstructPositions(peaks, { array: allLive, nTopChannels: N_TOP, minArea: 10 });
    const rms = (xs: Float32Array, ys: Float32Array) =>
      Math.sqrt(positions.reduce((s, [x, y], k) => s + (xs[k] - x) ** 2 + (ys[k] - y) ** 2, 0) / positions.length);
    const fit = rms(out.x, out.y);
    const centroid = rms(out.x_centroid, out.y_centroid);
    expect(fit).toBeLessThan(1);
    expect(fit).toBeLessThan(centroid / 3);
    // Poisson deviance of a good fit ≈ degrees of freedom (non-empty PMTs dominate)
    const meanDeviance = out.position_deviance.reduce((s, d) => s + d, 0) / positions.length;
    expect(meanDeviance).toBeGreaterThan(50);
    expect(meanDeviance).toBeLessThan(500);
  });

  it('centroid weighs live PMTs by their positive area', () => {
    const areas = new Float32Array(N_TOP);
    areas[1] = 3;
    areas[2] = 1;
    areas[3] = -5;
    const c = topCentroid(areas, 0, allLive, N_TOP);
    expect(c.area).toBe(4);
    expect(c.x).toBeCloseTo((3 * grid.x[1] + grid.x[2]) / 4, 12);
    expect(topCentroid(new Float32Array(N_TOP), 0, allLive, N_TOP).x).toBeNaN();
  });

  it('likelihood is smallest at the true position', () => {
    const f = new Float64Array(N_TOP);
    lightFractions(allLive, 10, 5, f);
    const nll = patternLikelihood(allLive, f);
    expect(nll(10, 5)).toBeLessThan(nll(10.01, 5));
    expect(nll(10, 5)).toBeLessThan(nll(10, 4.99));
  });
});

describe('nelderMead2D', () => {
  it('finds the minimum of a tilted quadratic and of Rosenbrock’s valley', () => {
    const q = nelderMead2D((x, y) => (x - 3) ** 2 + 10 * (y + 2) ** 2 + (x - 3) * (y + 2), 0, 0, 1, 1e-7);
    expect(q.x).toBeCloseTo(3, 6);
    expect(q.y).toBeCloseTo(-2, 6);
    const r = nelderMead2D((x, y) => (1 - x) ** 2 + 100 * (y - x * x) ** 2, -1.2, 1, 0.5, 1e-8, 2000);
    expect(r.x).toBeCloseTo(1, 4);
    expect(r.y).toBeCloseTo(1, 4);
    expect(r.evaluations).toBeLessThanOrEqual(2001);
  });
});

describe('liveLightFraction', () => {
  it('is 1 with every PMT live and loses the dead PMT’s share of the light', () => {
    const n = N_TOP + 20;
    const pmts = {
      x: Float64Array.from({ length: n }, (_, ch) => (ch < N_TOP ? grid.x[ch] : grid.x[ch - N_TOP])),
      y: Float64Array.from({ length: n }, (_, ch) => (ch < N_TOP ? grid.y[ch] : grid.y[ch - N_TOP])),
      live: new Uint8Array(n).fill(1),
      nTop: N_TOP,
    };
    expect(liveLightFraction(pmts, 3, -4, 7, 150, 0.63)).toBeCloseTo(1, 14);
    pmts.live[0] = 0;
    const f = new Float64Array(N_TOP);
    lightFractions(allLive, grid.x[0], grid.y[0], f);
    // the bottom array (20 PMTs under the centre) sees no loss
    expect(liveLightFraction(pmts, grid.x[0], grid.y[0], 7, 150, 0.63)).toBeCloseTo(1 - 0.63 * f[0], 12);
    expect(liveLightFraction({ ...pmts, nTop: n }, 60, 0, 7, 150, 0.63)).toBeGreaterThan(0.999);
  });
});
