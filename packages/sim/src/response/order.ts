const SAFE = 2 ** 53;

/**
 * Stable argsort of non-negative integer-valued keys into `out`. When key·2^b + index fits in a
 * float64 mantissa (b = bits for the count) the packed values are sorted with the engine's native
 * numeric sort, several times faster than an index sort with a comparator; otherwise it falls back
 * to the comparator.
 */
export function stableOrder(keys: Float64Array, out: Uint32Array): Uint32Array {
  const n = keys.length;
  if (n < 2) {
    if (n === 1) out[0] = 0;
    return out;
  }
  let max = 0;
  for (let i = 0; i < n; i++) if (keys[i] > max) max = keys[i];
  const stride = 2 ** Math.ceil(Math.log2(n + 1));
  if ((max + 1) * stride < SAFE) {
    const packed = scratch(n);
    for (let i = 0; i < n; i++) packed[i] = keys[i] * stride + i;
    packed.sort();
    for (let i = 0; i < n; i++) out[i] = packed[i] % stride;
  } else {
    for (let i = 0; i < n; i++) out[i] = i;
    out.subarray(0, n).sort((a, b) => keys[a] - keys[b] || a - b);
  }
  return out;
}

let buffer = new Float64Array(1024);
/** Reused sort buffer (sorting is single-threaded per worker). */
function scratch(n: number): Float64Array {
  if (buffer.length < n) buffer = new Float64Array(2 * n);
  return buffer.subarray(0, n);
}
