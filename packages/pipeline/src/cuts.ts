import { type RecordBatch, RowSpans } from '@dance/schema';

/**
 * Where to end a chunk that starts at row 0: at the first row i ≥ minRows preceded by a gap of at
 * least gapNs in which no earlier row reaches, cutting in the middle of that gap so context on
 * either side stays on its own side. Depends only on the rows from the chunk start onwards, so a
 * resumed run cuts where the interrupted one did. Undefined when the batch holds no such gap.
 */
export function findCut(batch: RecordBatch, minRows: number, gapNs: number): { rows: number; at: bigint } | undefined {
  if (batch.length === 0) return undefined;
  const rows = new RowSpans(batch);
  const gap = Math.max(1, Math.ceil(gapNs));
  let reach = rows.end(0);
  for (let i = 1; i < batch.length; i++) {
    const start = rows.start(i);
    if (i >= minRows && start - reach >= gap) return { rows: i, at: rows.at(reach + Math.floor((start - reach) / 2)) };
    reach = Math.max(reach, rows.end(i));
  }
  return undefined;
}

/**
 * The last cut in a batch: at its last row preceded by a gap of at least gapNs in which no earlier
 * row of the batch reaches, in the middle of that gap (as findCut). Rows from there on may belong
 * with whatever follows the batch. Undefined when the batch holds no such gap.
 */
export function lastCut(batch: RecordBatch, gapNs: number): { rows: number; at: bigint } | undefined {
  if (batch.length === 0) return undefined;
  const rows = new RowSpans(batch);
  const gap = Math.max(1, Math.ceil(gapNs));
  let reach = rows.end(0);
  let cut: { rows: number; at: number } | undefined;
  for (let i = 1; i < batch.length; i++) {
    const start = rows.start(i);
    if (start - reach >= gap) cut = { rows: i, at: reach + Math.floor((start - reach) / 2) };
    reach = Math.max(reach, rows.end(i));
  }
  return cut && { rows: cut.rows, at: rows.at(cut.at) };
}
