import type { Matching, RecoPeaks, TruthPeaks } from './matching.js';
import { binOf, medianAndWidth, wilsonInterval } from './stats.js';

/** Peak types as the simulator and the classifier number them. */
export const S1 = 1;
export const S2 = 2;

export interface EfficiencyBin {
  /** Truth size range [lo, hi) in photoelectrons. */
  lo: number;
  hi: number;
  truth: number;
  found: number;
  efficiency: number;
  /** Wilson 68 % interval. */
  lower: number;
  upper: number;
}

/** Fraction of truth peaks of `type` found (matched to a reconstructed peak of the same type) per n_pe bin. */
export function efficiencyBySize(
  truth: TruthPeaks,
  reco: RecoPeaks,
  m: Matching,
  type: number,
  edges: readonly number[],
): EfficiencyBin[] {
  const total = new Array<number>(edges.length - 1).fill(0);
  const found = new Array<number>(edges.length - 1).fill(0);
  for (let i = 0; i < m.recoOf.length; i++) {
    if (truth.type[i] !== type) continue;
    const b = binOf(edges, truth.n_pe[i]);
    if (b < 0) continue;
    total[b]++;
    if (m.recoOf[i] >= 0 && reco.type[m.recoOf[i]] === type) found[b]++;
  }
  return total.flatMap((n, b) => (n === 0 ? [] : [efficiencyBin(edges[b], edges[b + 1], found[b], n)]));
}

function efficiencyBin(lo: number, hi: number, found: number, truth: number): EfficiencyBin {
  return { lo, hi, truth, found, efficiency: truth > 0 ? found / truth : Number.NaN, ...wilsonInterval(found, truth) };
}

export interface AreaBin {
  lo: number;
  hi: number;
  peaks: number;
  /** Median of reconstructed area / true area, minus one. */
  bias: number;
  /** Half the central 68 % range of reconstructed / true area. */
  resolution: number;
}

/**
 * Reconstructed over true area of the reconstructed peaks of `type` whose dominant truth peak has the
 * same type, binned in the summed true photoelectrons (the true area is summed over all truth peaks
 * matched to the reconstructed peak).
 */
export function areaBySize(
  truth: TruthPeaks,
  reco: RecoPeaks,
  m: Matching,
  type: number,
  edges: readonly number[],
): AreaBin[] {
  const ratios: number[][] = Array.from({ length: edges.length - 1 }, () => []);
  for (let j = 0; j < m.dominant.length; j++) {
    if (reco.type[j] !== type || m.dominant[j] < 0 || truth.type[m.dominant[j]] !== type) continue;
    const b = binOf(edges, m.truthPe[j]);
    if (b >= 0 && m.truthArea[j] > 0) ratios[b].push(reco.area[j] / m.truthArea[j]);
  }
  return ratios.flatMap((r, b) => {
    if (r.length === 0) return [];
    const { median, width68 } = medianAndWidth(r);
    return [{ lo: edges[b], hi: edges[b + 1], peaks: r.length, bias: median - 1, resolution: width68 }];
  });
}

export interface PositionBin {
  lo: number;
  hi: number;
  /** Matched S2s with a reconstructed position. */
  peaks: number;
  /** Matched S2s without one (NaN x/y: below the reconstruction threshold). */
  unreconstructed: number;
  /** 68 % quantile of the distance between reconstructed and true (x, y). */
  r68: number;
}

/** Radial position error of matched S2s (against their dominant truth S2) per summed true n_pe bin. */
export function positionBySize(
  truth: TruthPeaks,
  reco: RecoPeaks,
  m: Matching,
  edges: readonly number[],
): PositionBin[] {
  const { x, y } = reco;
  if (!x || !y) return [];
  const radii: number[][] = Array.from({ length: edges.length - 1 }, () => []);
  const missing = new Array<number>(edges.length - 1).fill(0);
  for (let j = 0; j < m.dominant.length; j++) {
    const t = m.dominant[j];
    if (reco.type[j] !== S2 || t < 0 || truth.type[t] !== S2) continue;
    const b = binOf(edges, m.truthPe[j]);
    if (b < 0) continue;
    if (Number.isFinite(x[j]) && Number.isFinite(y[j])) radii[b].push(Math.hypot(x[j] - truth.x[t], y[j] - truth.y[t]));
    else missing[b]++;
  }
  return radii.flatMap((r, b) => {
    if (r.length + missing[b] === 0) return [];
    const sorted = Float64Array.from(r).sort();
    const r68 = sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil(0.68 * sorted.length) - 1)] : Number.NaN;
    return [{ lo: edges[b], hi: edges[b + 1], peaks: r.length, unreconstructed: missing[b], r68 }];
  });
}

/** How truth peaks of each type were reconstructed: missed, or as which reconstructed type. */
export interface ClassificationRow {
  truthType: number;
  missed: number;
  asUnknown: number;
  asS1: number;
  asS2: number;
}

export function classification(truth: TruthPeaks, reco: RecoPeaks, m: Matching): ClassificationRow[] {
  return [S1, S2].map((type) => {
    const row: ClassificationRow = { truthType: type, missed: 0, asUnknown: 0, asS1: 0, asS2: 0 };
    for (let i = 0; i < m.recoOf.length; i++) {
      if (truth.type[i] !== type) continue;
      const j = m.recoOf[i];
      if (j < 0) row.missed++;
      else if (reco.type[j] === S1) row.asS1++;
      else if (reco.type[j] === S2) row.asS2++;
      else row.asUnknown++;
    }
    return row;
  });
}

/** Reconstructed peaks no truth peak matched, by reconstructed type (0 unknown, 1 S1, 2 S2). */
export function unmatchedReco(reco: RecoPeaks, m: Matching): { unknown: number; s1: number; s2: number } {
  const out = { unknown: 0, s1: 0, s2: 0 };
  for (let j = 0; j < m.dominant.length; j++) {
    if (m.dominant[j] >= 0) continue;
    if (reco.type[j] === S1) out.s1++;
    else if (reco.type[j] === S2) out.s2++;
    else out.unknown++;
  }
  return out;
}
