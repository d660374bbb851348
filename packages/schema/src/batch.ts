import { type ArrayFor, allocate, DTYPES, holds, type TypedArray } from './dtype.js';
import type { FieldSpec, RecordSchema } from './record.js';
import { RowSpans } from './row-spans.js';

/** Column arrays of a record type, keyed by field name; array fields are flattened row-major. */
export type ColumnsOf<F extends readonly FieldSpec[]> = {
  [K in F[number] as K['name']]: ArrayFor<K['dtype']>;
};

/**
 * Rows of one data type held as a struct of typed arrays. `time` is a BigInt64Array of ns since
 * the Unix epoch: exact for every int64 value, unlike a float64, which loses whole nanoseconds past
 * 2^53 ns (about 104 days after 1970). Kernels that need float arithmetic work on offsets from a
 * chunk start (see `timeOffsets`).
 */
export class RecordBatch<F extends readonly FieldSpec[] = readonly FieldSpec[]> {
  readonly schema: RecordSchema<F>;
  readonly length: number;
  readonly columns: ColumnsOf<F>;

  constructor(schema: RecordSchema<F>, length: number, columns: ColumnsOf<F>) {
    this.schema = schema;
    this.length = length;
    this.columns = columns;
    const cols = columns as Record<string, TypedArray>;
    for (const f of schema.fields) {
      const col = cols[f.name];
      if (!col) throw new Error(`${schema.name}: column '${f.name}' is missing`);
      if (!holds(f.dtype, col)) {
        throw new Error(
          `${schema.name}: column '${f.name}' must be a ${DTYPES[f.dtype].array.name}, got ${col.constructor.name}`,
        );
      }
      const want = length * (f.shape ?? 1);
      if (col.length !== want)
        throw new Error(`${schema.name}: column '${f.name}' has ${col.length} elements, expected ${want}`);
    }
  }

  /** A zeroed batch of `length` rows. */
  static allocate<F extends readonly FieldSpec[]>(schema: RecordSchema<F>, length: number): RecordBatch<F> {
    const columns: Record<string, TypedArray> = {};
    for (const f of schema.fields) columns[f.name] = allocate(f.dtype, length * (f.shape ?? 1));
    return new RecordBatch(schema, length, columns as ColumnsOf<F>);
  }

  static empty<F extends readonly FieldSpec[]>(schema: RecordSchema<F>): RecordBatch<F> {
    return RecordBatch.allocate(schema, 0);
  }

  column(name: string): TypedArray {
    const col = (this.columns as Record<string, TypedArray>)[name];
    if (!col) throw new Error(`${this.schema.name} has no field '${name}'`);
    return col;
  }

  get time(): BigInt64Array {
    return this.column('time') as BigInt64Array;
  }

  /** Rows [start, end) sharing memory with this batch (zero-copy). */
  slice(start: number, end = this.length): RecordBatch<F> {
    const s = Math.max(0, Math.min(start, this.length));
    const e = Math.max(s, Math.min(end, this.length));
    const columns: Record<string, TypedArray> = {};
    for (const f of this.schema.fields) {
      const k = f.shape ?? 1;
      columns[f.name] = this.column(f.name).subarray(s * k, e * k);
    }
    return new RecordBatch(this.schema, e - s, columns as ColumnsOf<F>);
  }

  /** A new batch holding rows `indices` in that order (copies). */
  take(indices: ArrayLike<number>): RecordBatch<F> {
    const n = indices.length;
    const out = RecordBatch.allocate(this.schema, n);
    for (const f of this.schema.fields) {
      const k = f.shape ?? 1;
      const src = this.column(f.name);
      const dst = out.column(f.name);
      if (k === 1) {
        for (let i = 0; i < n; i++) dst[i] = src[indices[i]];
      } else {
        for (let i = 0; i < n; i++) {
          const j = indices[i] * k;
          (dst as Int16Array).set((src as Int16Array).subarray(j, j + k), i * k);
        }
      }
    }
    return out;
  }

  /** Whether `time` never decreases from row to row. */
  isTimeSorted(): boolean {
    const t = this.time;
    for (let i = 1; i < t.length; i++) if (t[i] < t[i - 1]) return false;
    return true;
  }

  /** Rows in time order; ties keep their input order. Returns this batch when already sorted. */
  sortByTime(): RecordBatch<F> {
    if (this.isTimeSorted()) return this;
    return this.take(timeOrder(this.time));
  }

  /** End of each row in ns (time + length × dt) for types that carry length and dt. */
  endTime(): BigInt64Array {
    const t = this.time;
    const len = this.column('length');
    const dt = this.column('dt');
    const out = new BigInt64Array(this.length);
    for (let i = 0; i < out.length; i++) out[i] = t[i] + BigInt(Number(len[i]) * Number(dt[i]));
    return out;
  }

  /**
   * The first ns after each row, for every type: its `endtime` where the type has one (events,
   * peak_basics), time + length × dt for waveforms (records, peaks), and never before time + 1, since
   * a chunk [start, end) must contain every row's time.
   */
  rowEnds(): BigInt64Array {
    const t = this.time;
    const spans = new RowSpans(this);
    const out = new BigInt64Array(this.length);
    for (let i = 0; i < out.length; i++) out[i] = t[i] + BigInt(spans.duration(i));
    return out;
  }
}

/** Stable argsort of int64 times. */
export function timeOrder(time: BigInt64Array): Uint32Array {
  const n = time.length;
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  if (n === 0) return order;
  let min = time[0];
  let max = time[0];
  for (let i = 1; i < n; i++) {
    if (time[i] < min) min = time[i];
    if (time[i] > max) max = time[i];
  }
  // Float64 offsets compare exactly while the span fits in 2^53 ns (104 days): much faster than
  // comparing BigInts. Wider spans fall back to BigInt comparison.
  if (max - min < 2n ** 53n) {
    const rel = timeOffsets(time, min);
    order.sort((a, b) => rel[a] - rel[b] || a - b);
  } else {
    order.sort((a, b) => (time[a] < time[b] ? -1 : time[a] > time[b] ? 1 : a - b));
  }
  return order;
}

/** First row whose time is ≥ t, in time-sorted rows (binary search). */
export function firstRowAtOrAfter(time: BigInt64Array, t: bigint): number {
  let lo = 0;
  let hi = time.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (time[mid] < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Offsets of int64 times from `origin` as float64; exact while each |offset| < 2^53 ns. */
export function timeOffsets(time: BigInt64Array, origin: bigint): Float64Array {
  const out = new Float64Array(time.length);
  for (let i = 0; i < time.length; i++) out[i] = Number(time[i] - origin);
  return out;
}

/** Concatenates batches of one type into a new batch (copies). */
export function concatBatches<F extends readonly FieldSpec[]>(
  schema: RecordSchema<F>,
  batches: readonly RecordBatch<F>[],
): RecordBatch<F> {
  let n = 0;
  for (const b of batches) {
    if (b.schema.name !== schema.name) throw new Error(`cannot concatenate ${b.schema.name} into ${schema.name}`);
    n += b.length;
  }
  const out = RecordBatch.allocate(schema, n);
  for (const f of schema.fields) {
    const dst = out.column(f.name) as Int8Array;
    let at = 0;
    for (const b of batches) {
      const src = b.column(f.name) as Int8Array;
      dst.set(src, at);
      at += src.length;
    }
  }
  return out;
}
