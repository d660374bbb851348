import { concatBatches, RecordBatch, rawRecords } from '@dance/schema';
import { describe, expect, it } from 'vitest';
import { chunksByTime } from '../src/chunking.js';

/** raw_records rows with the given start times and lengths (dt 10 ns). */
function records(rows: [time: number, length: number][]) {
  const b = RecordBatch.allocate(rawRecords, rows.length);
  rows.forEach(([t, n], i) => {
    b.columns.time[i] = BigInt(t);
    b.columns.length[i] = n;
    b.columns.dt[i] = 10;
  });
  return b;
}

async function* stream(...batches: RecordBatch[]) {
  yield* batches;
}

async function cut(rows: number, ...batches: RecordBatch[]): Promise<bigint[][]> {
  const out: bigint[][] = [];
  for await (const c of chunksByTime(stream(...batches), rows, 'in.npy')) out.push([...c.time]);
  return out;
}

describe('chunksByTime', () => {
  it('cuts every `rows` rows across input batches when records do not overlap', async () => {
    const a = records([
      [0, 1],
      [10, 1],
      [20, 1],
    ]);
    const b = records([
      [30, 1],
      [40, 1],
    ]);
    expect(await cut(2, a, b)).toEqual([[0n, 10n], [20n, 30n], [40n]]);
  });

  it('never cuts inside a record: waits until every earlier record has ended', async () => {
    // row 0 lasts 0..500 ns, so rows starting at 100..400 must stay with it
    const a = records([
      [0, 50],
      [100, 1],
      [200, 1],
      [400, 1],
      [500, 1],
      [600, 1],
    ]);
    expect(await cut(2, a)).toEqual([
      [0n, 100n, 200n, 400n],
      [500n, 600n],
    ]);
  });

  it('keeps rows with equal times together', async () => {
    const a = records([
      [0, 0],
      [5, 0],
      [5, 0],
      [5, 0],
      [9, 0],
    ]);
    expect(await cut(2, a)).toEqual([[0n, 5n, 5n, 5n], [9n]]);
  });

  it('keeps everything in one chunk when there is no safe place to cut', async () => {
    const a = records([
      [0, 100],
      [10, 100],
      [20, 100],
    ]);
    expect(await cut(1, a)).toEqual([[0n, 10n, 20n]]);
  });

  it('names the file and row when records go back in time, also across batches', async () => {
    await expect(
      cut(
        10,
        records([
          [0, 1],
          [50, 1],
        ]),
        records([[40, 1]]),
      ),
    ).rejects.toThrow('in.npy: records are not in time order at row 2 (time 40 after 50); sort them by time first');
  });

  it('yields rows unchanged and in order', async () => {
    const a = records([
      [0, 1],
      [10, 1],
      [20, 1],
      [30, 1],
    ]);
    a.columns.channel.set([3, 1, 4, 1]);
    const chunks: RecordBatch[] = [];
    for await (const c of chunksByTime(stream(a.slice(0, 1), a.slice(1)), 3, 'x')) chunks.push(c);
    expect([...concatBatches(rawRecords, chunks as never).columns.channel]).toEqual([3, 1, 4, 1]);
  });
});
