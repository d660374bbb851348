import { UserError } from '@dance/schema';
import { binnedPoissonNLL, extendedUnbinnedNLL } from './costs.js';
import { hesse, minimize } from './minimize.js';
import { type DataSummary, parseModel } from './models.js';
import { profileInterval } from './profile.js';

export interface FitSpec {
  /** e.g. 'gauss+flat' (see SHAPES). */
  model: string;
  lo: number;
  hi: number;
  /** Ranges left out of data and model (sideband fits around a blinded region); yields stay full-range. */
  exclude?: [number, number][];
}

export interface FittedParameter {
  name: string;
  value: number;
  /** HESSE (parabolic) error. */
  error: number;
  /** Profile-likelihood interval (MINOS-style); undefined on a side that reaches a limit. */
  lower?: number;
  upper?: number;
}

export interface FitResult {
  method: 'extended-unbinned' | 'extended-binned';
  model: string;
  range: [number, number];
  excluded: [number, number][];
  events: number;
  parameters: FittedParameter[];
  covariance: number[][];
  /** Cost at the minimum (NLL; for binned fits half the deviance). */
  fval: number;
  edm: number;
  calls: number;
  valid: boolean;
}

/** Extended unbinned maximum-likelihood fit of `values` (those outside [lo, hi) are ignored). */
export function fitUnbinned(spec: FitSpec, values: Float64Array): FitResult {
  const excluded = exclusions(spec);
  const inside = values.filter((x) => x >= spec.lo && x < spec.hi && !excluded.some(([a, b]) => x >= a && x < b));
  const model = parseModel(spec.model, spec.lo, spec.hi, summarise(inside, spec));
  return run('extended-unbinned', spec, inside.length, model.parameters, extendedUnbinnedNLL(model, inside, excluded));
}

/** Extended binned Poisson likelihood fit of bin `counts` with `edges` (counts.length + 1 of them). */
export function fitBinned(spec: FitSpec, edges: Float64Array, counts: Float64Array): FitResult {
  if (edges.length !== counts.length + 1) throw new UserError('binned fit: need one more edge than bins');
  const excluded = exclusions(spec);
  let count = 0;
  let sx = 0;
  let sxx = 0;
  counts.forEach((n, i) => {
    if (excluded.some(([a, b]) => edges[i] < b && edges[i + 1] > a)) return;
    const x = (edges[i] + edges[i + 1]) / 2;
    count += n;
    sx += n * x;
    sxx += n * x * x;
  });
  const mean = count > 0 ? sx / count : (spec.lo + spec.hi) / 2;
  const std = count > 0 ? Math.sqrt(Math.max(sxx / count - mean * mean, 0)) : (spec.hi - spec.lo) / 4;
  const model = parseModel(spec.model, spec.lo, spec.hi, { count, mean, std });
  return run('extended-binned', spec, count, model.parameters, binnedPoissonNLL(model, edges, counts, excluded));
}

function run(
  method: FitResult['method'],
  spec: FitSpec,
  events: number,
  parameters: ReturnType<typeof parseModel>['parameters'],
  cost: (p: number[]) => number,
): FitResult {
  if (events === 0) throw new UserError(`fit of '${spec.model}' on [${spec.lo}, ${spec.hi}): no events in range`);
  const best = minimize(cost, parameters);
  // Polish from the minimum once more: the first run's metric is built far from it.
  const polished = minimize(
    cost,
    parameters.map((p, i) => ({ ...p, start: best.values[i] })),
  );
  const errors = hesse(cost, parameters, polished.values);
  const result: FitResult = {
    method,
    model: spec.model,
    range: [spec.lo, spec.hi],
    excluded: spec.exclude ?? [],
    events,
    parameters: parameters.map((p, i) => ({
      name: p.name,
      value: polished.values[i],
      error: errors?.errors[i] ?? NaN,
    })),
    covariance: errors?.covariance ?? [],
    fval: polished.fval,
    edm: polished.edm,
    calls: best.calls + polished.calls,
    valid: polished.converged && errors !== undefined,
  };
  if (errors) {
    result.parameters.forEach((fp, i) => {
      Object.assign(fp, profileInterval(cost, parameters, polished, i, errors.errors[i]));
    });
  }
  return result;
}

/** The excluded ranges clipped to the fit range; each must be a proper interval. */
function exclusions(spec: FitSpec): [number, number][] {
  const clipped = (spec.exclude ?? []).map(([a, b]): [number, number] => {
    if (!(a < b)) throw new UserError(`fit exclusion [${a}, ${b}): expected lo < hi`);
    return [Math.max(a, spec.lo), Math.min(b, spec.hi)];
  });
  return clipped.filter(([a, b]) => a < b);
}

function summarise(values: Float64Array, spec: FitSpec): DataSummary {
  if (values.length === 0) return { count: 0, mean: (spec.lo + spec.hi) / 2, std: (spec.hi - spec.lo) / 4 };
  let s = 0;
  for (const x of values) s += x;
  const mean = s / values.length;
  let v = 0;
  for (const x of values) v += (x - mean) ** 2;
  return { count: values.length, mean, std: Math.sqrt(v / values.length) };
}
