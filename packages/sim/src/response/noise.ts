import { hashWords, Random, STREAM } from '../rng.js';
import { copySamples, wordsOf } from './copy.js';

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
  /** round(baseline + noise), clipped to the ADC range: the digitized value of a sample without signal. */
  private readonly quiet: Int16Array;
  private readonly quiet32: Int32Array;
  /** Whether noise alone can cross the trigger threshold (then every sample must be scanned). */
  readonly canTrigger: boolean;
  private cacheKey = -1;
  private cacheChannel = -1;
  private cacheOffset = 0;

  constructor(
    private readonly seed: number,
    sigmaAdc: number,
    baseline: number,
    maxAdc: number,
    threshold: number,
  ) {
    // one block length of padding repeats the start, so a block's stretch never wraps
    this.table = new Float32Array((1 << TABLE_BITS) + BLOCK);
    const rng = Random.stream(seed, STREAM.noiseTable);
    for (let i = 0; i <= TABLE_MASK; i++) this.table[i] = sigmaAdc * rng.normal();
    this.table.copyWithin(TABLE_MASK + 1, 0, BLOCK);
    this.quiet = Int16Array.from(this.table, (v) => digitize(baseline + 0.5 + v, maxAdc));
    this.quiet32 = wordsOf(this.quiet);
    this.canTrigger = this.quiet.some((v) => v < threshold);
  }

  private blockOffset(channel: number, block: number): number {
    if (block !== this.cacheKey || channel !== this.cacheChannel) {
      const key = hashWords(this.seed, STREAM.noiseBlock + (channel << 4), Math.floor(block / TWO_POW_32), block >>> 0);
      this.cacheKey = block;
      this.cacheChannel = channel;
      // even offsets keep table and output samples at the same parity, so copies move 32-bit words
      this.cacheOffset = key & TABLE_MASK & ~1;
    }
    return this.cacheOffset;
  }

  /**
   * Writes the digitized baseline + noise of samples first..first+n−1 of `channel` into
   * out[at..at+n−1]; `first` and `at` must be even (out32 is an int32 view of out).
   */
  fillQuiet(out: Int16Array, out32: Int32Array, at: number, channel: number, first: number, n: number): void {
    let i = 0;
    while (i < n) {
      const sample = first + i;
      const block = Math.floor(sample / BLOCK);
      const within = sample - block * BLOCK;
      const m = Math.min(n - i, BLOCK - within);
      copySamples(out, out32, at + i, this.quiet, this.quiet32, this.blockOffset(channel, block) + within, m);
      i += m;
    }
  }

  /** The noise (ADC, float) of one sample of `channel`. */
  at(channel: number, sample: number): number {
    const block = Math.floor(sample / BLOCK);
    return this.table[this.blockOffset(channel, block) + sample - block * BLOCK];
  }
}

/** An analog value (baseline + noise − signal, + 0.5) to ADC counts: truncation rounds, then clipping. */
export function digitize(value: number, maxAdc: number): number {
  const v = value | 0;
  return v < 0 ? 0 : Math.min(v, maxAdc);
}
