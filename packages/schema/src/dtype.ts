/** Scalar element types a record field may have, named as numpy's short codes read. */
export const DTYPES = {
  i8: { bytes: 1, array: Int8Array, numpy: '|i1', label: 'int8' },
  u8: { bytes: 1, array: Uint8Array, numpy: '|u1', label: 'uint8' },
  bool: { bytes: 1, array: Uint8Array, numpy: '|b1', label: 'bool' },
  i16: { bytes: 2, array: Int16Array, numpy: '<i2', label: 'int16' },
  u16: { bytes: 2, array: Uint16Array, numpy: '<u2', label: 'uint16' },
  i32: { bytes: 4, array: Int32Array, numpy: '<i4', label: 'int32' },
  u32: { bytes: 4, array: Uint32Array, numpy: '<u4', label: 'uint32' },
  i64: { bytes: 8, array: BigInt64Array, numpy: '<i8', label: 'int64' },
  u64: { bytes: 8, array: BigUint64Array, numpy: '<u8', label: 'uint64' },
  f32: { bytes: 4, array: Float32Array, numpy: '<f4', label: 'float32' },
  f64: { bytes: 8, array: Float64Array, numpy: '<f8', label: 'float64' },
} as const;

export type Dtype = keyof typeof DTYPES;

/** The typed array that holds a column of the given element type. */
export type ArrayFor<D extends Dtype> = InstanceType<(typeof DTYPES)[D]['array']>;

export type TypedArray =
  | Int8Array
  | Uint8Array
  | Int16Array
  | Uint16Array
  | Int32Array
  | Uint32Array
  | BigInt64Array
  | BigUint64Array
  | Float32Array
  | Float64Array;

export function isDtype(s: string): s is Dtype {
  return Object.hasOwn(DTYPES, s);
}

/** Allocates a zeroed column of `n` elements. */
export function allocate(dtype: Dtype, n: number): TypedArray {
  return new DTYPES[dtype].array(n);
}

/** Whether a typed array is the kind that holds `dtype` (bool is stored as uint8). */
export function holds(dtype: Dtype, array: TypedArray): boolean {
  return array instanceof DTYPES[dtype].array;
}
