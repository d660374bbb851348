import { describe, expect, it } from 'vitest';
import {
  buildPeaklets,
  findHits,
  type HitColumns,
  type PeakletColumns,
  type RawRecordColumns,
  type RecordColumns,
  recordsFromRawRecords,
} from '../src/index.js';
import { firstDifference, fixture, readNpyGz } from './npy.js';

/** Every column bit for bit, except `skip`. */
function expectSame<C extends object>(ours: { length: number; columns: C }, strax: typeof ours, skip: string[] = []) {
  expect(ours.length).toBe(strax.length);
  for (const [name, col] of Object.entries(strax.columns) as [string, Float32Array][]) {
    if (skip.includes(name)) continue;
    const mine = (ours.columns as Record<string, Float32Array>)[name];
    expect(firstDifference(mine, col, col.length / strax.length), `first row differing in ${name}`).toBe(-1);
  }
}

// Pulses of 2-3 records with the signal across a record boundary, last records often short.
describe('pulses spanning records, against strax', () => {
  const raw = readNpyGz<RawRecordColumns>(fixture('multi_raw_records'));
  const records = recordsFromRawRecords(raw);
  const hits = findHits(records);

  it('has continuation records and hits cut at record ends', () => {
    expect(raw.columns.record_i.some((i) => i === 2)).toBe(true);
    expect(raw.columns.length.some((l) => l < 110)).toBe(true);
    expect(hits.columns.right.some((r, i) => r === records.columns.length[hits.columns.record_i[i]])).toBe(true);
  });

  it('gives strax records (baseline reused by continuation records)', () => {
    expectSame(records, readNpyGz<RecordColumns>(fixture('multi_records')));
  });

  it('gives strax hits', () => {
    expectSame(hits, readNpyGz<HitColumns>(fixture('multi_hits')));
  });

  it('gives strax peaklets (sum waveforms reach into the neighbouring records)', () => {
    const ours = buildPeaklets(records, hits, { toPe: new Float64Array(494).fill(0.005), nTopChannels: 253 });
    expectSame(ours, readNpyGz<PeakletColumns>(fixture('multi_peaklets')), ['tight_coincidence']);
  });
});
