import type { RecordBatch } from '@dance/schema';

/** Ends of rows in ns: time + length × dt for types with an extent, time + 1 otherwise. */
export function rowEnds(batch: RecordBatch): BigInt64Array {
  const names = new Set(batch.schema.fields.map((f) => f.name));
  if (names.has('length') && names.has('dt')) return batch.endTime();
  return batch.time.map((t) => t + 1n);
}

/**
 * Where to end a chunk that starts at row 0: at the first row i ≥ minRows preceded by a gap of at
 * least gapNs in which no earlier row reaches, cutting in the middle of that gap so context on
 * either side stays on its own side. Depends only on the rows from the chunk start onwards, so a
 * resumed run cuts where the interrupted one did. Undefined when the batch holds no such gap.
 */
export function findCut(batch: RecordBatch, minRows: number, gapNs: number): { rows: number; at: bigint } | undefined {
  const time = batch.time;
  const ends = rowEnds(batch);
  const gap = BigInt(Math.max(1, Math.ceil(gapNs)));
  let reach = batch.length > 0 ? ends[0] : 0n;
  for (let i = 1; i < batch.length; i++) {
    if (i >= minRows && time[i] - reach >= gap) return { rows: i, at: reach + (time[i] - reach) / 2n };
    if (ends[i] > reach) reach = ends[i];
  }
  return undefined;
}

/**
 * The last cut in a batch: at its last row preceded by a gap of at least gapNs in which no earlier
 * row of the batch reaches, in the middle of that gap (as findCut). Rows from there on may belong
 * with whatever follows the batch. Undefined when the batch holds no such gap.
 */
export function lastCut(batch: RecordBatch, gapNs: number): { rows: number; at: bigint } | undefined {
  const time = batch.time;
  const ends = rowEnds(batch);
  const gap = BigInt(Math.max(1, Math.ceil(gapNs)));
  let reach = batch.length > 0 ? ends[0] : 0n;
  let cut: { rows: number; at: bigint } | undefined;
  for (let i = 1; i < batch.length; i++) {
    if (time[i] - reach >= gap) cut = { rows: i, at: reach + (time[i] - reach) / 2n };
    if (ends[i] > reach) reach = ends[i];
  }
  return cut;
}
