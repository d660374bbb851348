import { hashWords, Random, STREAM } from '../rng.js';

const TABLE_BITS = 16;
const TABLE_MASK = (1 << TABLE_BITS) - 1;
const BLOCK = 64;
const TWO_POW_32 = 4294967296;

/**
 * Gaussian baseline noise that depends only on (seed, channel, absolute sample index), so a sample
 * gets the same noise whichever chunk or worker digitizes it. Each 64-sample block of a channel
 * reads a stretch of a 65 536-entry table of normal variates at an offset hashed from its key: one
 * hash per block instead of a generator per sample (digitizing is the simulator's hot loop).
 */
export class BaselineNoise {
  private readonly table: Float32Array;

  constructor(
    private readonly seed: number,
    sigmaAdc: number,
  ) {
    // one block length of padding repeats the start, so a block's stretch never wraps
    this.table = new Float32Array((1 << TABLE_BITS) + BLOCK);
    const rng = Random.stream(seed, STREAM.noiseTable);
    for (let i = 0; i <= TABLE_MASK; i++) this.table[i] = sigmaAdc * rng.normal();
    this.table.copyWithin(TABLE_MASK + 1, 0, BLOCK);
  }

  /** Writes the noise of samples first..first+n−1 of `channel` into out[0..n−1]. */
  fill(out: Float32Array, channel: number, first: number, n: number): void {
    const table = this.table;
    let i = 0;
    while (i < n) {
      const sample = first + i;
      const block = Math.floor(sample / BLOCK);
      const within = sample - block * BLOCK;
      const key = hashWords(this.seed, STREAM.noiseBlock + (channel << 4), Math.floor(block / TWO_POW_32), block >>> 0);
      const offset = (key & TABLE_MASK) + within - i;
      const stop = Math.min(n, i + BLOCK - within);
      // a plain loop: subarray() + set() allocates a view per block, which showed up in profiles
      for (; i < stop; i++) out[i] = table[offset + i];
    }
  }
}
