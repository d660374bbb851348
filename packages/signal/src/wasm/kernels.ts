/**
 * The wasm sample loops (see kernels-module.ts) run on blocks of rows copied into the module's memory:
 * a block stays in the CPU cache, and the memory stays small whatever the chunk size. Each entry
 * returns undefined/false where the module cannot run (no WebAssembly SIMD), and the caller falls back
 * to its plain-JS loop, which gives the same result (test/wasm-speed-path.test.ts).
 */
import { assemble } from '@dance/wasm';
import { giveBackColumns, lendColumn } from '../column-pool.js';
import { BASELINE, FLIP, SCAN } from './kernels-module.js';

// lib ES2023 without DOM has no WebAssembly types: the little used here
declare const WebAssembly: {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object) => { exports: object };
};

interface KernelExports {
  memory: { buffer: ArrayBuffer; grow(pages: number): number };
  baseline(raw: number, len: number, bl: number, rms: number, n: number, samples: number, nb: number): void;
  flip(raw: number, out: number, bl: number, len: number, n: number, samples: number): void;
  scan(data: number, least: number, len: number, notes: number, n: number, samples: number): number;
}

/** Hits noted by a scan: per hit [row, first sample, end sample, Σ samples, height, sample at max]. */
export interface HitNotes {
  notes: Int32Array;
  count: number;
}
export const HIT_NOTE = 6;

/** Room for `extra` more hits. */
export function reserveNotes(h: HitNotes, extra: number): void {
  const need = HIT_NOTE * (h.count + extra);
  if (need <= h.notes.length) return;
  const grown = lendColumn(Int32Array, Math.max(need, 2 * h.notes.length));
  grown.set(h.notes.subarray(0, HIT_NOTE * h.count));
  giveBackColumns({ notes: h.notes });
  h.notes = grown;
}

/** Samples per block: 2 × 128 kB of int16 in flight. */
const BLOCK_SAMPLES = 1 << 16;
/** The kernels count samples left in a row in int16 lanes. */
const MAX_SAMPLES = 32760;

let instance: KernelExports | null | undefined;
let enabled = true;

/** Turn the wasm path off (tests compare it with the plain-JS loops). */
export function useWasmKernels(on: boolean): void {
  enabled = on;
}

function kernels(samples: number): KernelExports | undefined {
  if (!enabled || samples <= 0 || samples > MAX_SAMPLES) return undefined;
  if (instance === undefined) {
    try {
      instance = new WebAssembly.Instance(new WebAssembly.Module(assemble([BASELINE, FLIP, SCAN]))).exports as never;
    } catch {
      instance = null;
    }
  }
  return instance ?? undefined;
}

/**
 * Byte offsets of a block's regions: samples in and out (16 bytes of room each), two i32 and two f64
 * per row, hit notes.
 */
function layout(k: KernelExports, samples: number) {
  const rows = Math.max(1, Math.floor(BLOCK_SAMPLES / samples));
  const sampleBytes = (rows * samples * 2 + 31) & ~15;
  const [a, b, c, d] = [0, sampleBytes, 2 * sampleBytes, 2 * sampleBytes + 4 * rows];
  const e = (d + 4 * rows + 7) & ~7;
  const f = e + 8 * rows;
  const notes = f + 8 * rows;
  // a hit needs one sample at or above threshold and one below before the next starts
  const end = notes + 4 * HIT_NOTE * rows * Math.ceil(samples / 2);
  const missing = end - k.memory.buffer.byteLength;
  if (missing > 0) k.memory.grow(Math.ceil(missing / 65536));
  const buffer = k.memory.buffer;
  return {
    rows,
    a,
    b,
    c,
    d,
    e,
    f,
    notes,
    i16: new Int16Array(buffer),
    i32: new Int32Array(buffer),
    f64: new Float64Array(buffer),
  };
}

/**
 * records.ts's row loop in wasm, block by block: each row's own baseline and rms from its first nb
 * samples, then `settle(row, bl, rms)` gives the integer the row is flipped by (records.ts decides
 * which baseline a row uses), then data = that − raw over the first length samples, zero after.
 * Returns each row's Σ data, or undefined if wasm cannot run.
 */
export function recordRowsWasm(
  raw: Int16Array,
  data: Int16Array,
  length: Int32Array,
  samples: number,
  nb: number,
  settle: (row: number, bl: number, rms: number) => number,
): Int32Array | undefined {
  const k = kernels(samples);
  if (!k) return undefined;
  const { rows, a, b, c, d, e, f, i16, i32, f64 } = layout(k, samples);
  const n = length.length;
  const sums = new Int32Array(n);
  for (let r0 = 0; r0 < n; r0 += rows) {
    const m = Math.min(rows, n - r0);
    i16.set(raw.subarray(r0 * samples, (r0 + m) * samples), a >> 1);
    i32.set(length.subarray(r0, r0 + m), d >> 2);
    k.baseline(a, d, e, f, m, samples, nb);
    for (let i = 0; i < m; i++) i32[(c >> 2) + i] = settle(r0 + i, f64[(e >> 3) + i], f64[(f >> 3) + i]);
    k.flip(a, b, c, d, m, samples);
    data.set(i16.subarray(b >> 1, (b >> 1) + m * samples), r0 * samples);
    sums.set(i32.subarray(c >> 2, (c >> 2) + m), r0);
  }
  return sums;
}

/**
 * hits.ts's scanRows in wasm; undefined if wasm cannot run. A least of 32768 (no hit) wraps to
 * −32768 in the int16 lanes, so such rows take the exact sample-by-sample path and find nothing.
 */
export function scanRowsWasm(
  data: Int16Array,
  least: Int32Array,
  length: Int32Array,
  samples: number,
): HitNotes | undefined {
  const k = kernels(samples);
  if (!k) return undefined;
  const { rows, a, c, d, notes, i16, i32 } = layout(k, samples);
  const n = least.length;
  const found: HitNotes = { notes: lendColumn(Int32Array, HIT_NOTE * Math.max(16, n)), count: 0 };
  for (let r0 = 0; r0 < n; r0 += rows) {
    const m = Math.min(rows, n - r0);
    i16.set(data.subarray(r0 * samples, (r0 + m) * samples), a >> 1);
    i32.set(least.subarray(r0, r0 + m), c >> 2);
    i32.set(length.subarray(r0, r0 + m), d >> 2);
    const hits = k.scan(a, c, d, notes, m, samples);
    reserveNotes(found, hits);
    const at = HIT_NOTE * found.count;
    found.notes.set(i32.subarray(notes >> 2, (notes >> 2) + HIT_NOTE * hits), at);
    for (let h = 0; h < hits; h++) found.notes[at + HIT_NOTE * h] += r0;
    found.count += hits;
  }
  return found;
}
