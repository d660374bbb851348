/**
 * LEB128, the variable-length integers of the WebAssembly binary format: 7 bits a byte, low bits
 * first, the top bit set on every byte but the last. Both take 32-bit values, the widest any index,
 * size or i32.const immediate can be; anything else throws rather than being silently truncated.
 */

/** Unsigned LEB128 of an integer in 0..2^32−1. */
export function uleb128(n: number): number[] {
  if (!Number.isInteger(n) || n < 0 || n > 0xffffffff) {
    throw new RangeError(`unsigned LEB128: ${n} is not an integer in 0..4294967295`);
  }
  const out: number[] = [];
  let rest = n;
  for (; rest >= 0x80; rest = Math.floor(rest / 0x80)) out.push((rest & 0x7f) | 0x80);
  out.push(rest);
  return out;
}

/** Signed LEB128 of an integer in −2^31..2^31−1 (as i32.const takes it). */
export function sleb128(n: number): number[] {
  if (!Number.isInteger(n) || n < -0x80000000 || n > 0x7fffffff) {
    throw new RangeError(`signed LEB128: ${n} is not an integer in -2147483648..2147483647`);
  }
  const out: number[] = [];
  for (let rest = n; ; ) {
    const low = rest & 0x7f;
    rest >>= 7;
    // done once the rest is all sign bits and the byte's sign bit (0x40) agrees with them
    if ((rest === 0 && !(low & 0x40)) || (rest === -1 && low & 0x40)) return [...out, low];
    out.push(low | 0x80);
  }
}
