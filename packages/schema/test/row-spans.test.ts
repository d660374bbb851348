import { describe, expect, it } from 'vitest';
import { events, RecordBatch, RowSpans, rawRecords } from '../src/index.js';

/** Event windows [time, endtime) at the given int64 ns. */
function windows(spans: [bigint, bigint][]): RecordBatch {
  const b = RecordBatch.allocate(events, spans.length);
  spans.forEach(([start, end], i) => {
    b.columns.time[i] = start;
    b.columns.endtime[i] = end;
  });
  return b;
}

describe('RowSpans: where rows start and end, as numbers after the first row', () => {
  it('reads endtime exactly across 32-bit word boundaries, negative times and far from the epoch', () => {
    const far = 1_790_000_000_000_000_000n; // 2026, past 2^60 ns
    const b = windows([
      [far, far + 5000n],
      [far + 2n ** 32n - 1n, far + 2n ** 32n + 7n], // endtime carries into the high word
      [far + 10_000_000_000n, far + 10_000_000_000n], // endtime = time: lasts 1 ns
      [far + 20_000_000_000n, far + 19_000_000_000n], // endtime before time: still 1 ns
    ]);
    const spans = new RowSpans(b);
    expect([0, 1, 2, 3].map((i) => spans.start(i))).toEqual([0, 2 ** 32 - 1, 10e9, 20e9]);
    expect([0, 1, 2, 3].map((i) => spans.duration(i))).toEqual([5000, 8, 1, 1]);
    expect(spans.end(1)).toBe(2 ** 32 + 7);
    expect(spans.at(spans.end(1))).toBe(far + 2n ** 32n + 7n);
    const before = new RowSpans(windows([[-3n, 2n ** 33n]]));
    expect(before.duration(0)).toBe(2 ** 33 + 3);
  });

  it('gives waveform rows length × dt and rows without extent 1 ns, as rowEnds does', () => {
    const records = RecordBatch.allocate(rawRecords, 3);
    records.columns.time.set([100n, 200n, 300n]);
    records.columns.length.set([110, 0, 3]);
    records.columns.dt.set([10, 10, 10]);
    const spans = new RowSpans(records);
    expect([0, 1, 2].map((i) => spans.duration(i))).toEqual([1100, 1, 30]);
    expect(records.rowEnds()).toEqual(BigInt64Array.from([1200n, 201n, 330n]));
    const points = RecordBatch.allocate({ ...events, fields: events.fields.filter((f) => f.name !== 'endtime') }, 1);
    expect(new RowSpans(points).duration(0)).toBe(1);
  });
});
