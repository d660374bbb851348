import { describe, expect, it } from 'vitest';
import { timeChannelOrder } from '../src/index.js';

/** The order by the definition: time, then channel, then row. */
function expected(time: Float64Array, channel: Int16Array): number[] {
  return [...time.keys()].sort((a, b) => time[a] - time[b] || channel[a] - channel[b] || a - b);
}

/** A small deterministic generator, so a failure reproduces. */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

describe('timeChannelOrder', () => {
  it('orders nearly sorted hits (insertion sort) by time, channel, then row', () => {
    const time = Float64Array.from([0, 10, 10, 5, 20, 20, 20]);
    const channel = Int16Array.from([3, 2, 1, 7, 4, 4, 0]);
    expect([...timeChannelOrder(time, channel, 7)]).toEqual(expected(time, channel));
    // 2000 rows with fewer than one in 16 out of order: insertion sort throughout
    const random = lcg(3);
    const n = 2000;
    const t = Float64Array.from({ length: n }, (_, i) => 10 * Math.floor(i / 2));
    const c = Int16Array.from({ length: n }, () => Math.floor(random() * 494));
    for (let k = 0; k < 60; k++) {
      const i = 1 + Math.floor(random() * (n - 2));
      [t[i], t[i + 1]] = [t[i + 1], t[i]];
    }
    expect([...timeChannelOrder(t, c, n)]).toEqual(expected(t, c));
  });

  it('falls back to the radix sort when few rows are out of order but far from their place', () => {
    const n = 4000;
    // sorted, then a last tenth that belongs at the start: one descent, but 400 × 3600 moves
    const time = Float64Array.from({ length: n }, (_, i) => (i < 3600 ? 1000 + i : i - 3600));
    const channel = Int16Array.from({ length: n }, (_, i) => i % 7);
    expect([...timeChannelOrder(time, channel, n)]).toEqual(expected(time, channel));
  });

  it('orders far-from-sorted hits (radix sort) as the definition does, ties by row', () => {
    const random = lcg(7);
    for (const [n, span] of [
      [5000, 1e3], // many exact ties
      [20000, 3e9], // a 3 s chunk: three 16-bit digits
      [3000, 2 ** 52], // the largest spans
    ]) {
      const time = Float64Array.from({ length: n }, () => Math.floor(random() * span) - 1000);
      const channel = Int16Array.from({ length: n }, () => Math.floor(random() * 494));
      expect([...timeChannelOrder(time, channel, n)]).toEqual(expected(time, channel));
    }
  });

  it('sorts only the first n rows', () => {
    const time = Float64Array.from([3, 2, 1, -5]);
    const channel = new Int16Array(4);
    expect([...timeChannelOrder(time, channel, 3)]).toEqual([2, 1, 0]);
  });
});
