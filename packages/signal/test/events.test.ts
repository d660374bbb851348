import { describe, expect, it } from 'vitest';
import { eventWindows, mainPeaks, maxDriftTime } from '../src/index.js';

const S1 = 1;
const S2 = 2;
/** Peaks from [start, end, area, type, tight coincidence, center] rows (center defaults to the middle). */
function peaks(rows: [number, number, number, number, number?, number?][]) {
  return {
    start: rows.map((r) => r[0]),
    end: rows.map((r) => r[1]),
    area: rows.map((r) => r[2]),
    type: rows.map((r) => r[3]),
    tightCoincidence: rows.map((r) => r[4] ?? 3),
    center: rows.map((r) => r[5] ?? (r[0] + r[1]) / 2),
  };
}
const WINDOW = { triggerMinArea: 100, before: 1000, after: 500 };

describe('eventWindows', () => {
  it('opens a window around each S2 above the trigger area, merging windows that overlap or touch', () => {
    const p = peaks([
      [0, 100, 5000, S1], // S1s never trigger
      [2000, 2100, 100, S2], // not above 100 PE
      [10_000, 10_200, 101, S2], // [9000, 10700)
      [11_500, 11_600, 500, S2], // [10500, 12100): overlaps, merged
      [13_100, 13_200, 500, S2], // [12100, 13700): touches, merged
      [20_000, 20_100, 200, S2], // [19000, 20600)
    ]);
    const w = eventWindows(p, 6, WINDOW);
    expect([...w.start]).toEqual([9000, 19_000]);
    expect([...w.end]).toEqual([13_700, 20_600]);
  });

  it('gives no events without triggers', () => {
    expect(eventWindows(peaks([[0, 100, 50, S2]]), 1, WINDOW).start.length).toBe(0);
  });

  it('computes the maximum drift time from straxen units', () => {
    expect(maxDriftTime(148.6536, 6.75e-5)).toBeCloseTo(2_202_275.56, 2);
  });
});

describe('mainPeaks', () => {
  const options = { s1MinCoincidence: 2, altS2MaxDelay: 3000 };

  it('picks the largest S2, the two largest S1s before it and the largest other S2', () => {
    const p = peaks([
      [0, 50, 10, S1], // alt S1
      [100, 150, 30, S1], // main S1
      [200, 250, 50, S1, 1], // too little coincidence
      [1000, 2000, 800, S2], // main S2
      [2100, 2150, 90, S1], // after the main S2: not an S1 candidate
      [2500, 3000, 300, S2], // alt S2
      [3100, 3500, 200, S2], // smaller
      [5000, 5500, 400, S2], // 4.9 µs after the main S1: beyond altS2MaxDelay
      [9000, 9100, 1000, S2], // outside the event
    ]);
    const m = mainPeaks({ start: [0], end: [8000] }, 1, p, 9, options);
    expect([m.nPeaks[0], m.s1[0], m.altS1[0], m.s2[0], m.altS2[0]]).toEqual([8, 1, 0, 3, 5]);
    const open = mainPeaks({ start: [0], end: [8000] }, 1, p, 9, { ...options, altS2MaxDelay: Infinity });
    expect(open.altS2[0]).toBe(7);
  });

  it('leaves S1 and alt S2 at −1 in an event without them, and counts only peaks fully inside', () => {
    const p = peaks([
      [0, 100, 5, S2], // before the events
      [900, 1100, 300, S2], // straddles the start of the first event
      [1500, 2000, 400, S2],
      [5000, 5100, 20, S1],
      [6000, 6500, 500, S2],
      [6900, 7200, 100, S2], // straddles the end of the second event
    ]);
    const m = mainPeaks({ start: [1000, 4000], end: [3000, 7000] }, 2, p, 6, options);
    expect([...m.nPeaks]).toEqual([1, 2]);
    expect([...m.s2]).toEqual([2, 4]);
    expect([...m.s1]).toEqual([-1, 3]);
    expect([...m.altS1]).toEqual([-1, -1]);
    expect([...m.altS2]).toEqual([-1, -1]);
  });

  it('gives the earlier peak the place on equal areas', () => {
    const p = peaks([
      [0, 10, 50, S1],
      [20, 30, 50, S1],
      [100, 200, 300, S2],
      [300, 400, 300, S2],
    ]);
    const m = mainPeaks({ start: [0], end: [1000] }, 1, p, 4, options);
    expect([m.s1[0], m.altS1[0], m.s2[0], m.altS2[0]]).toEqual([0, 1, 2, 3]);
  });
});
