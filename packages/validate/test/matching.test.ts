import { describe, expect, it } from 'vitest';
import { areaBySize, classification, efficiencyBySize, positionBySize, unmatchedReco } from '../src/figures.js';
import { matchPeaks, type RecoPeaks, type TruthPeaks } from '../src/matching.js';
import { logEdges, medianAndWidth, quantile, wilsonInterval } from '../src/stats.js';

const T0 = 1_700_000_000_000_000_000n;
const ns = (xs: number[]) => BigInt64Array.from(xs, (x) => T0 + BigInt(x));

/** Truth rows: [time, endtime, center, type, n_pe, area, x, y]. */
function truthOf(rows: number[][]): TruthPeaks {
  const col = (k: number) => rows.map((r) => r[k]);
  return {
    time: ns(col(0)),
    endtime: ns(col(1)),
    center_time: ns(col(2)),
    type: col(3),
    n_pe: col(4),
    area: col(5),
    x: col(6),
    y: col(7),
  };
}

/** Reco rows: [time, endtime, type, area, x, y]. */
function recoOf(rows: number[][]): RecoPeaks {
  const col = (k: number) => rows.map((r) => r[k]);
  return { time: ns(col(0)), endtime: ns(col(1)), type: col(2), area: col(3), x: col(4), y: col(5) };
}

describe('matchPeaks', () => {
  // Two S1s 150 ns apart merged into one reco S1; an S2 found; an S2 classified as S1; a missed S1;
  // a truth S1 whose center falls in a gap but overlaps two reco peaks (the larger overlap wins).
  const truth = truthOf([
    [1000, 1100, 1040, 1, 30, 31, 0, 0],
    [1150, 1200, 1170, 1, 10, 9, 0, 0],
    [5000, 7000, 6000, 2, 2000, 2100, 10, 5],
    [20000, 20400, 20200, 2, 40, 36, 3, 4],
    [30000, 30050, 30020, 1, 3, 3, 0, 0],
    [40000, 40100, 40050, 1, 20, 20, 0, 0],
  ]);
  const reco = recoOf([
    [990, 1250, 1, 44, Number.NaN, Number.NaN],
    [4900, 7100, 2, 1890, 11, 5],
    [20010, 20390, 1, 40, Number.NaN, Number.NaN],
    [39900, 40040, 1, 5, Number.NaN, Number.NaN],
    [40060, 40200, 0, 12, Number.NaN, Number.NaN],
    [50000, 50100, 2, 25, 0, 0],
  ]);
  const m = matchPeaks(truth, reco);

  it('matches by center time, then by largest overlap, and sums truth sharing a reco peak', () => {
    expect([...m.recoOf]).toEqual([0, 0, 1, 2, -1, 4]);
    expect([...m.dominant]).toEqual([0, 2, 3, -1, 5, -1]);
    expect([...m.truthArea]).toEqual([40, 2100, 36, 0, 20, 0]);
    expect([...m.truthPe]).toEqual([40, 2000, 40, 0, 20, 0]);
  });

  it('counts efficiencies, misclassification and unmatched reconstructed peaks', () => {
    const edges = [1, 10, 100, 1000, 10000];
    const s1 = efficiencyBySize(truth, reco, m, 1, edges);
    expect(s1.map((b) => [b.lo, b.truth, b.found])).toEqual([
      [1, 1, 0],
      [10, 3, 2],
    ]);
    expect(s1[1].efficiency).toBeCloseTo(2 / 3, 15);
    const s2 = efficiencyBySize(truth, reco, m, 2, edges);
    expect(s2.map((b) => [b.lo, b.truth, b.found, b.efficiency])).toEqual([
      [10, 1, 0, 0],
      [1000, 1, 1, 1],
    ]);
    expect(classification(truth, reco, m)).toEqual([
      { truthType: 1, missed: 1, asUnknown: 1, asS1: 2, asS2: 0 },
      { truthType: 2, missed: 0, asUnknown: 0, asS1: 1, asS2: 1 },
    ]);
    expect(unmatchedReco(reco, m)).toEqual({ unknown: 0, s1: 1, s2: 1 });
  });

  it('compares areas with the summed truth and positions with the dominant truth S2', () => {
    const s1 = areaBySize(truth, reco, m, 1, [1, 100]);
    expect(s1).toEqual([{ lo: 1, hi: 100, peaks: 1, bias: 44 / 40 - 1, resolution: 0 }]);
    const s2 = areaBySize(truth, reco, m, 2, [1, 1e6]);
    expect(s2).toEqual([{ lo: 1, hi: 1e6, peaks: 1, bias: 1890 / 2100 - 1, resolution: 0 }]);
    expect(positionBySize(truth, reco, m, [100, 10000])).toEqual([
      { lo: 100, hi: 10000, peaks: 1, unreconstructed: 0, r68: 1 },
    ]);
    expect(positionBySize(truth, { ...reco, x: undefined }, m, [100, 10000])).toEqual([]);
  });

  it('handles empty inputs and rejects unsorted reconstructed peaks', () => {
    const none = matchPeaks(truthOf([]), recoOf([]));
    expect(none.recoOf.length).toBe(0);
    const missed = matchPeaks(truth, recoOf([]));
    expect([...missed.recoOf]).toEqual([-1, -1, -1, -1, -1, -1]);
    const unsorted = recoOf([
      [20, 30, 1, 1, 0, 0],
      [10, 15, 1, 1, 0, 0],
    ]);
    expect(() => matchPeaks(truth, unsorted)).toThrow('reconstructed peaks out of time order at row 1');
  });
});

describe('stats', () => {
  it('quantiles, widths and binomial intervals', () => {
    expect(quantile([3, 1, 2, 4], 0.5)).toBe(2.5);
    expect(quantile([], 0.5)).toBeNaN();
    const { median, width68 } = medianAndWidth([1, 2, 3, 4, 5]);
    expect(median).toBe(3);
    expect(width68).toBeCloseTo((4.3653788 - 1.6346212) / 2, 6);
    const full = wilsonInterval(10, 10);
    expect(full.upper).toBe(1);
    expect(full.lower).toBeCloseTo(10 / 11, 12);
    expect(wilsonInterval(0, 0)).toEqual({ lower: 0, upper: 1 });
    expect(logEdges(1, 100, 2)).toEqual([1, 3.16228, 10, 31.6228, 100]);
  });
});
