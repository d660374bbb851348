import { RecordBatch, rawRecords, SAMPLES_PER_RECORD } from '@dance/schema';
import { copySamples, wordsOf } from './copy.js';
import { stableOrder } from './order.js';

/** How far past a nominal boundary to look for a quiet sample (100 µs at 10 ns sampling). */
export const SEARCH_SAMPLES = 10_000;

/**
 * raw_records rows as they are produced, in growable arrays; times are sample indices from run
 * start. The digitizer writes samples into `arena`; rows point into it, and only the final,
 * time-sorted batch copies them.
 */
export class RecordBuffer {
  length = 0;
  arena = new Int16Array(1 << 16);
  arena32 = wordsOf(this.arena);
  private arenaLength = 0;
  private src = new Float64Array(256);
  private sample = new Float64Array(256);
  private pulseStart = new Float64Array(256);
  private channel = new Int16Array(256);
  private len = new Int32Array(256);
  private pulseLength = new Int32Array(256);
  private recordI = new Int16Array(256);

  /** Room for n samples in the arena (may replace `arena`); returns their even start index. */
  reserve(n: number): number {
    const at = this.arenaLength + (this.arenaLength & 1);
    if (at + n > this.arena.length) {
      const arena = new Int16Array(Math.max(2 * this.arena.length, at + n));
      arena.set(this.arena.subarray(0, this.arenaLength));
      this.arena = arena;
      this.arena32 = wordsOf(arena);
    }
    this.arenaLength = at + n;
    return at;
  }

  /** Cuts the pulse `arena[from..from+n)` starting at global sample `start` into records. */
  addPulse(channel: number, start: number, from: number, n: number): void {
    for (let k = 0, at = 0; at < n; k++, at += SAMPLES_PER_RECORD) {
      if (this.length === this.channel.length) this.grow();
      const m = Math.min(SAMPLES_PER_RECORD, n - at);
      const row = this.length++;
      this.sample[row] = start + at;
      this.pulseStart[row] = start;
      this.channel[row] = channel;
      this.len[row] = m;
      this.pulseLength[row] = n;
      this.recordI[row] = k;
      this.src[row] = from + at;
    }
  }

  /**
   * The first sample index at or after `sample` that no pulse straddles (a pulse may start
   * there). Chunk boundaries are put there so that no record crosses from one chunk into the next;
   * only pulses near the boundary decide it, so every chunking agrees on it.
   */
  quietSampleFrom(sample: number): number {
    const starts: number[] = [];
    for (let i = 0; i < this.length; i++) {
      const s = this.pulseStart[i];
      if (this.recordI[i] === 0 && s < sample + SEARCH_SAMPLES && s + this.pulseLength[i] > sample) starts.push(i);
    }
    starts.sort((a, b) => this.pulseStart[a] - this.pulseStart[b] || a - b);
    let cut = sample;
    for (const i of starts) {
      const s = this.pulseStart[i];
      if (s >= cut) break;
      cut = Math.max(cut, s + this.pulseLength[i]);
    }
    return cut;
  }

  /**
   * The records of pulses starting in samples [from, to) as a raw_records batch sorted by time,
   * ties in production order (groups by first sample, then channel).
   */
  toBatch(from: number, to: number, runStartNs: bigint, sampleNs: number, baseline: number): RecordBatch {
    const { sample, pulseStart, len, channel, pulseLength, recordI, src, arena, arena32 } = this;
    let n = 0;
    const rows = new Int32Array(this.length);
    for (let i = 0; i < this.length; i++) if (pulseStart[i] >= from && pulseStart[i] < to) rows[n++] = i;
    let origin = Number.POSITIVE_INFINITY;
    for (let r = 0; r < n; r++) if (sample[rows[r]] < origin) origin = sample[rows[r]];
    const keys = new Float64Array(n);
    for (let r = 0; r < n; r++) keys[r] = sample[rows[r]] - origin;
    const order = stableOrder(keys, new Uint32Array(n));
    const batch = RecordBatch.allocate(rawRecords, n);
    const c = batch.columns;
    const out = c.data;
    const out32 = wordsOf(out);
    const offsets = new Float64Array(n);
    for (let r = 0; r < n; r++) {
      const i = rows[order[r]];
      offsets[r] = keys[order[r]] * sampleNs;
      c.length[r] = len[i];
      c.channel[r] = channel[i];
      c.pulse_length[r] = pulseLength[i];
      c.record_i[r] = recordI[i];
      copySamples(out, out32, r * SAMPLES_PER_RECORD, arena, arena32, src[i], len[i]);
    }
    writeTimes(c.time, n > 0 ? runStartNs + BigInt(origin * sampleNs) : 0n, offsets);
    c.dt.fill(sampleNs);
    c.baseline.fill(baseline);
    return batch as RecordBatch;
  }

  clear(): void {
    this.length = 0;
    this.arenaLength = 0;
  }

  private grow(): void {
    const n = this.channel.length * 2;
    const grow = <T extends Float64Array | Int16Array | Int32Array>(a: T): T => {
      const b = new (a.constructor as new (n: number) => T)(n);
      b.set(a);
      return b;
    };
    this.sample = grow(this.sample);
    this.pulseStart = grow(this.pulseStart);
    this.channel = grow(this.channel);
    this.len = grow(this.len);
    this.pulseLength = grow(this.pulseLength);
    this.recordI = grow(this.recordI);
    this.src = grow(this.src);
  }
}

const TWO_POW_32 = 4294967296;

/**
 * out[i] = base + offsets[i] for non-negative integer offsets below 2^53, written as two 32-bit
 * words (little-endian, as on every platform Node runs on) instead of one BigInt per row: the
 * BigInt allocations dominated writing record times.
 */
export function writeTimes(out: BigInt64Array, base: bigint, offsets: Float64Array): void {
  const words = new Uint32Array(out.buffer, out.byteOffset, out.length * 2);
  const baseLo = Number(BigInt.asUintN(32, base));
  const baseHi = Number(BigInt.asIntN(32, base >> 32n));
  for (let i = 0; i < offsets.length; i++) {
    const off = offsets[i];
    const offHi = Math.floor(off / TWO_POW_32);
    let lo = baseLo + (off - offHi * TWO_POW_32);
    let carry = 0;
    if (lo >= TWO_POW_32) {
      lo -= TWO_POW_32;
      carry = 1;
    }
    words[2 * i] = lo;
    words[2 * i + 1] = (baseHi + offHi + carry) >>> 0;
  }
}
