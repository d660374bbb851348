/**
 * Copies m int16 samples src[srcAt..] → dst[dstAt..]. When both offsets have the same parity it
 * moves two samples per step through int32 views of the same memory (waveform copies are a large
 * share of the digitizer's time); the views must cover the same buffers as the int16 arrays.
 */
export function copySamples(
  dst: Int16Array,
  dst32: Int32Array,
  dstAt: number,
  src: Int16Array,
  src32: Int32Array,
  srcAt: number,
  m: number,
): void {
  if (((dstAt ^ srcAt) & 1) === 0 && m > 0) {
    if (dstAt & 1) {
      dst[dstAt++] = src[srcAt++];
      m--;
    }
    const words = m >> 1;
    const d = dstAt >> 1;
    const s = srcAt >> 1;
    for (let q = 0; q < words; q++) dst32[d + q] = src32[s + q];
    if (m & 1) dst[dstAt + m - 1] = src[srcAt + m - 1];
  } else {
    for (let q = 0; q < m; q++) dst[dstAt + q] = src[srcAt + q];
  }
}

/** An int32 view over an int16 array whose byte offset is a multiple of 4 (the trailing odd sample is left out). */
export function wordsOf(a: Int16Array): Int32Array {
  return new Int32Array(a.buffer, a.byteOffset, a.length >> 1);
}
