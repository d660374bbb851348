import { describe, expect, it } from 'vitest';
import { makeSource, Random, samplePosition } from '../src/index.js';

const draw = (name: string, n: number, extra = {}) => {
  const source = makeSource({ name, ...extra });
  const rng = Random.stream(5, 77);
  return Array.from({ length: n }, () => source.sample(rng));
};

describe('sources', () => {
  it('83mKr: 32.1 keV then 9.4 keV after a 154 ns half-life', () => {
    const events = draw('kr83m', 20000);
    expect(events.every((d) => d.length === 2 && d[0].energy === 32.1 && d[1].energy === 9.4)).toBe(true);
    const delays = events.map((d) => d[1].delayNs).sort((a, b) => a - b);
    expect(delays[delays.length / 2]).toBeGreaterThan(154.4 * 0.95);
    expect(delays[delays.length / 2]).toBeLessThan(154.4 * 1.05);
  });

  it('tritium: beta energies below Q = 18.59 keV with a mean of about 5.7 keV', () => {
    const e = draw('tritium', 20000).map((d) => d[0].energy);
    expect(Math.max(...e)).toBeLessThan(18.59);
    const mean = e.reduce((s, v) => s + v, 0) / e.length;
    expect(mean).toBeGreaterThan(5.5);
    expect(mean).toBeLessThan(5.9);
  });

  it('flat spectra, gamma line and AmBe-like recoils stay in their ranges with their recoil types', () => {
    const flat = draw('flat-nr', 5000, { minKeV: 5, maxKeV: 10 }).map((d) => d[0]);
    expect(flat.every((d) => d.recoil === 'nr' && d.energy >= 5 && d.energy < 10)).toBe(true);
    expect(draw('gamma', 3, { energyKeV: 661.7 }).map((d) => d[0])).toEqual(
      Array(3).fill({ delayNs: 0, energy: 661.7, recoil: 'er-gamma' }),
    );
    const ambe = draw('ambe', 5000).map((d) => d[0].energy);
    expect(Math.min(...ambe)).toBeGreaterThanOrEqual(0.5);
    expect(Math.max(...ambe)).toBeLessThanOrEqual(200);
    expect(() => makeSource({ name: 'flat-er', minKeV: 10, maxKeV: 2 })).toThrowError(
      "source 'flat-er': need 0 <= min < max keV, got 10..2",
    );
  });

  it('places events uniformly in the cylinder', () => {
    const rng = Random.stream(1, 1);
    const pts = Array.from({ length: 20000 }, () => samplePosition(rng, { rMaxCm: 10, zMinCm: -30, zMaxCm: -10 }));
    const inner = pts.filter(([x, y]) => Math.hypot(x, y) < 10 / Math.SQRT2).length / pts.length;
    expect(inner).toBeGreaterThan(0.48);
    expect(inner).toBeLessThan(0.52);
    expect(pts.every(([x, y, z]) => Math.hypot(x, y) <= 10 && z >= -30 && z <= -10)).toBe(true);
  });
});
