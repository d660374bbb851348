import type { TypedArray } from './table.js';

/**
 * Column buffers that kernels lend out and callers give back once a table is done with (stored, or
 * an intermediate nobody reads any more), so the next chunk reuses them.
 *
 * Why: on these VMs the first touch of a fresh page costs ~1.5 µs. A chunk's peaklet table
 * (~137 MB for 2e5 records) takes ~50 ms to fault in and 4.5 ms to zero again, a quarter of
 * building it. Nothing changes for a caller that never gives back: lent buffers are then ordinary
 * garbage. One pool per thread (each worker imports its own copy of this module).
 */

type ArrayType<T extends TypedArray> = {
  new (buffer: ArrayBuffer, byteOffset: number, length: number): T;
  BYTES_PER_ELEMENT: number;
};

/**
 * Smaller ones come from the allocator as before. Larger ones are worth keeping even below a page
 * fault's cost: V8 starts a full garbage collection after every ~64 MB of new ArrayBuffers, which
 * took a third of a worker's time in its background threads.
 */
const MIN_POOLED_BYTES = 1 << 12;
/** The most the pool keeps between chunks; what does not fit is left to the garbage collector. */
const MAX_KEPT_BYTES = 768 << 20;

/** Kept buffers, smallest first. */
const kept: ArrayBuffer[] = [];
let keptBytes = 0;
/** Buffers out on loan: only these can be given back, and only once. */
const lent = new WeakSet<ArrayBuffer>();

/** A zeroed typed array of `length` elements, on a kept buffer when one fits (at most twice its size). */
export function lendColumn<T extends TypedArray>(type: ArrayType<T>, length: number): T {
  const bytes = length * type.BYTES_PER_ELEMENT;
  if (bytes < MIN_POOLED_BYTES) return new type(new ArrayBuffer(bytes), 0, length);
  const at = kept.findIndex((b) => b.byteLength >= bytes);
  if (at >= 0 && kept[at].byteLength <= 2 * bytes) {
    const [buffer] = kept.splice(at, 1);
    keptBytes -= buffer.byteLength;
    lent.add(buffer);
    new Uint8Array(buffer, 0, bytes).fill(0);
    return new type(buffer, 0, length);
  }
  // A quarter more room, so the next chunk, a little larger, still fits (untouched pages cost nothing).
  const buffer = new ArrayBuffer(Math.ceil((1.25 * bytes) / 4096) * 4096);
  lent.add(buffer);
  return new type(buffer, 0, length);
}

/**
 * Gives back the buffers of lent columns (views of them too): the caller promises nothing reads
 * them again. Columns that were not lent, or are already back, are left alone.
 */
export function giveBackColumns(columns: object): void {
  for (const column of Object.values(columns) as unknown[]) {
    if (!ArrayBuffer.isView(column)) continue;
    const buffer = column.buffer as ArrayBuffer;
    if (!lent.has(buffer)) continue;
    lent.delete(buffer);
    if (keptBytes + buffer.byteLength > MAX_KEPT_BYTES) continue;
    let at = 0;
    while (at < kept.length && kept[at].byteLength < buffer.byteLength) at++;
    kept.splice(at, 0, buffer);
    keptBytes += buffer.byteLength;
  }
}

/** Bytes the pool keeps for reuse (for tests and benchmarks). */
export function keptColumnBytes(): number {
  return keptBytes;
}
