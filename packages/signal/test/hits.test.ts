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
