import { describe, expect, it } from 'vitest';
import { classifyPeaklets } from '../src/index.js';

/** Peaks from (area, rise time ns, AFT, tight coincidence, channels with area) rows, 4 channels each. */
function peaks(rows: [number, number, number, number, number][]) {
  const n = rows.length;
  const deciles = new Float32Array(11 * n);
  const perChannel = new Float32Array(4 * n);
  rows.forEach(([, rise, , , channels], k) => {
    deciles[11 * k + 1] = -rise;
    perChannel.fill(1, 4 * k, 4 * k + channels);
  });
  return {
    length: n,
    columns: {
      area: Float32Array.from(rows, (r) => r[0]),
      area_fraction_top: Float32Array.from(rows, (r) => r[2]),
      area_decile_from_midpoint: deciles,
      tight_coincidence: Int16Array.from(rows, (r) => r[3]),
      area_per_channel: perChannel,
    },
  };
}

describe('classifyPeaklets (straxen vanilla rules)', () => {
  it('separates fast S1s, slow S2s and too-small peaks', () => {
    const types = classifyPeaklets(
      peaks([
        [500, 150, 0.3, 10, 4], // large, rises within 200 ns: S1
        [500, 250, 0.3, 10, 4], // large, slow: S2
        [10, 90, 0.3, 3, 3], // small: limit 50·e^(−10/12)+80 = 101.7 ns and 10^(2.3) = 200 ns: S1
        [10, 110, 0.3, 3, 3], // small, slower than the area limit, 3 channels: unknown
        [10, 110, 0.3, 3, 4], // the same with 4 channels: S2
        [10, 99, 0.7, 3, 3], // AFT ≥ 0.6: flat 100 ns limit, 99 < 100: S1
        [50, 81, 0.3, 1, 2], // fast but one coincident channel: not an S1, too few channels for S2
        [0.5, 10, 2.5, 2, 2], // AFT ≥ 0.6 sets the flat 100 ns limit; the area limit is ~130 ns: S1
      ]),
    );
    expect([...types]).toEqual([1, 2, 1, 0, 2, 1, 0, 1]);
  });

  it('returns nothing for no peaks', () => {
    expect(classifyPeaklets(peaks([])).length).toBe(0);
  });
});
