import { lendColumn } from './column-pool.js';

/** Every typed array a column can be. */
export type TypedArray =
  | Int8Array
  | Uint8Array
  | Int16Array
  | Int32Array
  | Uint32Array
  | Float32Array
  | Float64Array
  | BigInt64Array;

/**
 * Rows held as a struct of typed arrays, array fields flattened row-major: the shape of
 * `RecordBatch` from @dance/schema, so a batch can be handed to a kernel as it is.
 */
export interface Table<C> {
  readonly length: number;
  readonly columns: C;
}

type ArrayConstructor = (new (
  n: number,
) => TypedArray) & {
  new (buffer: ArrayBuffer, byteOffset: number, length: number): TypedArray;
  BYTES_PER_ELEMENT: number;
};

/** How to allocate each column of a struct: its typed-array class and elements per row. */
export type ColumnSpec<C> = { readonly [K in keyof C]: readonly [ArrayConstructor, number] };

/** The spec of some of a struct's columns, taken from the whole struct's spec. */
export function pickColumns<C, K extends keyof C>(spec: ColumnSpec<C>, names: readonly K[]): ColumnSpec<Pick<C, K>> {
  return Object.fromEntries(names.map((name) => [name, spec[name]])) as unknown as ColumnSpec<Pick<C, K>>;
}

/** Zeroed columns for `rows` rows, lent by the column pool (giveBackColumns). */
export function allocateColumns<C>(spec: ColumnSpec<C>, rows: number): C {
  const out: Record<string, TypedArray> = {};
  for (const [name, [ArrayType, width]] of Object.entries(spec) as [string, [ArrayConstructor, number]][]) {
    out[name] = lendColumn(ArrayType, rows * width);
  }
  return out as C;
}

/** New columns with room for `capacity` rows holding the first `rows` rows of `columns`. */
export function resizeColumns<C>(spec: ColumnSpec<C>, columns: C, rows: number, capacity: number): C {
  const out = allocateColumns(spec, capacity) as Record<string, TypedArray>;
  for (const [name, [, width]] of Object.entries(spec) as [string, [ArrayConstructor, number]][]) {
    const col = (columns as Record<string, TypedArray>)[name];
    out[name].set(col.subarray(0, Math.min(rows, capacity) * width) as never);
  }
  return out as C;
}

/** Zero-copy views of the first `rows` rows of `columns`. */
export function firstRows<C>(spec: ColumnSpec<C>, columns: C, rows: number): C {
  const out: Record<string, TypedArray> = {};
  for (const [name, [, width]] of Object.entries(spec) as [string, [ArrayConstructor, number]][]) {
    out[name] = (columns as Record<string, TypedArray>)[name].subarray(0, rows * width);
  }
  return out as C;
}

/** Rows `order[0], order[1], ...` of `columns`, copied into new columns. */
export function takeRows<C>(spec: ColumnSpec<C>, columns: C, order: ArrayLike<number>): C {
  const out = allocateColumns(spec, order.length);
  copyRows(spec, columns, order, out);
  return out;
}

/** Row `from[k]` of `src` → row `to[k]` of `out` (row k without `to`), for every column. */
export function copyRows<C>(
  spec: ColumnSpec<C>,
  src: C,
  from: ArrayLike<number>,
  out: C,
  to?: ArrayLike<number>,
): void {
  for (const [name, [, width]] of Object.entries(spec) as [string, [ArrayConstructor, number]][]) {
    const a = (src as Record<string, TypedArray>)[name];
    const b = (out as Record<string, TypedArray>)[name];
    const units = a.BYTES_PER_ELEMENT === 8 ? 2 : 1;
    moveRows(unsigned(a), unsigned(b), from, to, width * units);
  }
}

/**
 * The bits of a typed array through an unsigned view (8-byte elements as two 32-bit words): copies
 * then run through three array types only, which keeps V8's copy loop fast.
 */
function unsigned(a: TypedArray): Uint8Array | Uint16Array | Uint32Array {
  if (a.BYTES_PER_ELEMENT === 1) return new Uint8Array(a.buffer, a.byteOffset, a.length);
  if (a.BYTES_PER_ELEMENT === 2) return new Uint16Array(a.buffer, a.byteOffset, a.length);
  return new Uint32Array(a.buffer, a.byteOffset, a.byteLength / 4);
}

function moveRows(
  src: Uint8Array | Uint16Array | Uint32Array,
  out: Uint8Array | Uint16Array | Uint32Array,
  from: ArrayLike<number>,
  to: ArrayLike<number> | undefined,
  width: number,
): void {
  // One-element rows (most columns) without the inner loop: it costs more than the copy.
  if (width === 1) {
    if (to) for (let k = 0; k < from.length; k++) out[to[k]] = src[from[k]];
    else for (let k = 0; k < from.length; k++) out[k] = src[from[k]];
    return;
  }
  for (let k = 0; k < from.length; k++) {
    const a = from[k] * width;
    const b = (to ? to[k] : k) * width;
    if (width < 16) for (let j = 0; j < width; j++) out[b + j] = src[a + j];
    else out.set(src.subarray(a, a + width) as never, b); // memcpy beats the loop on wide rows
  }
}
