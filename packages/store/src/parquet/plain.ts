/**
 * PLAIN encoding of DANCE columns. For 32- and 64-bit types it is the typed array's own bytes
 * (little-endian host), so writing is a view and reading a copy. 8/16-bit integers widen to
 * INT32; booleans pack eight to a byte, least significant bit first.
 */
import type { Dtype, TypedArray } from '@dance/schema';
import { plainIsNative, plainWidth } from './columns.js';

/** Reusable growable buffers, so a file's pages share a few allocations. */
export class Scratch {
  private buf = new ArrayBuffer(0);

  /** `n` bytes of scratch memory, 8-byte aligned; previous contents are not kept. */
  bytes(n: number): Uint8Array {
    if (this.buf.byteLength < n) this.buf = new ArrayBuffer(Math.max(n, this.buf.byteLength * 1.5));
    return new Uint8Array(this.buf, 0, n);
  }
}

/** Bytes the PLAIN encoding of `count` elements takes. */
export function plainBytes(dtype: Dtype, count: number): number {
  return dtype === 'bool' ? Math.ceil(count / 8) : count * plainWidth(dtype);
}

/** PLAIN bytes of elements [start, start + count) of `col`: a view when no conversion is needed. */
export function encodePlain(dtype: Dtype, col: TypedArray, start: number, count: number, scratch: Scratch): Uint8Array {
  const w = plainWidth(dtype);
  if (plainIsNative(dtype)) return new Uint8Array(col.buffer, col.byteOffset + start * w, count * w);
  const out = scratch.bytes(plainBytes(dtype, count));
  if (dtype === 'bool') {
    out.fill(0);
    for (let i = 0; i < count; i++) if (col[start + i]) out[i >> 3] |= 1 << (i & 7);
  } else {
    const wide = new Int32Array(out.buffer, out.byteOffset, count);
    const src = col as Int16Array;
    for (let i = 0; i < count; i++) wide[i] = src[start + i];
  }
  return out;
}

/** Decodes `count` PLAIN elements from `bytes` (exactly their length) into `dst` from element `at`. */
export function decodePlain(dtype: Dtype, bytes: Uint8Array, dst: TypedArray, at: number, count: number): void {
  if (plainIsNative(dtype)) {
    const w = plainWidth(dtype);
    new Uint8Array(dst.buffer, dst.byteOffset + at * w, count * w).set(bytes);
  } else if (dtype === 'bool') {
    for (let i = 0; i < count; i++) dst[at + i] = (bytes[i >> 3] >> (i & 7)) & 1;
  } else {
    // INT32 to 8/16 bits: the low two bytes, wrapped to the destination's range by the store.
    // Byte loads work at any alignment (values follow levels of arbitrary length in a page).
    const out = dst as Int16Array;
    for (let i = 0, j = 0; i < count; i++, j += 4) out[at + i] = bytes[j] | (bytes[j + 1] << 8);
  }
}
