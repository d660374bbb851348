import { describe, expect, it } from 'vitest';
import {
  buildPeaklets,
  ChunkClock,
  findHits,
  hitIntegrationBounds,
  type RawRecordColumns,
  recordsFromRawRecords,
  type Table,
} from '../src/index.js';
import { fixture, readNpyGz } from './npy.js';

// Real data carry ns since 1970 (~1.8e18 in 2026), far beyond float64's 2^53: kernels must stay exact.
const EPOCH = 1_780_000_000_123_456_780n; // a multiple of the 10 ns sampling, as DAQ times are
const toPe = new Float64Array(494).fill(0.005);

function shifted(raw: Table<RawRecordColumns>, by: bigint): Table<RawRecordColumns> {
  return { length: raw.length, columns: { ...raw.columns, time: raw.columns.time.map((t) => t + by) } };
}

describe('times since the Unix epoch', () => {
  const raw = readNpyGz<RawRecordColumns>(fixture('multi_raw_records'));

  it('ChunkClock round-trips int64 ns exactly, below and above the origin', () => {
    const clock = new ChunkClock(EPOCH);
    const times = BigInt64Array.from([EPOCH - 30n, EPOCH, EPOCH + 1n, EPOCH + 10_000_000_007n, EPOCH + 2n ** 40n]);
    const offsets = clock.offsets(times);
    expect([...offsets]).toEqual([-30, 0, 1, 10_000_000_007, 2 ** 40]);
    expect(clock.times(offsets)).toEqual(times);
  });

  it('gives the same hits and peaklets, shifted, for data taken in 2026', () => {
    const near = recordsFromRawRecords(raw);
    const far = recordsFromRawRecords(shifted(raw, EPOCH));
    const nearHits = findHits(near);
    const farHits = findHits(far);
    expect(farHits.columns.time).toEqual(nearHits.columns.time.map((t) => t + EPOCH));
    expect(farHits.columns.max_time).toEqual(nearHits.columns.max_time.map((t) => t + EPOCH));
    expect(hitIntegrationBounds(farHits, far)).toEqual(hitIntegrationBounds(nearHits, near));
    const a = buildPeaklets(near, nearHits, { toPe, nTopChannels: 253 });
    const b = buildPeaklets(far, farHits, { toPe, nTopChannels: 253 });
    expect(b.columns.time).toEqual(a.columns.time.map((t) => t + EPOCH));
    expect(b.columns.center_time).toEqual(a.columns.center_time.map((t) => t + EPOCH));
    expect(b.columns.area).toEqual(a.columns.area);
    expect(b.columns.data).toEqual(a.columns.data);
    expect(b.columns.tight_coincidence).toEqual(a.columns.tight_coincidence);
  });

  it('handles empty input', () => {
    const none = recordsFromRawRecords({ length: 0, columns: sliceNone(raw.columns) });
    const hits = findHits(none);
    expect(hits.length).toBe(0);
    expect(buildPeaklets(none, hits, { toPe }).length).toBe(0);
  });
});

function sliceNone(c: RawRecordColumns): RawRecordColumns {
  return Object.fromEntries(Object.entries(c).map(([k, v]) => [k, v.subarray(0, 0)])) as unknown as RawRecordColumns;
}
