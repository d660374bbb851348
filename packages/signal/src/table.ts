/** Every typed array a column can be. */
export type TypedArray = Int8Array | Uint8Array | Int16Array | Int32Array | Float32Array | Float64Array | BigInt64Array;

/**
 * Rows held as a struct of typed arrays, array fields flattened row-major: the shape of
 * `RecordBatch` from @dance/schema, so a batch can be handed to a kernel as it is.
 */
export interface Table<C> {
  readonly length: number;
  readonly columns: C;
}

type ArrayConstructor = new (n: number) => TypedArray;

/** How to allocate each column of a struct: its typed-array class and elements per row. */
export type ColumnSpec<C> = { readonly [K in keyof C]: readonly [ArrayConstructor, number] };

/** Zeroed columns for `rows` rows. */
export function allocateColumns<C>(spec: ColumnSpec<C>, rows: number): C {
  const out: Record<string, TypedArray> = {};
  for (const [name, [ArrayType, width]] of Object.entries(spec) as [string, [ArrayConstructor, number]][]) {
    out[name] = new ArrayType(rows * width);
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

/** Rows `order[0], order[1], ...` of `columns`, copied into new columns. */
export function takeRows<C>(spec: ColumnSpec<C>, columns: C, order: ArrayLike<number>): C {
  const out = allocateColumns(spec, order.length) as Record<string, TypedArray>;
  for (const [name, [, width]] of Object.entries(spec) as [string, [ArrayConstructor, number]][]) {
    const col = (columns as Record<string, TypedArray>)[name];
    const next = out[name];
    for (let i = 0; i < order.length; i++) {
      const from = order[i] * width;
      if (width === 1) next[i] = col[from];
      else next.set(col.subarray(from, from + width) as never, i * width);
    }
  }
  return out as C;
}
