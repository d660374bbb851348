import { events, RecordBatch } from '@dance/schema';
import { describe, expect, it } from 'vitest';
import { chunkSizes, Store } from '../src/index.js';
import { makeRecords, T0, tempStoreDir } from './helpers.js';

const key = { run: '000001', type: 'events', lineage: 'ev0' };

/** Event windows [T0 + start, T0 + end) in ns, numbered in order. */
function windows(spans: [number, number][]): RecordBatch {
  const b = RecordBatch.allocate(events, spans.length);
  spans.forEach(([start, end], i) => {
    b.columns.time[i] = T0 + BigInt(start);
    b.columns.endtime[i] = T0 + BigInt(end);
    b.columns.event_number[i] = BigInt(i);
  });
  return b;
}

describe("a row's extent: endtime where the type has one, else length × dt, else 1 ns", () => {
  it('gives every kind of row its end, never before time + 1', () => {
    expect(
      windows([
        [0, 5000],
        [6000, 6000],
        [7000, -1],
      ]).rowEnds(),
    ).toEqual(BigInt64Array.from([T0 + 5000n, T0 + 6001n, T0 + 7001n]));
    const records = makeRecords(2);
    expect(records.rowEnds()).toEqual(records.endTime());
    expect(RecordBatch.allocate(events, 0).rowEnds()).toHaveLength(0);
  });

  it('reads an event window that starts before the range but reaches into it, with or without endtime asked for', async () => {
    const store = new Store(tempStoreDir());
    const w = store.writer(key, events);
    await w.write(
      windows([
        [0, 1000],
        [2000, 9000],
        [10_000, 11_000],
      ]),
    );
    await w.commit();
    const start = T0 + 8000n; // inside the second window only
    expect(Array.from((await store.readAll(key, { start })).columns.event_number as BigInt64Array)).toEqual([1n, 2n]);
    const projected = await store.readAll(key, { start, columns: ['event_number'] });
    expect(projected.schema.fields.map((f) => f.name)).toEqual(['time', 'event_number']);
    expect(Array.from(projected.columns.event_number as BigInt64Array)).toEqual([1n, 2n]);
  });

  it('refuses a chunk whose windows reach past its end, and chunks only where no window is open', async () => {
    const store = new Store(tempStoreDir());
    const w = store.writer(key, events);
    await expect(w.write(windows([[0, 5000]]), { start: T0, end: T0 + 4000n })).rejects.toThrow(
      `rows reach ${T0 + 5000n}, past the chunk end ${T0 + 4000n}`,
    );
    await w.abort();
    // one row per chunk wanted, but the first window is still open when the second starts
    expect(
      chunkSizes(
        windows([
          [0, 5000],
          [1000, 2000],
          [6000, 7000],
        ]),
        1,
      ),
    ).toEqual([2, 1]);
  });
});
