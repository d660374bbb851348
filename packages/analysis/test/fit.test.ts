import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { erfc, fitBinned, fitUnbinned, Histogram, minimize, syntheticEventInfo } from '../src/index.js';

/** Runs a Python snippet with Debian's scipy (not the pyenv python on PATH); JSON in, JSON out. */
function scipy(code: string, input: unknown): unknown {
  const out = execFileSync('/usr/bin/python3', ['-c', code], { input: JSON.stringify(input), encoding: 'utf8' });
  return JSON.parse(out);
}

function cs1Values(n: number, seed: number): Float64Array {
  return Float64Array.from(syntheticEventInfo(n, 0n, seed).columns.cs1 as Float32Array);
}

describe('minimiser', () => {
  it('finds the minimum of a bounded quadratic and stops at an active bound', () => {
    const free = minimize(
      ([x, y]) => (x - 1) ** 2 + 10 * (y + 2) ** 2,
      [
        { name: 'x', start: 0 },
        { name: 'y', start: 0, lo: -5, hi: 5 },
      ],
    );
    expect(free.values[0]).toBeCloseTo(1, 5);
    expect(free.values[1]).toBeCloseTo(-2, 5);
    expect(free.converged).toBe(true);
    const bounded = minimize(([x]) => (x - 3) ** 2, [{ name: 'x', start: 0.5, lo: 0, hi: 1 }]);
    expect(bounded.values[0]).toBeCloseTo(1, 3);
  });

  it('minimises the Rosenbrock valley', () => {
    const m = minimize(
      ([a, b]) => (1 - a) ** 2 + 100 * (b - a * a) ** 2,
      [
        { name: 'a', start: -1.2 },
        { name: 'b', start: 1 },
      ],
    );
    expect(m.values[0]).toBeCloseTo(1, 3);
    expect(m.values[1]).toBeCloseTo(1, 3);
  });
});

describe('likelihood fits, analytic cases', () => {
  it('flat model: yield = N, HESSE error √N, profile interval from ν − N log ν', () => {
    const values = Float64Array.from({ length: 400 }, (_, i) => (i + 0.5) / 400);
    const fit = fitUnbinned({ model: 'flat', lo: 0, hi: 1 }, values);
    const [n] = fit.parameters;
    expect(n.value).toBeCloseTo(400, 3);
    expect(n.error).toBeCloseTo(20, 2);
    // Exact interval: ν − 400 log ν = (400 − 400 log 400) + 0.5, solved by bisection.
    const g = (nu: number) => nu - 400 * Math.log(nu) - (400 - 400 * Math.log(400)) - 0.5;
    const root = (a: number, b: number) => {
      for (let k = 0; k < 100; k++) {
        const m = (a + b) / 2;
        if (Math.sign(g(m)) === Math.sign(g(a))) a = m;
        else b = m;
      }
      return a;
    };
    expect(n.lower).toBeCloseTo(root(300, 400), 2);
    expect(n.upper).toBeCloseTo(root(400, 500), 2);
    expect(fit.valid).toBe(true);
  });

  it('gaussian model: μ and σ are the sample mean and standard deviation, error σ/√N', () => {
    const values = Float64Array.from(
      { length: 1000 },
      (_, i) => 5 + 0.5 * Math.sqrt(2) * inverseErf((2 * i + 1) / 1000 - 1),
    );
    const mean = values.reduce((a, b) => a + b) / values.length;
    const std = Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / values.length);
    const fit = fitUnbinned({ model: 'gauss', lo: -5, hi: 15 }, values);
    const byName = Object.fromEntries(fit.parameters.map((p) => [p.name, p]));
    expect(byName.mu.value).toBeCloseTo(mean, 5);
    expect(byName.sigma.value).toBeCloseTo(std, 5);
    expect(byName.mu.error).toBeCloseTo(std / Math.sqrt(1000), 5);
    expect(byName.sigma.error).toBeCloseTo(std / Math.sqrt(2000), 4);
  });

  it('sideband fit: an excluded range leaves data and model, yields stay full-range', () => {
    // 320 events uniform on [0, 0.4) ∪ [0.6, 1): the flat yield over [0, 1) is 320 / 0.8 = 400.
    const values = Float64Array.from({ length: 400 }, (_, i) => (i + 0.5) / 400).filter((x) => x < 0.4 || x >= 0.6);
    const withHole = Float64Array.from([...values, 0.45, 0.5]); // events inside the hole are ignored
    const fit = fitUnbinned({ model: 'flat', lo: 0, hi: 1, exclude: [[0.4, 0.6]] }, withHole);
    expect(fit.events).toBe(320);
    expect(fit.parameters[0].value).toBeCloseTo(400, 3);
    expect(fit.parameters[0].error).toBeCloseTo(Math.sqrt(320) / 0.8, 2);
    const edges = Float64Array.from({ length: 11 }, (_, i) => i / 10);
    const counts = Float64Array.from({ length: 10 }, (_, i) => (i === 4 || i === 5 ? 999 : 40));
    const binned = fitBinned({ model: 'flat', lo: 0, hi: 1, exclude: [[0.4, 0.6]] }, edges, counts);
    expect(binned.parameters[0].value).toBeCloseTo(400, 3);
    expect(() => fitUnbinned({ model: 'flat', lo: 0, hi: 1, exclude: [[0.6, 0.4]] }, values)).toThrow(
      'fit exclusion [0.6, 0.4): expected lo < hi',
    );
  });

  it('refuses unknown shapes and empty ranges', () => {
    expect(() => fitUnbinned({ model: 'gauss+landau', lo: 0, hi: 1 }, new Float64Array([0.5]))).toThrow(
      "model 'gauss+landau': unknown shape 'landau' (known: gauss, flat, expo)",
    );
    expect(() => fitUnbinned({ model: 'flat', lo: 10, hi: 11 }, new Float64Array([0.5]))).toThrow(
      "fit of 'flat' on [10, 11): no events in range",
    );
  });
});

describe('likelihood fits against scipy on the same data', () => {
  it('erfc agrees with scipy.special.erfc to 1e-14 relative', () => {
    const xs = [-3, -1.5, -0.2, 0, 0.3, 1, 2.5, 5, 8];
    const ref = scipy(
      'import sys,json; from scipy.special import erfc; print(json.dumps([erfc(x) for x in json.load(sys.stdin)]))',
      xs,
    ) as number[];
    xs.forEach((x, i) => {
      expect(Math.abs(erfc(x) - ref[i]) / ref[i]).toBeLessThan(1e-14);
    });
  });

  it('extended unbinned gauss+flat: same minimum and parameters as scipy L-BFGS-B', () => {
    const values = cs1Values(4000, 7).filter((x) => x >= 0 && x < 100);
    const fit = fitUnbinned({ model: 'gauss+flat', lo: 0, hi: 100 }, values);
    const ref = scipy(
      `
import sys, json, numpy as np
from scipy.optimize import minimize
from scipy.stats import norm
d = json.load(sys.stdin); x = np.array(d['x']); lo, hi = 0.0, 100.0
def nll(p):
    ng, mu, s, nf = p
    z = norm.cdf(hi, mu, s) - norm.cdf(lo, mu, s)
    lam = ng * norm.pdf(x, mu, s) / z + nf / (hi - lo)
    return ng + nf - np.sum(np.log(lam))
r = minimize(nll, d['start'], method='L-BFGS-B', bounds=[(0, None), (lo, hi), (1e-4, hi - lo), (0, None)], options={'ftol': 1e-15, 'gtol': 1e-10})
print(json.dumps({'p': r.x.tolist(), 'f': float(r.fun)}))
`,
      { x: [...values], start: [1000, 45, 8, 2000] },
    ) as { p: number[]; f: number };
    const p = Object.fromEntries(fit.parameters.map((q) => [q.name, q.value]));
    expect(fit.fval).toBeLessThanOrEqual(ref.f + 1e-6);
    // Same point within 1 % of the statistical error (scipy stops a little earlier: our fval ≤ its).
    fit.parameters.forEach((q, i) => {
      expect(Math.abs(q.value - ref.p[i])).toBeLessThan(0.01 * q.error);
    });
    expect(Math.abs(p.n_gauss + p.n_flat - values.length)).toBeLessThan(0.05); // extended: total yield = N
    expect(Math.abs(p.mu - 50)).toBeLessThan(4 * fit.parameters[1].error);
  });

  it('extended binned gauss+flat: same minimum as scipy on the same histogram', () => {
    const axis = { label: 'cs1', bins: 50, lo: 0, hi: 100 };
    const h = new Histogram([axis]).fill([cs1Values(4000, 11)]);
    const counts = h.sumw.slice(1, 51);
    const edges = Float64Array.from({ length: 51 }, (_, i) => i * 2);
    const fit = fitBinned({ model: 'gauss+flat', lo: 0, hi: 100 }, edges, counts);
    const ref = scipy(
      `
import sys, json, numpy as np
from scipy.optimize import minimize
from scipy.stats import norm
d = json.load(sys.stdin); n = np.array(d['n']); e = np.array(d['e']); lo, hi = 0.0, 100.0
def cost(p):
    ng, mu, s, nf = p
    z = norm.cdf(hi, mu, s) - norm.cdf(lo, mu, s)
    nu = ng * (norm.cdf(e[1:], mu, s) - norm.cdf(e[:-1], mu, s)) / z + nf * np.diff(e) / (hi - lo)
    return np.sum(nu - n + np.where(n > 0, n * np.log(np.where(n > 0, n, 1) / nu), 0))
r = minimize(cost, d['start'], method='L-BFGS-B', bounds=[(0, None), (lo, hi), (1e-4, hi - lo), (0, None)], options={'ftol': 1e-15, 'gtol': 1e-10})
print(json.dumps({'p': r.x.tolist(), 'f': float(r.fun)}))
`,
      { n: [...counts], e: [...edges], start: [1000, 45, 8, 2000] },
    ) as { p: number[]; f: number };
    expect(fit.fval).toBeLessThanOrEqual(ref.f + 1e-6);
    fit.parameters.forEach((q, i) => {
      expect(Math.abs(q.value - ref.p[i])).toBeLessThan(1e-3 * Math.max(1, Math.abs(ref.p[i])));
    });
    // Profile intervals bracket the value and are close to ±HESSE for this well-behaved case.
    for (const q of fit.parameters) {
      expect(q.lower).toBeLessThan(q.value);
      expect(q.upper).toBeGreaterThan(q.value);
      expect((q.upper! - q.lower!) / (2 * q.error)).toBeGreaterThan(0.9);
      expect((q.upper! - q.lower!) / (2 * q.error)).toBeLessThan(1.1);
    }
  });
});

/** Inverse error function by Newton iteration on erf = 1 − erfc (test helper for quantiles). */
function inverseErf(y: number): number {
  let x = 0;
  for (let k = 0; k < 60; k++) x -= (1 - erfc(x) - y) / ((2 / Math.sqrt(Math.PI)) * Math.exp(-x * x));
  return x;
}
