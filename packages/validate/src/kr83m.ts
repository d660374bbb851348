import { type FitResult, fitUnbinned } from '@dance/analysis';
import { medianAndWidth } from './stats.js';

/**
 * The Kr-83m lines. The 32.1 keV transition is followed by the 9.4 keV one after a 154.4 ns half-life:
 * their S2s always merge (µs wide), their S1s usually do, so most events measure the summed 41.5 keV.
 */
export const KR83M = { merged: 41.5, first: 32.1, second: 9.4 } as const;

/** An alternative S1 this close to the main one is taken as the other Kr-83m S1 (6.5 half-lives: 99 %). */
export const SPLIT_WINDOW_NS = 1000;

/** Fewer events than this in a line: no fit, said so. */
export const MIN_LINE_EVENTS = 20;

/** The event_info columns read (absent alt S1: time −1, cs1 NaN). */
export interface KrEvents {
  s1_center_time: BigInt64Array;
  alt_s1_center_time: BigInt64Array;
  cs1: ArrayLike<number>;
  alt_cs1: ArrayLike<number>;
  e_ces: ArrayLike<number>;
}

export interface LineFit {
  line: string;
  unit: 'keV' | 'PE';
  events: number;
  /** Fitted Gaussian mean and width, with HESSE errors. */
  mean: number;
  meanError: number;
  sigma: number;
  /** σ / mean. */
  resolution: number;
  valid: boolean;
  /** Fitted range. */
  range: [number, number];
  /** 'gauss+flat', or 'gauss' when the flat part vanished. */
  model: string;
  fit: FitResult;
}

export interface KrSpectrum {
  events: number;
  /** Events with one S1 (the two merged): e_ces, keV. */
  mergedEnergies: Float64Array;
  /** Split events: cS1 of the earlier (32.1 keV) and the later (9.4 keV) S1, PE. */
  firstCs1: Float64Array;
  secondCs1: Float64Array;
  merged?: LineFit;
  first?: LineFit;
  second?: LineFit;
  /** Why a line was not fitted. */
  notes: string[];
}

/**
 * The merged 41.5 keV line is fitted in e_ces (Gaussian + flat over ±50 %, Gaussian alone when there
 * is no background to fit). Where the two S1s are
 * resolved the single S2 still holds both lines' charge, which cannot be divided between them, so the
 * 32.1 and 9.4 keV lines are fitted in cS1 alone (PE): their means and resolutions, not energies.
 */
export function krSpectrum(ev: KrEvents): KrSpectrum {
  const merged: number[] = [];
  const first: number[] = [];
  const second: number[] = [];
  for (let i = 0; i < ev.e_ces.length; i++) {
    const main = ev.s1_center_time[i];
    const alt = ev.alt_s1_center_time[i];
    const gap = alt >= 0n && main >= 0n ? Number(alt - main) : Number.POSITIVE_INFINITY;
    if (Math.abs(gap) < SPLIT_WINDOW_NS && Number.isFinite(ev.cs1[i]) && Number.isFinite(ev.alt_cs1[i])) {
      first.push(gap > 0 ? ev.cs1[i] : ev.alt_cs1[i]);
      second.push(gap > 0 ? ev.alt_cs1[i] : ev.cs1[i]);
    } else if (Number.isFinite(ev.e_ces[i])) merged.push(ev.e_ces[i]);
  }
  const notes: string[] = [];
  const fitLine = (line: string, unit: LineFit['unit'], values: number[], range: [number, number]) => {
    const inRange = values.filter((v) => v >= range[0] && v < range[1]);
    if (inRange.length < MIN_LINE_EVENTS) {
      notes.push(
        `${line}: ${inRange.length} events in [${fmt(range[0])}, ${fmt(range[1])}) ${unit}, fewer than ${MIN_LINE_EVENTS}: not fitted`,
      );
      return undefined;
    }
    return lineFit(line, unit, Float64Array.from(inRange), range);
  };
  const mergedFit = fitLine('41.5 keV (merged S1)', 'keV', merged, [KR83M.merged * 0.5, KR83M.merged * 1.5]);
  // The split lines' cS1 scale is not known in advance: fit around each line's median (±3 robust σ, at least ±30 %).
  const around = (v: number[]): [number, number] => {
    if (v.length === 0) return [0, 1];
    const { median, width68 } = medianAndWidth(v);
    const half = Math.max(3 * width68, 0.3 * median);
    return [Math.max(0, median - half), median + half];
  };
  return {
    events: ev.e_ces.length,
    mergedEnergies: Float64Array.from(merged),
    firstCs1: Float64Array.from(first),
    secondCs1: Float64Array.from(second),
    merged: mergedFit,
    first: fitLine('32.1 keV (first S1 of split events)', 'PE', first, around(first)),
    second: fitLine('9.4 keV (second S1 of split events)', 'PE', second, around(second)),
    notes,
  };
}

function lineFit(line: string, unit: LineFit['unit'], values: Float64Array, range: [number, number]): LineFit {
  const spec = { lo: range[0], hi: range[1] };
  // Without background in the window the flat yield sits at its limit 0 and HESSE fails: fit the line alone.
  const withFlat = fitUnbinned({ model: 'gauss+flat', ...spec }, values);
  const fit = withFlat.valid ? withFlat : fitUnbinned({ model: 'gauss', ...spec }, values);
  const p = (name: string) => fit.parameters.find((q) => q.name === name)!;
  const mean = p('mu').value;
  const sigma = p('sigma').value;
  return {
    line,
    unit,
    events: values.length,
    mean,
    meanError: p('mu').error,
    sigma,
    resolution: sigma / mean,
    valid: fit.valid,
    range,
    model: fit.model,
    fit,
  };
}

function fmt(v: number): string {
  return Number(v.toPrecision(4)).toString();
}
