import { UserError } from '@dance/schema';
import type { Parameter } from './minimize.js';

/**
 * A one-dimensional shape on [lo, hi): its normalised density and its parameters. Models are sums of
 * components, each with a yield, so every fit is extended (yields are numbers of events).
 */
export interface Shape {
  name: string;
  parameters: (lo: number, hi: number, guess: DataSummary) => Parameter[];
  /** Density normalised to 1 on [lo, hi). */
  density(x: number, p: readonly number[], lo: number, hi: number): number;
  /** Integral of the normalised density from lo to x (for binned fits). */
  cdf(x: number, p: readonly number[], lo: number, hi: number): number;
}

export interface DataSummary {
  count: number;
  mean: number;
  std: number;
}

const SQRT2 = Math.SQRT2;

const gauss: Shape = {
  name: 'gauss',
  parameters: (lo, hi, d) => [
    { name: 'mu', start: d.mean, lo, hi },
    { name: 'sigma', start: Math.max(d.std / 2, (hi - lo) / 1e4), lo: (hi - lo) * 1e-6, hi: hi - lo },
  ],
  density(x, [mu, sigma], lo, hi) {
    const z = Phi((hi - mu) / sigma) - Phi((lo - mu) / sigma);
    return Math.exp(-0.5 * ((x - mu) / sigma) ** 2) / (sigma * Math.sqrt(2 * Math.PI) * z);
  },
  cdf(x, [mu, sigma], lo, hi) {
    return (Phi((x - mu) / sigma) - Phi((lo - mu) / sigma)) / (Phi((hi - mu) / sigma) - Phi((lo - mu) / sigma));
  },
};

const flat: Shape = {
  name: 'flat',
  parameters: () => [],
  density: (_x, _p, lo, hi) => 1 / (hi - lo),
  cdf: (x, _p, lo, hi) => (x - lo) / (hi - lo),
};

const expo: Shape = {
  name: 'expo',
  parameters: (lo, hi) => [{ name: 'slope', start: -1 / (hi - lo), lo: -1e3 / (hi - lo), hi: 1e3 / (hi - lo) }],
  density(x, [k], lo, hi) {
    if (Math.abs(k * (hi - lo)) < 1e-9) return 1 / (hi - lo);
    return (k * Math.exp(k * (x - lo))) / Math.expm1(k * (hi - lo));
  },
  cdf(x, [k], lo, hi) {
    if (Math.abs(k * (hi - lo)) < 1e-9) return (x - lo) / (hi - lo);
    return Math.expm1(k * (x - lo)) / Math.expm1(k * (hi - lo));
  },
};

export const SHAPES = new Map([gauss, flat, expo].map((s) => [s.name, s]));

/** A sum of shapes, each with its own yield `n_<shape>`: the model of an extended fit. */
export interface Model {
  components: Shape[];
  parameters: Parameter[];
  /** Expected events per unit x. */
  intensity(x: number, p: readonly number[]): number;
  /** Expected events in [a, b). */
  expected(a: number, b: number, p: readonly number[]): number;
  total(p: readonly number[]): number;
}

/** Builds a model from 'gauss+flat'-style text; parameter names get the component name when repeated. */
export function parseModel(text: string, lo: number, hi: number, data: DataSummary): Model {
  const names = text.split('+').map((s) => s.trim());
  const components = names.map((n) => {
    const shape = SHAPES.get(n);
    if (!shape) throw new UserError(`model '${text}': unknown shape '${n}' (known: ${[...SHAPES.keys()].join(', ')})`);
    return shape;
  });
  const parameters: Parameter[] = [];
  const slots = components.map((c, i) => {
    const yieldIndex = parameters.length;
    const suffix = names.indexOf(c.name) === i && names.lastIndexOf(c.name) === i ? c.name : `${c.name}${i}`;
    parameters.push({ name: `n_${suffix}`, start: Math.max(1, data.count / components.length), lo: 0 });
    const own = c.parameters(lo, hi, data).map((p) => ({ ...p, name: suffix === c.name ? p.name : `${p.name}${i}` }));
    parameters.push(...own);
    return { yieldIndex, first: yieldIndex + 1, count: own.length };
  });
  const shapeParams = (p: readonly number[], i: number) => p.slice(slots[i].first, slots[i].first + slots[i].count);
  return {
    components,
    parameters,
    intensity: (x, p) =>
      components.reduce((s, c, i) => s + p[slots[i].yieldIndex] * c.density(x, shapeParams(p, i), lo, hi), 0),
    expected: (a, b, p) =>
      components.reduce(
        (s, c, i) =>
          s + p[slots[i].yieldIndex] * (c.cdf(b, shapeParams(p, i), lo, hi) - c.cdf(a, shapeParams(p, i), lo, hi)),
        0,
      ),
    total: (p) => slots.reduce((s, slot) => s + p[slot.yieldIndex], 0),
  };
}

/** Standard normal CDF via erfc: the 1e-7 accuracy of the common Abramowitz-Stegun form is too coarse for tails. */
function Phi(z: number): number {
  return 0.5 * erfc(-z / SQRT2);
}

/** Complementary error function by a Chebyshev expansion in t = 2/(2+|x|) (relative error ~1e-16). */
export function erfc(x: number): number {
  const z = Math.abs(x);
  const t = 2 / (2 + z);
  const ty = 4 * t - 2;
  const cof = [
    -1.3026537197817094, 6.419697923564902e-1, 1.9476473204185836e-2, -9.561514786808631e-3, -9.46595344482036e-4,
    3.66839497852761e-4, 4.2523324806907e-5, -2.0278578112534e-5, -1.624290004647e-6, 1.30365583558e-6, 1.5626441722e-8,
    -8.5238095915e-8, 6.529054439e-9, 5.059343495e-9, -9.91364156e-10, -2.27365122e-10, 9.6467911e-11, 2.394038e-12,
    -6.886027e-12, 8.94487e-13, 3.13092e-13, -1.12708e-13, 3.81e-16, 7.106e-15, -1.523e-15, -9.4e-17, 1.21e-16,
    -2.8e-17,
  ];
  let d = 0;
  let dd = 0;
  for (let j = cof.length - 1; j > 0; j--) {
    const tmp = d;
    d = ty * d - dd + cof[j];
    dd = tmp;
  }
  const r = t * Math.exp(-z * z + 0.5 * (cof[0] + ty * d) - dd);
  return x >= 0 ? r : 2 - r;
}
