import { describe, expect, it } from 'vitest';
import { excitonRatioER, fanoER, meanYields, Random, sampleQuanta, wValue } from '../src/index.js';

describe('mean yields', () => {
  it('uses W = 13.44 eV and Nex/Ni = 0.18 at 2.90 g/cm3', () => {
    expect(wValue(2.9)).toBeCloseTo(13.44, 2);
    expect(excitonRatioER(1000, 2.9)).toBeCloseTo(0.18, 2);
  });

  it('gives the primer’s effective NR quenching (photons + electrons)·W/E at 1-20 keV', () => {
    const primer: [number, number][] = [
      [1, 0.143],
      [2, 0.157],
      [5, 0.174],
      [10, 0.186],
      [20, 0.2],
    ];
    for (const [e, L] of primer) {
      const y = meanYields('nr', e, 200);
      expect(((y.photons + y.electrons) * wValue(2.9)) / 1000 / e).toBeCloseTo(L, 2);
    }
  });

  it('conserves quanta for electronic recoils: photons + electrons = 1000·E/W', () => {
    for (const recoil of ['er-beta', 'er-gamma'] as const) {
      for (const e of [0.5, 2, 9.4, 32.1, 150]) {
        const y = meanYields(recoil, e, 100, 2.9);
        expect(y.photons + y.electrons).toBeCloseTo((1000 * e) / wValue(2.9), 6);
      }
    }
  });

  it('moves quanta from light to charge as the field grows (ER and NR)', () => {
    for (const recoil of ['er-beta', 'er-gamma', 'nr'] as const) {
      const low = meanYields(recoil, 10, 50);
      const high = meanYields(recoil, 10, 1000);
      expect(high.electrons).toBeGreaterThan(low.electrons);
      expect(high.photons).toBeLessThan(low.photons);
    }
  });

  it('gives more light per keV to higher-energy betas in the tritium range, and no quanta at zero energy', () => {
    const perKeV = [1, 3, 6, 12, 18].map((e) => meanYields('er-beta', e, 180).photons / e);
    for (let i = 1; i < perKeV.length; i++) expect(perKeV[i]).toBeGreaterThan(perKeV[i - 1]);
    expect(meanYields('nr', 0, 200)).toMatchObject({ photons: 0, electrons: 0 });
    expect(meanYields('nr', 0.01, 200).photons).toBeLessThan(0.01);
  });
});

describe('fluctuations', () => {
  const sample = (recoil: 'er-beta' | 'nr', e: number, n: number) => {
    const rng = Random.stream(7, 99);
    const ph = new Float64Array(n);
    const el = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const q = sampleQuanta(rng, recoil, e, 200, 2.9);
      ph[i] = q.photons;
      el[i] = q.electrons;
    }
    return { ph, el };
  };
  const mean = (a: Float64Array) => a.reduce((s, v) => s + v, 0) / a.length;
  const variance = (a: Float64Array) => {
    const m = mean(a);
    return a.reduce((s, v) => s + (v - m) ** 2, 0) / (a.length - 1);
  };

  it('keeps the model means for ER and NR', () => {
    for (const [recoil, e] of [
      ['er-beta', 10],
      ['nr', 20],
    ] as const) {
      const { ph, el } = sample(recoil, e, 20000);
      const m = meanYields(recoil, e, 200, 2.9);
      expect(Math.abs(mean(ph) - m.photons)).toBeLessThan(4 * Math.sqrt(variance(ph) / ph.length) + 0.5);
      expect(Math.abs(mean(el) - m.electrons)).toBeLessThan(4 * Math.sqrt(variance(el) / el.length) + 0.5);
    }
  });

  it('spreads the ER quanta sum with the Fano factor and anticorrelates light and charge', () => {
    const { ph, el } = sample('er-beta', 10, 20000);
    const sum = ph.map((p, i) => p + el[i]);
    const nq = (1000 * 10) / wValue(2.9);
    const fano = fanoER(2.9, nq, 200);
    expect(variance(sum) / (fano * nq)).toBeGreaterThan(0.9);
    expect(variance(sum) / (fano * nq)).toBeLessThan(1.1);
    // recombination fluctuations exceed the sum's spread: light and charge trade quanta
    expect(variance(ph)).toBeGreaterThan(variance(sum));
    const mp = mean(ph);
    const me = mean(el);
    const cov = ph.reduce((s, p, i) => s + (p - mp) * (el[i] - me), 0) / (ph.length - 1);
    expect(cov).toBeLessThan(0);
  });
});

describe('random streams', () => {
  it('are reproducible per key and differ between keys', () => {
    const a = Random.stream(1, 2, 3, 4);
    const b = Random.stream(1, 2, 3, 4);
    const c = Random.stream(1, 2, 3, 5);
    const xa = Array.from({ length: 5 }, () => a.nextU32());
    expect(Array.from({ length: 5 }, () => b.nextU32())).toEqual(xa);
    expect(Array.from({ length: 5 }, () => c.nextU32())).not.toEqual(xa);
    expect(Random.stream(1, 2, 2 ** 33 + 3).nextU32()).not.toBe(Random.stream(1, 2, 3).nextU32());
  });

  it('draw Poisson and binomial counts with the right mean and variance', () => {
    const rng = Random.stream(3, 1);
    for (const [mean, draw] of [
      [5, () => rng.poisson(5)],
      [120, () => rng.poisson(120)],
      [0.3 * 40, () => rng.binomial(40, 0.3)],
      [0.8 * 2000, () => rng.binomial(2000, 0.8)],
    ] as [number, () => number][]) {
      const xs = Array.from({ length: 40000 }, draw);
      const m = xs.reduce((s, v) => s + v, 0) / xs.length;
      expect(Math.abs(m - mean)).toBeLessThan(4 * Math.sqrt(mean / xs.length));
    }
  });
});
