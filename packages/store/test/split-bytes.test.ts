import { describe, expect, it } from 'vitest';
import { joinBytes, splitBytes } from '../src/arrow/split-bytes.js';

describe('split-bytes codec', () => {
  it('splits into low/high planes and joins back, for any length and alignment', () => {
    const base = new Int16Array([16000, -1, 0, 255, 256, -32768, 32767, 15990, 1, -2, 3]);
    expect(Array.from(splitBytes(base.subarray(0, 4)).lo)).toEqual([0x80, 0xff, 0x00, 0xff]);
    expect(Array.from(splitBytes(base.subarray(0, 4)).hi)).toEqual([0x3e, 0xff, 0x00, 0x00]);
    const long = new Int16Array(1003).map((_, i) => base[i % base.length] + i); // SIMD blocks + tail
    for (const [all, lengths] of [
      [base, Array.from({ length: base.length - 2 }, (_, n) => n)],
      [long, [15, 16, 17, 31, 32, 33, 1000]],
    ] as const) {
      for (const offset of [0, 1, 2]) {
        for (const n of lengths) {
          const samples = all.subarray(offset, offset + n);
          const { lo, hi } = splitBytes(samples);
          const out = new Int16Array(n + 1).subarray(1); // unaligned output
          joinBytes(lo, hi, out);
          expect(Array.from(out)).toEqual(Array.from(samples));
          const aligned = new Int16Array(n);
          joinBytes(lo, hi, aligned);
          expect(Array.from(aligned)).toEqual(Array.from(samples));
        }
      }
    }
  });
});
