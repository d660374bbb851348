/**
 * The DANCE `split-bytes` waveform codec: 16-bit samples are stored as two byte planes, low bytes
 * and high bytes. Digitizer samples sit on a baseline with a few ADC of noise, so the high bytes
 * are almost constant and the low bytes carry the noise: zstd compresses the planes far better
 * (and faster) than interleaved samples. Sample i is lo[i] | hi[i] << 8, in numpy
 * `np.stack([lo, hi], -1).view('<i2')[..., 0]` (packages/store/python/dance_store.py).
 */

/** Splits little-endian 16-bit samples into their low and high bytes. */
export function splitBytes(samples: Int16Array | Uint16Array): { lo: Uint8Array; hi: Uint8Array } {
  const u = new Uint16Array(samples.buffer, samples.byteOffset, samples.length);
  const n = u.length;
  const lo = new Uint8Array(n);
  const hi = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const v = u[i];
    lo[i] = v & 0xff;
    hi[i] = v >>> 8;
  }
  return { lo, hi };
}

/** Joins byte planes back into 16-bit samples written to `out`. */
export function joinBytes(lo: Uint8Array, hi: Uint8Array, out: Int16Array | Uint16Array): void {
  const u = new Uint16Array(out.buffer, out.byteOffset, out.length);
  for (let i = 0; i < u.length; i++) u[i] = lo[i] | (hi[i] << 8);
}
