import { describe, expect, it } from 'vitest';
import {
  allocateColumns,
  buildPeaklets,
  findHits,
  hitIntegrationBounds,
  type PeakletColumns,
  peakSpec,
  type RawRecordColumns,
  recordsFromRawRecords,
  setTightCoincidence,
  splitPeaks,
} from '../src/index.js';
import { firstDifference, fixture, readNpyGz } from './npy.js';

// strax_ref.py settings: gain 0.005 PE/ADC for all 494 channels, 253 top channels.
const toPe = new Float64Array(494).fill(0.005);
const records = recordsFromRawRecords(readNpyGz<RawRecordColumns>(fixture('raw_records')));
const hits = findHits(records);
const strax = readNpyGz<PeakletColumns>(fixture('peaklets'));

describe('buildPeaklets against strax (find_peaks, sum_waveform, compute_properties, natural breaks)', () => {
  const ours = buildPeaklets(records, hits, { toPe, nTopChannels: 253 });

  it('finds as many peaklets, at least 99 % matched in time with area within 1 %', () => {
    expect(ours.length).toBe(strax.length);
    const byTime = new Map([...ours.columns.time].map((t, i) => [t, i]));
    let matched = 0;
    strax.columns.time.forEach((t, i) => {
      const j = byTime.get(t);
      if (j !== undefined && Math.abs(ours.columns.area[j] - strax.columns.area[i]) <= 0.01 * strax.columns.area[i]) {
        matched++;
      }
    });
    expect(matched / strax.length).toBeGreaterThanOrEqual(0.99);
  });

  it('equals strax in every field, bit for bit (tight_coincidence is straxen-only, checked below)', () => {
    for (const name of Object.keys(strax.columns) as (keyof PeakletColumns)[]) {
      if (name === 'tight_coincidence') continue;
      const width = strax.columns[name].length / strax.length;
      expect(firstDifference(ours.columns[name], strax.columns[name], width), `first row differing in ${name}`).toBe(
        -1,
      );
    }
  });

  it('counts tight-coincidence channels no more than the channels with area', () => {
    const { tight_coincidence, area_per_channel } = ours.columns;
    for (let k = 0; k < ours.length; k++) {
      const row = area_per_channel.subarray(k * 494, (k + 1) * 494);
      const withArea = row.filter((a) => a > 0).length;
      expect(tight_coincidence[k]).toBeLessThanOrEqual(withArea);
    }
    // the 20-fold coincidences of the synthetic data (±50 ns jitter) give many tight channels
    expect(Math.max(...tight_coincidence)).toBeGreaterThanOrEqual(10);
    const off = buildPeaklets(records, hits, { toPe, nTopChannels: 253, tightCoincidence: false });
    expect(off.columns.tight_coincidence.every((x) => x === 0)).toBe(true);
  });

  it('rejects gains for fewer channels than the hits use, and a gap shorter than the extensions', () => {
    expect(() => buildPeaklets(records, hits, { toPe: toPe.subarray(0, 100) })).toThrow(
      /channel \d+ has no gain \(toPe has 100 channels\)/,
    );
    expect(() => buildPeaklets(records, hits, { toPe, gapThreshold: 200 })).toThrow(
      'gapThreshold 200 ns must exceed leftExtension + rightExtension (230 ns)',
    );
  });

  it('includes peaklets split at natural breaks', () => {
    const pieces = ours.columns.max_gap.filter((g) => g === -1).length;
    expect(pieces).toBeGreaterThan(0);
    expect(ours.columns.n_hits.filter((n) => n === 0).length).toBe(pieces);
  });

  it('without splitting, gives the clusters only (fewer, larger peaklets)', () => {
    const unsplit = buildPeaklets(records, hits, { toPe, nTopChannels: 253, split: false });
    expect(unsplit.length).toBeLessThan(ours.length);
    expect(unsplit.columns.max_gap.every((g) => g >= 0)).toBe(true);
    const total = (a: Float32Array) => a.reduce((s, x) => s + x, 0);
    expect(total(unsplit.columns.area)).toBeCloseTo(total(ours.columns.area), -1);
  });
});

describe('splitPeaks', () => {
  /** Three peaks; the middle one has two separated bumps and splits between them. */
  function table(slack: number) {
    const cols = allocateColumns(peakSpec(4), 3 + slack);
    [0, 1000, 5000].forEach((t, k) => {
      cols.time[k] = t;
      cols.dt[k] = 10;
      cols.length[k] = 20;
      cols.area[k] = 100;
      cols.n_hits[k] = k + 1;
      const bumps = k === 1 ? [2, 17] : [9];
      for (const at of bumps) cols.data[k * 200 + at] = 100 / bumps.length;
    });
    return { n: 3, nChannels: 4, cols };
  }
  const threshold = (p: { n: number }) => new Float64Array(p.n).fill(0.5);

  it('replaces a split peak by its pieces, in time order, with or without room in the table', () => {
    for (const slack of [0, 8]) {
      const out = splitPeaks(table(slack), 10, { threshold, iterations: 1 }, () => {});
      expect(out.n).toBe(4);
      const times = [...out.cols.time.subarray(0, 4)];
      expect(times[0]).toBe(0);
      expect(times[1]).toBe(1000);
      expect(times[2]).toBeGreaterThan(1030);
      expect(times[2]).toBeLessThan(1160);
      expect(times[3]).toBe(5000);
      expect([...out.cols.n_hits.subarray(0, 4)]).toEqual([1, 0, 0, 3]); // pieces start empty, as in strax
      expect(out.cols.max_gap[1]).toBe(-1);
      expect(out.cols.data[3 * 200 + 9]).toBe(100); // the last peak's waveform moved with it
    }
  });
});

describe('setTightCoincidence', () => {
  it('counts distinct channels with a hit maximum within ±50 ns of the peak maximum', () => {
    const n = 1;
    const cols = allocateColumns(peakSpec(8), n);
    cols.time[0] = 1000;
    cols.dt[0] = 10;
    cols.length[0] = 10;
    cols.data[4] = 5; // maximum at 1040 ns
    const peaks = { n, nChannels: 8, cols };
    const maxTime = Float64Array.from([980, 989, 990, 1040, 1045, 1090, 1091]);
    const channel = Int16Array.from([1, 2, 3, 3, 4, 5, 6]);
    setTightCoincidence(peaks, maxTime, channel, maxTime.length);
    expect(cols.tight_coincidence[0]).toBe(3); // channels 3, 4, 5; 990 and 1090 are on the edges
  });
});

describe('hitIntegrationBounds', () => {
  it('extends hits 30/200 ns and stops at the next hit of the same channel', () => {
    const t0 = records.columns.time[0];
    const ns = (x: number) => t0 + BigInt(x);
    const two = {
      length: 3,
      columns: {
        ...hits.columns,
        time: BigInt64Array.from([ns(1000), ns(1050), ns(1100)]),
        length: Int32Array.from([2, 1, 2]),
        dt: Int16Array.from([10, 10, 10]),
        channel: Int16Array.from([5, 6, 5]),
        record_i: Int32Array.from([0, 0, 0]),
      },
    };
    const r0 = Number(records.columns.time[0] - t0) / 10;
    const { left_integration, right_integration } = hitIntegrationBounds(two, records);
    // hit 0: [970, 1220) cut at hit 2's start 1100; hit 2 starts no earlier than that
    expect([...left_integration]).toEqual([97 - r0, 102 - r0, 110 - r0]);
    expect([...right_integration]).toEqual([110 - r0, 126 - r0, 132 - r0]);
  });
});
