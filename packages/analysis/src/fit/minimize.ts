import { type Bounds, toExternal, toInternal } from './bounds.js';
import { invert } from './linalg.js';

export interface Parameter extends Bounds {
  name: string;
  start: number;
  /** Held at `start` (used by profiling). */
  fixed?: boolean;
}

export interface Minimum {
  values: number[];
  fval: number;
  /** Estimated distance to the minimum, g·H⁻¹·g / 2, in units of the cost. */
  edm: number;
  calls: number;
  converged: boolean;
}

export interface MinimizeOptions {
  /** Stop when edm falls below this (default 1e-9). */
  tolerance?: number;
  maxIterations?: number;
}

/**
 * Variable-metric (BFGS) minimisation of `cost` over bounded parameters, in the spirit of MIGRAD:
 * numerical central-difference gradients in the internal (unbounded) coordinates, backtracking
 * line search, and the inverse-Hessian update skipped when curvature is not positive.
 */
export function minimize(
  cost: (values: number[]) => number,
  parameters: readonly Parameter[],
  options: MinimizeOptions = {},
): Minimum {
  const tolerance = options.tolerance ?? 1e-9;
  const maxIterations = options.maxIterations ?? 500;
  const free = parameters.flatMap((p, i) => (p.fixed ? [] : [i]));
  const n = free.length;
  let calls = 0;
  const external = (u: Float64Array) => {
    const v = parameters.map((p) => p.start);
    free.forEach((pi, k) => {
      v[pi] = toExternal(u[k], parameters[pi]);
    });
    return v;
  };
  const f = (u: Float64Array) => {
    calls++;
    const y = cost(external(u));
    return Number.isFinite(y) ? y : Number.POSITIVE_INFINITY;
  };
  const gradient = (u: Float64Array, fu: number) => {
    const g = new Float64Array(n);
    for (let k = 0; k < n; k++) {
      const h = 1e-6 * Math.max(1, Math.abs(u[k]));
      const keep = u[k];
      u[k] = keep + h;
      const up = f(u);
      u[k] = keep - h;
      const down = f(u);
      u[k] = keep;
      // A one-sided difference when the cost is infinite on one side (edge of the model's domain).
      g[k] = Number.isFinite(up) && Number.isFinite(down) ? (up - down) / (2 * h) : (up - fu) / h;
    }
    return g;
  };

  let u = Float64Array.from(free, (pi) => toInternal(parameters[pi].start, parameters[pi]));
  let fu = f(u);
  let g = gradient(u, fu);
  let hinv = identity(n);
  let edm = Number.POSITIVE_INFINITY;
  let converged = n === 0;
  for (let iter = 0; iter < maxIterations && !converged; iter++) {
    const step = mulVec(hinv, g, n).map((x) => -x);
    let slope = dot(step, g);
    if (!(slope < 0)) {
      // Not a descent direction: restart from steepest descent.
      hinv = identity(n);
      step.set(g.map((x) => -x));
      slope = dot(step, g);
    }
    let alpha = 1;
    let next = u;
    let fnext = fu;
    for (let tries = 0; tries < 40; tries++) {
      next = u.map((x, k) => x + alpha * step[k]);
      fnext = f(next);
      if (fnext <= fu + 1e-4 * alpha * slope) break;
      alpha /= 2;
    }
    if (!(fnext <= fu)) {
      // No decrease along the direction: either at the minimum, or the metric is stale.
      if (hinv.every((x, i) => x === (i % (n + 1) === 0 ? 1 : 0))) break;
      hinv = identity(n);
      continue;
    }
    const gnext = gradient(next, fnext);
    const s = next.map((x, k) => x - u[k]);
    const y = gnext.map((x, k) => x - g[k]);
    const sy = dot(s, y);
    if (sy > 1e-12 * Math.sqrt(dot(s, s) * dot(y, y))) hinv = bfgsUpdate(hinv, s, y, sy, n);
    const previous = fu;
    u = next;
    fu = fnext;
    g = gnext;
    edm = 0.5 * dot(g, mulVec(hinv, g, n));
    converged = edm < tolerance || (previous - fu < 1e-14 * Math.max(1, Math.abs(fu)) && edm < 1e3 * tolerance);
  }
  if (n > 0 && edm === Number.POSITIVE_INFINITY) edm = 0.5 * dot(g, mulVec(hinv, g, n));
  return { values: external(u), fval: fu, edm, calls, converged: converged || edm < tolerance };
}

/** Covariance from the numerical Hessian of `cost` at `values` (external coordinates), HESSE-style. */
export function hesse(
  cost: (values: number[]) => number,
  parameters: readonly Parameter[],
  values: readonly number[],
  errordef = 0.5,
): { covariance: number[][]; errors: number[] } | undefined {
  const free = parameters.flatMap((p, i) => (p.fixed ? [] : [i]));
  const n = free.length;
  const x = [...values];
  const steps = free.map((pi) => stepWithin(parameters[pi], x[pi]));
  const at = (shift: [number, number][]) => {
    const v = [...x];
    for (const [k, d] of shift) v[free[k]] += d;
    return cost(v);
  };
  const f0 = cost(x);
  const h = new Float64Array(n * n);
  for (let a = 0; a < n; a++) {
    const ha = steps[a];
    h[a * n + a] = (at([[a, ha]]) - 2 * f0 + at([[a, -ha]])) / (ha * ha);
    for (let b = 0; b < a; b++) {
      const hb = steps[b];
      const mixed =
        (at([
          [a, ha],
          [b, hb],
        ]) -
          at([
            [a, ha],
            [b, -hb],
          ]) -
          at([
            [a, -ha],
            [b, hb],
          ]) +
          at([
            [a, -ha],
            [b, -hb],
          ])) /
        (4 * ha * hb);
      h[a * n + b] = mixed;
      h[b * n + a] = mixed;
    }
  }
  const inv = invert(h, n);
  if (!inv) return undefined;
  const covariance = parameters.map(() => parameters.map(() => 0));
  free.forEach((pa, a) => {
    free.forEach((pb, b) => {
      covariance[pa][pb] = 2 * errordef * inv[a * n + b];
    });
  });
  const errors = covariance.map((row, i) => Math.sqrt(Math.max(0, row[i])));
  if (errors.some((e, i) => !parameters[i].fixed && !(e > 0))) return undefined;
  return { covariance, errors };
}

/** A finite-difference step that keeps x ± step inside the parameter's limits. */
function stepWithin(p: Parameter, x: number): number {
  let h = 1e-4 * Math.max(Math.abs(x), 1e-2);
  if (p.lo !== undefined) h = Math.min(h, Math.max((x - p.lo) / 2, 1e-12));
  if (p.hi !== undefined) h = Math.min(h, Math.max((p.hi - x) / 2, 1e-12));
  return h;
}

function identity(n: number): Float64Array {
  const m = new Float64Array(n * n);
  for (let i = 0; i < n; i++) m[i * n + i] = 1;
  return m;
}

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

function mulVec(m: Float64Array, v: Float64Array, n: number): Float64Array {
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) out[i] += m[i * n + j] * v[j];
  return out;
}

/** H⁺ = (I − ρsyᵀ) H (I − ρysᵀ) + ρssᵀ, ρ = 1/(yᵀs). */
function bfgsUpdate(h: Float64Array, s: Float64Array, y: Float64Array, sy: number, n: number): Float64Array {
  const rho = 1 / sy;
  const hy = mulVec(h, y, n);
  const yhy = dot(y, hy);
  const out = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      out[i * n + j] = h[i * n + j] - rho * (hy[i] * s[j] + s[i] * hy[j]) + (rho * rho * yhy + rho) * s[i] * s[j];
    }
  }
  return out;
}
