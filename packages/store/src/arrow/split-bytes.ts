/**
 * The DANCE `split-bytes` waveform codec: 16-bit samples are stored as two byte planes, low bytes
 * and high bytes. Digitizer samples sit on a baseline with a few ADC of noise, so the high bytes
 * are almost constant and the low bytes carry the noise: zstd compresses the planes far better
 * (and faster) than interleaved samples. Sample i is lo[i] | hi[i] << 8, in numpy
 * `np.stack([lo, hi], -1).view('<i2')[..., 0]` (packages/store/python/dance_store.py).
 *
 * Both directions run over every stored waveform byte, so whole blocks of 16 samples go through
 * WebAssembly SIMD shuffles (simd-module.ts), several times faster than any JS loop; the last
 * n % 16 samples take the scalar path.
 */
import { SIMD_MODULE } from './simd-module.js';

// lib ES2023 without DOM has no WebAssembly types: the little used here
declare const WebAssembly: {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object) => { exports: object };
};

interface Kernels {
  memory: { buffer: ArrayBuffer; grow(pages: number): number };
  join(lo: number, hi: number, out: number, n: number): void;
  split(input: number, lo: number, hi: number, n: number): void;
}

let kernels: Kernels | undefined;

/** The kernels' memory, grown to at least `bytes`. */
function workspace(bytes: number): { k: Kernels; mem: Uint8Array } {
  kernels ??= new WebAssembly.Instance(new WebAssembly.Module(SIMD_MODULE)).exports as unknown as Kernels;
  const missing = bytes - kernels.memory.buffer.byteLength;
  if (missing > 0) kernels.memory.grow(Math.ceil(missing / 65536));
  return { k: kernels, mem: new Uint8Array(kernels.memory.buffer) };
}

function asBytes(a: Int16Array | Uint16Array): Uint8Array {
  return new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
}

/** Splits little-endian 16-bit samples into their low and high bytes. */
export function splitBytes(samples: Int16Array | Uint16Array): { lo: Uint8Array; hi: Uint8Array } {
  const n = samples.length;
  const lo = new Uint8Array(n);
  const hi = new Uint8Array(n);
  const blocks = n - (n % 16);
  if (blocks > 0) {
    // layout: [samples 2n | lo n | hi n]
    const { k, mem } = workspace(4 * blocks);
    mem.set(asBytes(samples).subarray(0, 2 * blocks), 0);
    k.split(0, 2 * blocks, 3 * blocks, blocks);
    lo.set(mem.subarray(2 * blocks, 3 * blocks));
    hi.set(mem.subarray(3 * blocks, 4 * blocks));
  }
  const u = new Uint16Array(samples.buffer, samples.byteOffset, n);
  for (let i = blocks; i < n; i++) {
    lo[i] = u[i] & 0xff;
    hi[i] = u[i] >>> 8;
  }
  return { lo, hi };
}

/** Joins byte planes back into 16-bit samples written to `out`. */
export function joinBytes(lo: Uint8Array, hi: Uint8Array, out: Int16Array | Uint16Array): void {
  const n = out.length;
  const blocks = n - (n % 16);
  if (blocks > 0) {
    // layout: [lo n | hi n | samples 2n]
    const { k, mem } = workspace(4 * blocks);
    mem.set(lo.subarray(0, blocks), 0);
    mem.set(hi.subarray(0, blocks), blocks);
    k.join(0, blocks, 2 * blocks, blocks);
    asBytes(out).set(mem.subarray(2 * blocks, 4 * blocks));
  }
  const u = new Uint16Array(out.buffer, out.byteOffset, n);
  for (let i = blocks; i < n; i++) u[i] = lo[i] | (hi[i] << 8);
}
