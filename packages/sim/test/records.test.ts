import { describe, expect, it } from 'vitest';
import { copySamples, wordsOf } from '../src/response/copy.js';
import { RecordBuffer, writeTimes } from '../src/response/records.js';

describe('record output helpers', () => {
  it('writes int64 times as two words exactly, carries included', () => {
    const bases = [0n, 1_767_225_600_000_000_000n, 2n ** 32n - 1n, 4_294_967_290n, -10n * 2n ** 32n + 7n];
    const offsets = new Float64Array([0, 1, 5, 2 ** 32 - 1, 2 ** 32, 2 ** 32 + 6, 2 ** 52 + 3, 123_456_789_012]);
    for (const base of bases) {
      const out = new BigInt64Array(offsets.length);
      writeTimes(out, base, offsets);
      expect(Array.from(out)).toEqual(Array.from(offsets, (o) => base + BigInt(o)));
    }
  });

  it('copies samples through int32 words at even offsets and sample by sample otherwise', () => {
    const src = Int16Array.from({ length: 40 }, (_, i) => 1000 - i * 37);
    for (const [dstAt, srcAt, m] of [
      [0, 0, 40],
      [2, 4, 7],
      [3, 4, 6],
      [2, 5, 9],
      [3, 5, 8],
      [3, 7, 1],
      [5, 9, 0],
    ]) {
      const dst = new Int16Array(60);
      copySamples(dst, wordsOf(dst), dstAt, src, wordsOf(src), srcAt, m);
      expect(Array.from(dst.subarray(dstAt, dstAt + m))).toEqual(Array.from(src.subarray(srcAt, srcAt + m)));
      expect(dst.subarray(0, dstAt).every((v) => v === 0)).toBe(true);
      expect(dst.subarray(dstAt + m).every((v) => v === 0)).toBe(true);
    }
  });

  it('moves a chunk boundary past every pulse that straddles it, and cuts pulses into 110-sample records', () => {
    const b = new RecordBuffer();
    const pulse = (ch: number, start: number, n: number) => {
      const at = b.reserve(n);
      for (let i = 0; i < n; i++) b.arena[at + i] = i;
      b.addPulse(ch, start, at, n);
    };
    // channel 1: samples [1000, 1250) (3 records); channel 2: [1200, 1300); channel 3: [1400, 1420)
    pulse(1, 1000, 250);
    pulse(2, 1200, 100);
    pulse(3, 1400, 20);
    expect(b.length).toBe(5);
    expect(b.quietSampleFrom(900)).toBe(900);
    expect(b.quietSampleFrom(1100)).toBe(1300);
    expect(b.quietSampleFrom(1250)).toBe(1300);
    expect(b.quietSampleFrom(1400)).toBe(1400);
    expect(b.quietSampleFrom(1410)).toBe(1420);
    const batch = b.toBatch(0, 1300, 1000n, 10, 16000);
    const c = batch.columns as Record<string, ArrayLike<number | bigint>>;
    expect(Array.from(c.time as BigInt64Array)).toEqual([11000n, 12100n, 13000n, 13200n]);
    expect(Array.from(c.channel as Int16Array)).toEqual([1, 1, 2, 1]);
    expect(Array.from(c.record_i as Int16Array)).toEqual([0, 1, 0, 2]);
    expect(Array.from(c.length as Int32Array)).toEqual([110, 110, 100, 30]);
    expect(Array.from(c.pulse_length as Int32Array)).toEqual([250, 250, 100, 250]);
    const data = c.data as Int16Array;
    expect(data[3 * 110]).toBe(220);
    expect(data[3 * 110 + 29]).toBe(249);
    expect(data.subarray(3 * 110 + 30, 4 * 110).every((v) => v === 0)).toBe(true);
  });
});
