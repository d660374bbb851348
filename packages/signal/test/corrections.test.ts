import { describe, expect, it } from 'vitest';
import { type CorrectionConditions, correctAreas, relativeS1Lce, W_KEV } from '../src/index.js';

const DEMO: CorrectionConditions = {
  electronLifetime: 15e6,
  g1: 0.151,
  g2: 0.79 * 21.3,
  lceDepthSlope: -0.3,
  lceRadialSlope: -0.15,
  driftLength: 148.6,
  radius: 66.4,
  driftVelocity: 6.75e-5,
};

/** Events whose areas are exactly what the light and charge model expects for `photons` and `electrons`. */
function modelEvents(rows: { x: number; y: number; t: number; photons: number; electrons: number }[]) {
  const col = (f: (r: (typeof rows)[number]) => number) => Float32Array.from(rows, f);
  return {
    length: rows.length,
    columns: {
      s1_area: col((r) => DEMO.g1 * r.photons * relativeS1Lce(DEMO, r.x, r.y, r.t)),
      s2_area: col((r) => DEMO.g2 * r.electrons * Math.exp(-r.t / DEMO.electronLifetime)),
      drift_time: col((r) => r.t),
      s2_x: col((r) => r.x),
      s2_y: col((r) => r.y),
      alt_s1_area: col(() => Number.NaN),
      alt_s2_area: col((r) => DEMO.g2 * 10 * Math.exp(-(r.t + 5000) / DEMO.electronLifetime)),
      alt_s1_interaction_drift_time: col(() => Number.NaN),
      alt_s2_interaction_drift_time: col((r) => r.t + 5000),
      alt_s2_x: col((r) => -r.x),
      alt_s2_y: col((r) => r.y),
    },
  };
}

describe('corrected areas', () => {
  it('undo light collection and electron loss exactly, giving E = W·(n_photons + n_electrons)', () => {
    const rows = [
      { x: 0, y: 0, t: 1000, photons: 1500, electrons: 1529 },
      { x: 40, y: -45, t: 2.1e6, photons: 1500, electrons: 1529 },
      { x: -10, y: 60, t: 1.1e6, photons: 300, electrons: 4000 },
    ];
    const out = correctAreas(modelEvents(rows), DEMO);
    rows.forEach((r, i) => {
      expect(out.cs1[i]).toBeCloseTo(DEMO.g1 * r.photons, 2);
      expect(out.cs2[i] / (DEMO.g2 * r.electrons)).toBeCloseTo(1, 6);
      expect(out.elife_correction[i]).toBeCloseTo(Math.exp(r.t / 15e6), 6);
      expect(out.e_ces[i] / (W_KEV * (r.photons + r.electrons))).toBeCloseTo(1, 6);
      expect(out.alt_cs2[i] / (DEMO.g2 * 10)).toBeCloseTo(1, 6);
    });
    // 3029 quanta: the merged 41.5 keV line of Kr-83m
    expect(out.e_ces[0]).toBeCloseTo(41.5, 1);
    expect([...out.alt_cs1].every(Number.isNaN)).toBe(true);
  });

  it('is 1 on average over a uniform cylinder, and dims deep and outer events', () => {
    let sum = 0;
    const n = 200;
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        const r = DEMO.radius * Math.sqrt((i + 0.5) / n);
        const t = ((j + 0.5) / n) * (DEMO.driftLength / DEMO.driftVelocity);
        sum += relativeS1Lce(DEMO, r, 0, t);
      }
    }
    expect(sum / (n * n)).toBeCloseTo(1, 10);
    expect(relativeS1Lce(DEMO, 0, 0, DEMO.driftLength / DEMO.driftVelocity)).toBeCloseTo(0.85 * 1.075, 12);
  });

  it('multiplies the linear light collection by the live share of S1 light, depth clamped to the TPC', () => {
    const depths: number[] = [];
    const withShare: CorrectionConditions = {
      ...DEMO,
      s1LiveShare: (x, y, depth) => {
        depths.push(depth);
        return x === 10 && y === -5 ? 0.8 : 1;
      },
    };
    const t = 1_000_000; // 67.5 cm deep
    expect(relativeS1Lce(withShare, 10, -5, t)).toBeCloseTo(0.8 * relativeS1Lce(DEMO, 10, -5, t), 14);
    expect(relativeS1Lce(withShare, 20, -5, t)).toBe(relativeS1Lce(DEMO, 20, -5, t));
    relativeS1Lce(withShare, 0, 0, -500); // a negative drift time: at the gate
    relativeS1Lce(withShare, 0, 0, 3e6); // past the cathode: at the cathode
    expect(depths).toEqual([67.5, 67.5, 0, DEMO.driftLength]);
  });

  it('propagates a missing position or S2 as NaN, and applies an S2 map', () => {
    const events = modelEvents([{ x: 5, y: 5, t: 1e5, photons: 100, electrons: 100 }]);
    events.columns.s2_x[0] = Number.NaN;
    const out = correctAreas(events, DEMO);
    expect(out.cs1[0]).toBeNaN();
    expect(out.e_ces[0]).toBeNaN();
    expect(out.cs2[0] / (DEMO.g2 * 100)).toBeCloseTo(1, 6);
    const halved = correctAreas(modelEvents([{ x: 5, y: 5, t: 1e5, photons: 100, electrons: 100 }]), {
      ...DEMO,
      s2XyMap: () => 0.5,
    });
    expect(halved.cs2[0] / (DEMO.g2 * 200)).toBeCloseTo(1, 6);
    expect(correctAreas({ ...events, length: 0 }, DEMO).cs1.length).toBe(0);
  });
});
