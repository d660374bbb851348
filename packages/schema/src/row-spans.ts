import type { RecordBatch } from './batch.js';
import type { RecordSchema } from './record.js';

/** The int64 column as pairs of 32-bit words (little-endian: low word first). */
function words(t: BigInt64Array): Uint32Array {
  return new Uint32Array(t.buffer, t.byteOffset, 2 * t.length);
}

/**
 * Where each row of a batch starts and ends, in ns after the batch's first row, as numbers: the one
 * rule for how long a row lasts (its `endtime`, else length × dt, and never less than 1 ns, since a
 * chunk [start, end) must contain every row's time). Read straight from the int64 words, because a
 * BigInt per row keeps the garbage collector busy in loops over every row. Offsets are exact while
 * the batch spans less than 2^53 ns (104 days); durations while a row lasts less than that.
 */
export class RowSpans {
  private readonly time: Uint32Array;
  private readonly hi0: number;
  private readonly lo0: number;
  private readonly endtime?: Uint32Array;
  private readonly length?: ArrayLike<number>;
  private readonly dt?: ArrayLike<number>;

  constructor(readonly batch: RecordBatch) {
    this.time = words(batch.time);
    this.lo0 = this.time[0] ?? 0;
    this.hi0 = this.time[1] | 0;
    const [extent] = extentColumns(batch.schema);
    if (extent === 'endtime') this.endtime = words(batch.column('endtime') as BigInt64Array);
    else if (extent) {
      this.length = batch.column('length') as ArrayLike<number>;
      this.dt = batch.column('dt') as ArrayLike<number>;
    }
  }

  /** ns from the first row's time to row i's. */
  start(i: number): number {
    const w = this.time;
    return ((w[2 * i + 1] | 0) - this.hi0) * 2 ** 32 + (w[2 * i] - this.lo0);
  }

  /** How long row i lasts, in ns (at least 1). */
  duration(i: number): number {
    let d = 1;
    if (this.endtime) {
      const e = this.endtime;
      const t = this.time;
      d = ((e[2 * i + 1] | 0) - (t[2 * i + 1] | 0)) * 2 ** 32 + (e[2 * i] - t[2 * i]);
    } else if (this.length && this.dt) d = this.length[i] * this.dt[i];
    return Math.max(d, 1);
  }

  /** ns from the first row's time to the end of row i. */
  end(i: number): number {
    return this.start(i) + this.duration(i);
  }

  /** The ns time `offset` after the first row. */
  at(offset: number): bigint {
    return this.batch.time[0] + BigInt(offset);
  }
}

/** The columns that say how long a row lasts: ['endtime'], ['length', 'dt'], or none (a point in time). */
export function extentColumns(schema: RecordSchema): readonly string[] {
  const names = new Set(schema.fields.map((f) => f.name));
  if (names.has('endtime')) return ['endtime'];
  if (names.has('length') && names.has('dt')) return ['length', 'dt'];
  return [];
}
