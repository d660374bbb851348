import { describe, expect, it } from 'vitest';
import { concatBatches, defineRecord, firstRowAtOrAfter, RecordBatch, rawRecords, timeOrder } from '../src/index.js';

const tiny = defineRecord({
  name: 'tiny',
  version: 1,
  storage: 'table',
  description: 'test type',
  fields: [
    { name: 'time', dtype: 'i64', unit: 'ns', description: 't' },
    { name: 'channel', dtype: 'i16', unit: '', description: 'c' },
    { name: 'wave', dtype: 'f32', shape: 3, unit: 'PE', description: 'w' },
  ],
});

function make(times: bigint[]): RecordBatch<typeof tiny.fields> {
  const b = RecordBatch.allocate(tiny, times.length);
  times.forEach((t, i) => {
    b.columns.time[i] = t;
    b.columns.channel[i] = i;
    b.columns.wave.set([i, i + 0.5, i + 0.25], i * 3);
  });
  return b;
}

describe('RecordBatch', () => {
  it('slices without copying', () => {
    const b = make([1n, 2n, 3n, 4n]);
    const s = b.slice(1, 3);
    expect(s.length).toBe(2);
    expect([...s.columns.time]).toEqual([2n, 3n]);
    expect([...s.columns.wave]).toEqual([1, 1.5, 1.25, 2, 2.5, 2.25]);
    s.columns.channel[0] = 99;
    expect(b.columns.channel[1]).toBe(99);
    expect(s.columns.time.buffer).toBe(b.columns.time.buffer);
  });

  it('clamps slice bounds', () => {
    const b = make([1n, 2n]);
    expect(b.slice(5).length).toBe(0);
    expect(b.slice(-3, 1).length).toBe(1);
  });

  it('sorts by time stably, carrying array fields along', () => {
    const b = make([30n, 10n, 20n, 10n]);
    const s = b.sortByTime();
    expect([...s.columns.time]).toEqual([10n, 10n, 20n, 30n]);
    expect([...s.columns.channel]).toEqual([1, 3, 2, 0]);
    expect([...s.columns.wave.subarray(0, 3)]).toEqual([1, 1.5, 1.25]);
    const sorted = make([1n, 2n]);
    expect(sorted.sortByTime()).toBe(sorted);
  });

  it('orders times exactly beyond 2^53 ns and across the whole int64 range', () => {
    const big = 2n ** 53n;
    expect([...timeOrder(BigInt64Array.from([big + 1n, big, big + 3n, big + 2n]))]).toEqual([1, 0, 3, 2]);
    const extremes = BigInt64Array.from([2n ** 63n - 1n, -(2n ** 63n), 0n, 2n ** 63n - 2n]);
    expect([...timeOrder(extremes)]).toEqual([1, 2, 3, 0]);
  });

  it('finds the first row at or after a time, with ties and both ends', () => {
    const t = BigInt64Array.from([10n, 20n, 20n, 30n]);
    expect([5n, 10n, 11n, 20n, 21n, 30n, 31n].map((x) => firstRowAtOrAfter(t, x))).toEqual([0, 0, 1, 1, 3, 3, 4]);
    expect(firstRowAtOrAfter(new BigInt64Array(0), 1n)).toBe(0);
  });

  it('concatenates batches', () => {
    const c = concatBatches(tiny, [make([1n, 2n]), make([]), make([3n])]);
    expect(c.length).toBe(3);
    expect([...c.columns.time]).toEqual([1n, 2n, 3n]);
    expect([...c.columns.channel]).toEqual([0, 1, 0]);
    expect(c.columns.wave.length).toBe(9);
  });

  it('rejects columns of the wrong type or length', () => {
    const cols = {
      time: new BigInt64Array(2),
      channel: new Int32Array(2),
      wave: new Float32Array(6),
    };
    // @ts-expect-error the wrong array type is the point of the test
    expect(() => new RecordBatch(tiny, 2, cols)).toThrow("tiny: column 'channel' must be a Int16Array, got Int32Array");
    expect(
      () =>
        new RecordBatch(tiny, 2, { time: new BigInt64Array(2), channel: new Int16Array(2), wave: new Float32Array(5) }),
    ).toThrow("tiny: column 'wave' has 5 elements, expected 6");
  });

  it('computes end times from length and dt', () => {
    const r = RecordBatch.allocate(rawRecords, 2);
    r.columns.time.set([2n ** 62n, 5n]);
    r.columns.length.set([110, 3]);
    r.columns.dt.set([10, 2]);
    expect([...r.endTime()]).toEqual([2n ** 62n + 1100n, 11n]);
  });
});

describe('defineRecord', () => {
  const base = { name: 'x', version: 1, storage: 'table' as const, description: 'd' };
  const time = { name: 'time', dtype: 'i64' as const, unit: 'ns', description: 't' };
  it('requires time first', () => {
    expect(() => defineRecord({ ...base, fields: [{ name: 'a', dtype: 'i32', unit: '', description: 'a' }] })).toThrow(
      "data type 'x': the first field must be 'time'",
    );
  });
  it('rejects duplicate and malformed fields', () => {
    expect(() => defineRecord({ ...base, fields: [time, time] })).toThrow("field 'time' is declared twice");
    expect(() =>
      defineRecord({ ...base, fields: [time, { name: 'Bad-Name', dtype: 'i32', unit: '', description: 'a' }] }),
    ).toThrow("field name 'Bad-Name'");
    expect(() =>
      defineRecord({ ...base, fields: [time, { name: 'w', dtype: 'i32', shape: 0, unit: '', description: 'a' }] }),
    ).toThrow("field 'w' shape must be a positive integer");
    expect(() =>
      // @ts-expect-error unknown dtype
      defineRecord({ ...base, fields: [time, { name: 'w', dtype: 'i128', unit: '', description: 'a' }] }),
    ).toThrow("field 'w' has unknown dtype 'i128'");
  });
});
