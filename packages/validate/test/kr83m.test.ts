import { describe, expect, it } from 'vitest';
import { KR83M, krSpectrum, MIN_LINE_EVENTS } from '../src/kr83m.js';
import { normals } from './helpers.js';

/** Kr-83m events: `merged` with one S1 at 41.5 keV (σ 2 keV), `split` with S1s 300 ns apart. */
function events(merged: number, split: number) {
  const n = merged + split;
  const z = normals(7, 3 * n);
  const s1 = new BigInt64Array(n).map((_, i) => BigInt(i) * 1_000_000n);
  const alt = new BigInt64Array(n).fill(-1n);
  const cs1 = new Float64Array(n);
  const altCs1 = new Float64Array(n).fill(Number.NaN);
  const e = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    e[i] = KR83M.merged + 2 * z[i];
    cs1[i] = 200 + 10 * z[n + i];
    if (i >= merged) {
      // The 9.4 keV S1 split off; in every fourth event it is the main (later S1 the larger: impossible
      // for Kr but it checks that time order, not size, assigns the lines).
      const swap = i % 4 === 0;
      alt[i] = s1[i] + (swap ? -300n : 300n);
      cs1[i] = swap ? 60 + 5 * z[2 * n + i] : 160 + 8 * z[n + i];
      altCs1[i] = swap ? 160 + 8 * z[n + i] : 60 + 5 * z[2 * n + i];
      e[i] = 35; // e_ces without the alternative S1: ignored for split events
    }
  }
  return { s1_center_time: s1, alt_s1_center_time: alt, cs1, alt_cs1: altCs1, e_ces: e };
}

describe('krSpectrum', () => {
  it('fits the merged line in e_ces and the split S1 lines in cS1, ordered by time', () => {
    const kr = krSpectrum(events(600, 200));
    expect(kr.events).toBe(800);
    expect(kr.mergedEnergies.length).toBe(600);
    expect(kr.firstCs1.length).toBe(200);
    const m = kr.merged!;
    expect(m.valid).toBe(true);
    // 600 events of σ 2 keV: the mean is known to 2/√600 = 0.08 keV
    expect(Math.abs(m.mean - KR83M.merged)).toBeLessThan(4 * 0.082);
    expect(Math.abs(m.sigma - 2)).toBeLessThan(0.25);
    expect(m.resolution).toBeCloseTo(m.sigma / m.mean, 12);
    expect(Math.abs(kr.first!.mean - 160)).toBeLessThan(4 * (8 / Math.sqrt(200)));
    expect(Math.abs(kr.second!.mean - 60)).toBeLessThan(4 * (5 / Math.sqrt(200)));
    expect(kr.notes).toEqual([]);
  });

  it('fits the line alone when the window holds no background', () => {
    const kr = krSpectrum(events(25, 0));
    expect(kr.merged?.model).toBe('gauss');
    expect(kr.merged?.valid).toBe(true);
    expect(Number.isFinite(kr.merged?.meanError)).toBe(true);
  });

  it('says so instead of fitting when too few split events exist', () => {
    const kr = krSpectrum(events(300, MIN_LINE_EVENTS - 1));
    expect(kr.merged?.valid).toBe(true);
    expect(kr.first).toBeUndefined();
    expect(kr.second).toBeUndefined();
    expect(kr.notes).toHaveLength(2);
    expect(kr.notes[0]).toMatch(
      /^32\.1 keV \(first S1 of split events\): 19 events in \[[\d.]+, [\d.]+\) PE, fewer than 20: not fitted$/,
    );
  });

  it('treats an alternative S1 beyond 1 µs as another interaction, not a split Kr S1', () => {
    const ev = events(0, 30);
    ev.alt_s1_center_time = ev.s1_center_time.map((t) => t + 5000n);
    ev.e_ces.fill(KR83M.merged);
    const kr = krSpectrum(ev);
    expect(kr.firstCs1.length).toBe(0);
    expect(kr.mergedEnergies.length).toBe(30);
  });
});
