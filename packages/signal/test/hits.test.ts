import { describe, expect, it } from 'vitest';
import { findHits, type HitColumns, type RawRecordColumns, recordsFromRawRecords } from '../src/index.js';
import { fixture, readNpyGz } from './npy.js';

const records = recordsFromRawRecords(readNpyGz<RawRecordColumns>(fixture('raw_records')));
const strax = readNpyGz<HitColumns>(fixture('hits'));

describe('findHits (strax.find_hits, min_amplitude 15)', () => {
  const ours = findHits(records, { minAmplitude: 15 });

  it('finds the same hits with the same integer fields', () => {
    expect(ours.length).toBe(strax.length);
    for (const name of ['time', 'length', 'dt', 'channel', 'left', 'right', 'record_i', 'max_time'] as const) {
      expect(ours.columns[name], name).toEqual(strax.columns[name]);
    }
  });

  it('gives the same areas, heights and thresholds (float32)', () => {
    for (const name of ['area', 'height', 'threshold'] as const) {
      expect(ours.columns[name], name).toEqual(strax.columns[name]);
    }
  });
});

describe('findHits thresholds', () => {
  it('takes per-channel minimum amplitudes and a multiple of the baseline rms', () => {
    const perChannel = new Float64Array(494).fill(15);
    const busy = records.columns.channel[0];
    perChannel[busy] = 30000; // nothing in this channel reaches it
    const hits = findHits(records, { minAmplitude: perChannel });
    expect(hits.columns.channel.includes(busy)).toBe(false);
    expect(hits.length).toBeGreaterThan(0);

    const noisy = findHits(records, { minAmplitude: 15, minHeightOverNoise: 10 });
    expect(noisy.length).toBeLessThan(findHits(records).length);
    for (let i = 0; i < noisy.length; i++) {
      const rms = records.columns.baseline_rms[noisy.columns.record_i[i]];
      expect(noisy.columns.threshold[i]).toBe(Math.fround(Math.max(15, 10 * rms)));
    }
  });

  it('rejects thresholds for fewer channels than the records have', () => {
    expect(() => findHits(records, { minAmplitude: [15, 15] })).toThrow(
      /hit threshold given for 2 channels, but a record has channel \d+/,
    );
  });
});
