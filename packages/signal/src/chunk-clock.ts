import { lendColumn } from './column-pool.js';

const TWO32 = 2 ** 32;

/**
 * Converts between exact int64 ns (BigInt64Array) and float64 ns offsets from a chunk origin.
 * Offsets are exact integers below 2^53 ns (104 days), far beyond any chunk. The int64 words are
 * read and written directly, because a BigInt per row costs more than the kernels themselves.
 */
export class ChunkClock {
  readonly origin: bigint;
  private readonly lo: number;
  private readonly hi: number;

  constructor(origin: bigint) {
    this.origin = BigInt.asIntN(64, origin);
    this.lo = Number(this.origin & 0xffffffffn);
    this.hi = Number(this.origin >> 32n);
  }

  /** Origin for times sampled every `dt` ns: the first time floored to a multiple of dt, so offset // dt is aligned. */
  static forSamples(time: BigInt64Array, dt: number): ChunkClock {
    if (time.length === 0) return new ChunkClock(0n);
    const t = time[0];
    const d = BigInt(dt);
    const floored = t - (((t % d) + d) % d);
    return new ChunkClock(floored);
  }

  offsets(time: BigInt64Array): Float64Array {
    const words = new Uint32Array(time.buffer, time.byteOffset, time.length * 2);
    const out = lendColumn(Float64Array, time.length);
    for (let i = 0; i < time.length; i++) {
      const hi = words[2 * i + 1] | 0; // signed high word
      out[i] = (hi - this.hi) * TWO32 + (words[2 * i] - this.lo);
    }
    return out;
  }

  /** Absolute int64 times for float64 offsets (integers). */
  times(offsets: ArrayLike<number>, n = offsets.length): BigInt64Array {
    const out = lendColumn(BigInt64Array, n);
    const words = new Uint32Array(out.buffer, out.byteOffset, 2 * n);
    for (let i = 0; i < n; i++) {
      const total = this.lo + offsets[i];
      const carry = Math.floor(total / TWO32);
      words[2 * i] = total - carry * TWO32;
      words[2 * i + 1] = (this.hi + carry) >>> 0;
    }
    return out;
  }
}
