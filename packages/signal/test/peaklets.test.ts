import { describe, expect, it } from 'vitest';
import {
  buildPeaklets,
  findHits,
  hitIntegrationBounds,
  type PeakletColumns,
  type RawRecordColumns,
  recordsFromRawRecords,
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

  it('equals strax in every field, bit for bit', () => {
    for (const name of Object.keys(strax.columns) as (keyof PeakletColumns)[]) {
      const width = strax.columns[name].length / strax.length;
      expect(firstDifference(ours.columns[name], strax.columns[name], width), `first row differing in ${name}`).toBe(
        -1,
      );
    }
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
