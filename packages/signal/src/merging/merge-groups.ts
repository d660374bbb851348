import { SignalInputError } from '../errors.js';

export interface S2MergeOptions {
  /**
   * Largest gap in ns allowed between peaklets, by log10 of the merged area, as (log10 area, gap)
   * points interpolated linearly, flat outside (straxen: (1.74, 5020), (4.85, 1890)). The first
   * point's gap is the largest gap ever merged, the last point's area the largest merged area.
   */
  gapThresholds: readonly (readonly [number, number])[];
  /** Merged peaks must be shorter than this, in ns (straxen: 50 µs). */
  maxDuration: number;
}

export const STRAXEN_S2_MERGING: S2MergeOptions = {
  gapThresholds: [
    [1.74, 5020],
    [4.85, 1890],
  ],
  maxDuration: 50_000,
};

/** The peaklets merging looks at: start and end in ns (any common origin), area in PE, type (1 S1, 2 S2). */
export interface MergeCandidates {
  start: ArrayLike<number>;
  end: ArrayLike<number>;
  area: ArrayLike<number>;
  type: ArrayLike<number>;
}

/**
 * Groups of consecutive peaklets to merge into one S2, as straxen's vanilla merged_s2s decides them:
 * gaps between neighbours are taken from the smallest up, stopping at the first gap above the largest
 * threshold; a gap is closed unless the merged area exceeds the largest area, the gap exceeds the
 * area-dependent threshold, or the merged peak would last maxDuration or more. S1s never merge, and a
 * merge never reaches across one (straxen drops S1s first and lets the merged S2 swallow them); a
 * merged group starts with an S2. Returns [from, to) row ranges of at least two peaklets, in time order.
 * Peaklets must be sorted by time and disjoint.
 */
export function s2MergeGroups(p: MergeCandidates, n: number, options: S2MergeOptions = STRAXEN_S2_MERGING) {
  const thresholds = options.gapThresholds;
  if (thresholds.length === 0) throw new SignalInputError('S2 merging needs at least one gap threshold point');
  const maxGap = thresholds[0][1];
  const maxArea = 10 ** thresholds[thresholds.length - 1][0];
  for (let i = 1; i < n; i++) {
    if (p.start[i] < p.end[i - 1])
      throw new SignalInputError(
        `peaklet ${i} starts before peaklet ${i - 1} ends: peaklets must be time-ordered and disjoint`,
      );
  }
  const gaps: number[] = [];
  for (let i = 0; i + 1 < n; i++) if (p.type[i] !== 1 && p.type[i + 1] !== 1) gaps.push(i);
  const gapOf = (i: number) => p.start[i + 1] - p.end[i];
  gaps.sort((a, b) => gapOf(a) - gapOf(b) || a - b);
  // Each peaklet knows the first and last member of its group; groupArea is kept at the first member.
  const first = Int32Array.from({ length: n }, (_, i) => i);
  const last = Int32Array.from({ length: n }, (_, i) => i);
  const groupArea = Float64Array.from({ length: n }, (_, i) => p.area[i]);
  for (const i of gaps) {
    const gap = gapOf(i);
    if (gap > maxGap) break;
    const from = first[i];
    const to = last[i + 1];
    const area = groupArea[from] + groupArea[i + 1];
    if (area > maxArea) continue;
    if (area > 0 && gap > gapThreshold(Math.log10(area), thresholds)) continue;
    if (p.end[to] - p.start[from] >= options.maxDuration) continue;
    if (p.type[from] !== 2) continue;
    for (let k = from; k <= to; k++) {
      first[k] = from;
      last[k] = to;
    }
    groupArea[from] = area;
  }
  const groups: [number, number][] = [];
  for (let i = 0; i < n; i = last[i] + 1) if (last[i] > i) groups.push([i, last[i] + 1]);
  return groups;
}

/** The largest gap in ns merged at this log10 area: linear between threshold points, flat outside. */
export function gapThreshold(logArea: number, points: readonly (readonly [number, number])[]): number {
  if (logArea <= points[0][0]) return points[0][1];
  for (let k = 1; k < points.length; k++) {
    const [a1, g1] = points[k];
    if (logArea < a1) {
      const [a0, g0] = points[k - 1];
      return g0 + ((logArea - a0) * (g1 - g0)) / (a1 - a0);
    }
  }
  return points[points.length - 1][1];
}
