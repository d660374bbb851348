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

/** The column's own bytes for elements [start, start + count) when they are already PLAIN, else undefined. */
export function nativePlain(dtype: Dtype, col: TypedArray, start: number, count: number): Uint8Array | undefined {
  if (!plainIsNative(dtype)) return undefined;
  const w = plainWidth(dtype);
  return new Uint8Array(col.buffer, col.byteOffset + start * w, count * w);
}

/** Writes PLAIN bytes of elements [start, start + count) into `out` (4-byte aligned, plainBytes long). */
export function writePlain(dtype: Dtype, col: TypedArray, start: number, count: number, out: Uint8Array): void {
  const native = nativePlain(dtype, col, start, count);
  if (native) out.set(native);
  else if (dtype === 'bool') {
    out.fill(0, 0, plainBytes(dtype, count));
    for (let i = 0; i < count; i++) if (col[start + i]) out[i >> 3] |= 1 << (i & 7);
  } else {
    const wide = new Int32Array(out.buffer, out.byteOffset, count);
    const src = col as Int16Array;
    for (let i = 0; i < count; i++) wide[i] = src[start + i];
  }
}

/**
 * Decodes `count` PLAIN elements from `bytes` (exactly their length; 4-byte aligned for 8/16-bit
 * types) into `dst` from element `at`.
 */
export function decodePlain(dtype: Dtype, bytes: Uint8Array, dst: TypedArray, at: number, count: number): void {
  if (plainIsNative(dtype)) {
    const w = plainWidth(dtype);
    new Uint8Array(dst.buffer, dst.byteOffset + at * w, count * w).set(bytes);
  } else if (dtype === 'bool') {
    for (let i = 0; i < count; i++) dst[at + i] = (bytes[i >> 3] >> (i & 7)) & 1;
  } else {
    // INT32 to 8/16 bits: storing into the narrower typed array keeps the low bits, which is
    // the value itself for files that respect their INT(8|16) annotation.
    const wide = new Int32Array(bytes.buffer, bytes.byteOffset, count);
    const out = dst as Int16Array;
    for (let i = 0; i < count; i++) out[at + i] = wide[i];
  }
}
