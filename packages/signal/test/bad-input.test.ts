import { describe, expect, it } from 'vitest';
import { findHits, type RawRecordColumns, recordsFromRawRecords, type Table } from '../src/index.js';

const SAMPLES = 110;

/** Hand-made raw_records: flat baseline 16000 with an optional pulse; one row per entry. */
function rawRecords(rows: { time: number; channel: number; record_i?: number; dt?: number; length?: number }[]) {
  const n = rows.length;
  const c: RawRecordColumns = {
    time: BigInt64Array.from(rows.map((r) => BigInt(r.time))),
    length: Int32Array.from(rows.map((r) => r.length ?? SAMPLES)),
    dt: Int16Array.from(rows.map((r) => r.dt ?? 10)),
    channel: Int16Array.from(rows.map((r) => r.channel)),
    pulse_length: Int32Array.from(rows.map(() => 2 * SAMPLES)),
    record_i: Int16Array.from(rows.map((r) => r.record_i ?? 0)),
    baseline: new Int16Array(n),
    data: new Int16Array(n * SAMPLES).fill(16000),
  };
  return { length: n, columns: c } satisfies Table<RawRecordColumns>;
}

function expectRejected(raw: Table<RawRecordColumns>, message: string) {
  const before = structuredClone(raw.columns);
  expect(() => recordsFromRawRecords(raw)).toThrow(message);
  try {
    recordsFromRawRecords(raw);
  } catch (e) {
    expect((e as Error).name).toBe('UserError');
  }
  expect(raw.columns).toEqual(before);
}

describe('records: bad input', () => {
  it('rejects records out of time order', () => {
    expectRejected(
      rawRecords([
        { time: 2000, channel: 1 },
        { time: 1000, channel: 2 },
      ]),
      'raw_records row 1: field time 1000 is before row 0 (2000)',
    );
  });

  it('rejects overlapping records in one channel', () => {
    expectRejected(
      rawRecords([
        { time: 1000, channel: 3 },
        { time: 1500, channel: 3 },
      ]),
      'raw_records row 1: channel 3 record at 1500 ns overlaps the previous record of that channel',
    );
  });

  it('rejects a mixed sampling interval', () => {
    expectRejected(
      rawRecords([
        { time: 1000, channel: 1 },
        { time: 5000, channel: 2, dt: 4 },
      ]),
      'raw_records row 1: field dt is 4 ns, but row 0 has 10 ns',
    );
  });

  it('rejects a continuation record without its first record', () => {
    expectRejected(
      rawRecords([{ time: 1000, channel: 1, record_i: 1 }]),
      'continues a pulse whose first record is missing',
    );
  });

  it('rejects a length longer than the record', () => {
    expectRejected(rawRecords([{ time: 1000, channel: 1, length: 111 }]), 'field length 111 is outside 0..110');
  });
});

describe('a pulse spanning two records', () => {
  const raw = rawRecords([
    { time: 1000, channel: 4 },
    { time: 1000 + SAMPLES * 10, channel: 4, record_i: 1, length: 50 },
  ]);
  const d = raw.columns.data;
  for (let j = 0; j < 40; j++) d[j] = 16000 + (j % 2); // baseline 16000.5, rms 0.5
  for (let j = 100; j < SAMPLES + 20; j++) d[j] = 15900; // 100 ADC: 10 samples in the first record, 20 in the next
  const records = recordsFromRawRecords(raw);

  it('reuses the first record baseline for the continuation', () => {
    expect([...records.columns.baseline]).toEqual([16000.5, 16000.5]);
    expect([...records.columns.baseline_rms]).toEqual([0.5, 0.5]);
    expect(records.columns.data[SAMPLES + 5]).toBe(100);
    expect(records.columns.data[SAMPLES + 60]).toBe(0); // past length
    // 10 samples of 100 plus 20 x (-1) from the odd baseline samples; frac 0.5 x 110 = 55
    expect(records.columns.area[0]).toBe(1000 - 20 + 55);
    expect(records.columns.area[1]).toBe(2000 + 25); // round(0.5 * 50) = 25
  });

  it('gives two hits, cut at the record boundary, as strax does', () => {
    const hits = findHits(records);
    expect(hits.length).toBe(2);
    expect([...hits.columns.time]).toEqual([2000n, 2100n]);
    expect([...hits.columns.left]).toEqual([100, 0]);
    expect([...hits.columns.right]).toEqual([110, 20]);
    expect([...hits.columns.area]).toEqual([1005, 2010]);
    expect([...hits.columns.height]).toEqual([100.5, 100.5]);
  });
});

describe('records: malformed columns', () => {
  it('rejects a data column that is not whole records', () => {
    const raw = rawRecords([
      { time: 1000, channel: 1 },
      { time: 1000, channel: 2 },
    ]);
    const bad = { length: 2, columns: { ...raw.columns, data: new Int16Array(2 * SAMPLES + 3) } };
    expect(() => recordsFromRawRecords(bad)).toThrow('raw_records: data has 223 samples for 2 rows');
  });
});

describe('a record shorter than the baseline window', () => {
  it('counts the zeroed samples past length in the baseline, as strax does', () => {
    const raw = rawRecords([{ time: 1000, channel: 0, length: 20 }]);
    const r = recordsFromRawRecords(raw);
    expect(r.columns.baseline[0]).toBe(8000); // (20 x 16000 + 20 x 0) / 40
    expect(r.columns.baseline_rms[0]).toBe(8000);
    expect(r.columns.data[0]).toBe(8000 - 16000);
    expect(r.columns.data[25]).toBe(0);
  });
});
