import { describe, expect, it } from 'vitest';
import { gapThreshold, mergePeaklets, STRAXEN_S2_MERGING, s2MergeGroups } from '../src/index.js';
import { at, type PeakletSketch, peakletRows } from './peaklet-rows.js';

const S1 = 1;
const S2 = 2;
const merge = (sketches: PeakletSketch[], types: number[]) =>
  mergePeaklets(peakletRows(sketches), Int8Array.from(types), { nTopChannels: 1 });

describe('s2MergeGroups (straxen vanilla merged_s2s)', () => {
  it('interpolates the gap threshold in log10 area, flat outside the points', () => {
    const points = STRAXEN_S2_MERGING.gapThresholds;
    expect(gapThreshold(1, points)).toBe(5020);
    expect(gapThreshold(1.74, points)).toBe(5020);
    expect(gapThreshold(4.85, points)).toBe(1890);
    expect(gapThreshold(6, points)).toBe(1890);
    expect(gapThreshold((1.74 + 4.85) / 2, points)).toBeCloseTo((5020 + 1890) / 2, 9);
  });

  it('closes the smallest gaps first, within the area-dependent threshold', () => {
    // areas 100 each: merged log10 area 2.3–2.5 allows ~4.3–4.5 µs gaps
    const p = { start: [0, 2000, 4100, 12_000], end: [1000, 3000, 5000, 13_000], area: [100, 100, 100, 100] };
    expect(s2MergeGroups({ ...p, type: [S2, S2, S2, S2] }, 4)).toEqual([[0, 3]]);
    // a 4.3 µs gap merges two 100 PE peaklets (limit 4.46 µs) but not a group of 3 (limit 4.26 µs)
    const q = { start: [0, 1100, 6400], end: [1000, 2100, 7400], area: [100, 100, 100], type: [S2, S2, S2] };
    expect(s2MergeGroups(q, 3)).toEqual([[0, 2]]);
  });

  it('never merges S1s or across them, and starts every merged group with an S2', () => {
    const p = { start: [0, 1100, 2200, 3300], end: [1000, 2000, 3000, 4000], area: [100, 100, 100, 100] };
    expect(s2MergeGroups({ ...p, type: [S2, S1, S2, S2] }, 4)).toEqual([[2, 4]]);
    expect(s2MergeGroups({ ...p, type: [0, S2, 0, S1] }, 4)).toEqual([[1, 3]]);
    expect(s2MergeGroups({ ...p, type: [0, 0, 0, 0] }, 4)).toEqual([]);
  });

  it('refuses merged areas above 10^4.85 PE and durations of s2_merge_max_duration or more', () => {
    const p = { start: [0, 1100], end: [1000, 2100], type: [S2, S2] };
    expect(s2MergeGroups({ ...p, area: [40_000, 40_000] }, 2)).toEqual([]);
    expect(s2MergeGroups({ ...p, area: [100, 100] }, 2, { ...STRAXEN_S2_MERGING, maxDuration: 2100 })).toEqual([]);
    expect(s2MergeGroups({ ...p, area: [100, 100] }, 2, { ...STRAXEN_S2_MERGING, maxDuration: 2101 })).toEqual([
      [0, 2],
    ]);
  });
});

describe('mergePeaklets', () => {
  it('merges two S2 peaklets 1 µs apart into one S2 rebuilt from their waveforms', () => {
    const peaks = merge(
      [
        { time: 0, samples: 100, height: 1, channel: 0, tightCoincidence: 3 },
        { time: 2000, samples: 100, height: 2, channel: 1, tightCoincidence: 5 },
      ],
      [S2, S2],
    );
    const c = peaks.columns;
    expect(peaks.length).toBe(1);
    expect([c.time[0], c.merged[0], c.type[0], c.channel[0]]).toEqual([at(0), 1, S2, -1]);
    // 3000 ns at dt 10 is 300 samples: stored as 150 samples of 20 ns
    expect([c.length[0], c.dt[0]]).toEqual([150, 20]);
    expect([...c.data.subarray(0, 150)]).toEqual([
      ...new Array(50).fill(2),
      ...new Array(50).fill(0),
      ...new Array(50).fill(4),
    ]);
    expect([...c.data_top.subarray(0, 150)]).toEqual([...new Array(50).fill(2), ...new Array(100).fill(0)]);
    expect([...c.data_start.subarray(0, 200)]).toEqual([...new Array(100).fill(1), ...new Array(100).fill(0)]);
    expect(c.area[0]).toBe(300);
    expect([...c.area_per_channel.subarray(0, 4)]).toEqual([100, 200, 0, 0]);
    expect(c.area_fraction_top[0]).toBeCloseTo(1 / 3, 6);
    expect(c.n_hits[0]).toBe(6);
    expect(c.tight_coincidence[0]).toBe(5); // from the peaklet with the highest sample
    expect([c.max_gap[0], c.max_goodness_of_split[0]]).toEqual([-1, Number.NaN]);
    // area-weighted mean: (100·500 + 200·2500) / 300 ns, at sample centres of 20 ns
    expect(Number(c.center_time[0] - at(0))).toBe(1833);
    expect(c.width[0 * 11 + 10]).toBe(3000); // 100 % of the area spans the whole peak
  });

  it('passes through peaklets 10 µs apart, and S1s, unchanged with their types', () => {
    const sketches = [
      { time: 0, samples: 100, height: 1 },
      { time: 11_000, samples: 20, height: 5 },
      { time: 11_500, samples: 100, height: 1 },
    ];
    const input = peakletRows(sketches);
    const peaks = mergePeaklets(input, Int8Array.from([S2, S1, S2]), { nTopChannels: 1 });
    expect(peaks.length).toBe(3);
    expect([...peaks.columns.type]).toEqual([S2, S1, S2]);
    expect([...peaks.columns.merged]).toEqual([0, 0, 0]);
    for (const name of Object.keys(input.columns) as (keyof typeof input.columns)[]) {
      if (name !== 'type') expect(peaks.columns[name], name).toEqual(input.columns[name]);
    }
  });

  it('keeps time order around a merged group, with unclassified peaklets after an S2 merged in', () => {
    const peaks = merge(
      [
        { time: 0, samples: 10, height: 1 },
        { time: 20_000, samples: 100, height: 3 },
        { time: 21_500, samples: 50, height: 1 },
        { time: 40_000, samples: 10, height: 1 },
      ],
      [S1, S2, 0, S2],
    );
    expect(peaks.columns.time).toEqual(BigInt64Array.from([at(0), at(20_000), at(40_000)]));
    expect([...peaks.columns.merged]).toEqual([0, 1, 0]);
    expect([...peaks.columns.type]).toEqual([S1, S2, S2]);
    expect(peaks.columns.area[1]).toBe(350);
    expect([peaks.columns.length[1], peaks.columns.dt[1]]).toEqual([200, 10]);
  });

  it('rejects peaklets out of time order and types that do not match', () => {
    const rows = peakletRows([
      { time: 5000, samples: 10, height: 1 },
      { time: 0, samples: 10, height: 1 },
    ]);
    expect(() => mergePeaklets(rows, Int8Array.from([S2, S2]), { nTopChannels: 1 })).toThrow(
      'peaklet 1 starts before peaklet 0: peaklets must be sorted by time',
    );
    expect(() => mergePeaklets(rows, Int8Array.from([S2]), { nTopChannels: 1 })).toThrow(
      '1 peaklet types for 2 peaklets',
    );
  });
});
