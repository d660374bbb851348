import { extentColumns, type RecordBatch } from '@dance/schema';

function words(t: BigInt64Array): Uint32Array {
  return new Uint32Array(t.buffer, t.byteOffset, 2 * t.length);
}

/**
 * Row starts and ends in ns after the batch's first row, as float64 (exact while a batch spans less
 * than 104 days), read straight from the int64 words: cutting scans every row of every group, and
 * BigInt arithmetic per row allocated enough to keep the garbage collector busy.
 */
class RowExtents {
  private readonly words: Uint32Array;
  private readonly hi0: number;
  private readonly lo0: number;
  private readonly endWords?: Uint32Array;
  private readonly length?: ArrayLike<number>;
  private readonly dt?: ArrayLike<number>;

  constructor(readonly batch: RecordBatch) {
    this.words = words(batch.time);
    this.lo0 = this.words[0] ?? 0;
    this.hi0 = this.words[1] | 0;
    const [extent] = extentColumns(batch.schema);
    if (extent === 'endtime') this.endWords = words(batch.column('endtime') as BigInt64Array);
    else if (extent) {
      this.length = batch.column('length') as ArrayLike<number>;
      this.dt = batch.column('dt') as ArrayLike<number>;
    }
  }

  start(i: number): number {
    return this.offset(this.words, i);
  }

  /** As RecordBatch.rowEnds: endtime, time + length × dt, and never before time + 1. */
  end(i: number): number {
    const start = this.start(i);
    const end = this.endWords
      ? this.offset(this.endWords, i)
      : this.length && this.dt
        ? start + this.length[i] * this.dt[i]
        : start;
    return Math.max(end, start + 1);
  }

  private offset(w: Uint32Array, i: number): number {
    return ((w[2 * i + 1] | 0) - this.hi0) * 2 ** 32 + (w[2 * i] - this.lo0);
  }

  /** The ns time `offset` after the first row. */
  at(offset: number): bigint {
    return this.batch.time[0] + BigInt(offset);
  }
}

/**
 * Where to end a chunk that starts at row 0: at the first row i ≥ minRows preceded by a gap of at
 * least gapNs in which no earlier row reaches, cutting in the middle of that gap so context on
 * either side stays on its own side. Depends only on the rows from the chunk start onwards, so a
 * resumed run cuts where the interrupted one did. Undefined when the batch holds no such gap.
 */
export function findCut(batch: RecordBatch, minRows: number, gapNs: number): { rows: number; at: bigint } | undefined {
  if (batch.length === 0) return undefined;
  const rows = new RowExtents(batch);
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
  const rows = new RowExtents(batch);
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
