import { isUserError, peakBasics, peakletClassification, peaklets, peakPositions, RecordBatch } from '@dance/schema';
import { describe, expect, it } from 'vitest';
import { eventBasicsPlugin, eventsPlugin, peaksPlugin } from '../src/index.js';

const T0 = 1_767_225_600_000_000_000n;
const CHUNK = { index: 0, start: T0, end: T0 + 10n ** 9n };
const optionsOf = (p: typeof eventsPlugin, set: Record<string, unknown> = {}) =>
  Object.fromEntries(p.options.map((o) => [o.name, set[o.name] ?? o.default])) as never;
// a 10 µs maximum drift keeps the numbers small: windows open 1 µs + 10 µs before an S2 and close 1 µs after
const DRIFT = {
  max_drift_length: 1,
  electron_drift_velocity: 1e-4,
  left_event_extension: 1000,
  right_event_extension: 1000,
};

/** peak_basics and peak_positions rows from [start ns, length ns, area, type, tight coincidence, x] (center mid-peak). */
function peaks(rows: [number, number, number, number, number, number][]) {
  const b = RecordBatch.allocate(peakBasics, rows.length);
  const pos = RecordBatch.allocate(peakPositions, rows.length);
  rows.forEach(([start, length, area, type, tight, x], k) => {
    b.time[k] = T0 + BigInt(start);
    (b.column('endtime') as BigInt64Array)[k] = T0 + BigInt(start + length);
    (b.column('center_time') as BigInt64Array)[k] = T0 + BigInt(start + length / 2);
    (b.column('length') as Int32Array)[k] = length / 10;
    (b.column('dt') as Int32Array)[k] = 10;
    (b.column('area') as Float32Array)[k] = area;
    (b.column('type') as Int8Array)[k] = type;
    (b.column('tight_coincidence') as Int16Array)[k] = tight;
    (b.column('n_hits') as Int32Array)[k] = 10 + k;
    pos.time[k] = b.time[k];
    (pos.column('x') as Float32Array)[k] = x;
    (pos.column('y') as Float32Array)[k] = -x;
  });
  return { peak_basics: b, peak_positions: pos };
}

describe('events and event_basics plugins', () => {
  const input = peaks([
    [0, 100, 50, 1, 3, Number.NaN], // alt S1
    [1000, 100, 80, 1, 3, Number.NaN], // main S1
    [6000, 2000, 5000, 2, 0, 12.5], // main S2: drift 6000 + 1000 − 1050 = 5950 ns
    [9000, 1000, 700, 2, 0, -3], // alt S2
    [40_000, 1000, 90, 2, 0, 1], // too small to trigger: no event
    [60_000, 1000, 400, 2, 0, 7], // an event with an S2 only
  ]);
  const ev = eventsPlugin.compute(input, optionsOf(eventsPlugin, DRIFT), CHUNK);

  it('opens one window per separate trigger, numbered from 0', () => {
    expect(ev.time).toEqual(BigInt64Array.from([T0 - 5000n, T0 + 49_000n]));
    expect(ev.column('endtime')).toEqual(BigInt64Array.from([T0 + 11_000n, T0 + 62_000n]));
    expect(ev.column('event_number')).toEqual(BigInt64Array.from([0n, 1n]));
  });

  it('describes main and alternative S1 and S2, with −1 and NaN where a peak is absent', () => {
    const eb = eventBasicsPlugin.compute({ ...input, events: ev }, optionsOf(eventBasicsPlugin, DRIFT), CHUNK);
    const row = (name: string) => [...eb.column(name)];
    expect(row('n_peaks')).toEqual([4, 1]);
    expect(row('s1_index')).toEqual([1, -1]);
    expect(row('alt_s1_index')).toEqual([0, -1]);
    expect(row('s2_index')).toEqual([2, 5]);
    expect(row('alt_s2_index')).toEqual([3, -1]);
    expect(row('s1_time')).toEqual([T0 + 1000n, -1n]);
    expect(row('s2_endtime')).toEqual([T0 + 8000n, T0 + 61_000n]);
    expect(row('s2_area')).toEqual([5000, 400]);
    expect(row('alt_s2_n_hits')).toEqual([13, -1]);
    expect(row('drift_time')).toEqual([5950, Number.NaN]);
    expect(row('alt_s1_interaction_drift_time')).toEqual([6950, Number.NaN]);
    expect(row('alt_s2_interaction_drift_time')).toEqual([8450, Number.NaN]);
    expect(row('s2_x')).toEqual([12.5, 7]);
    expect(row('s2_y')).toEqual([-12.5, -7]);
    expect(row('alt_s2_x')).toEqual([-3, Number.NaN]);
    expect(row('s1_area')[1]).toBeNaN();
  });

  it('rejects positions that are not the peaks’, and peaklets out of time order', () => {
    const short = { ...input, peak_positions: input.peak_positions.slice(1), events: ev };
    let err: unknown;
    try {
      eventBasicsPlugin.compute(short, optionsOf(eventBasicsPlugin, DRIFT), CHUNK);
    } catch (e) {
      err = e;
    }
    expect(isUserError(err)).toBe(true);
    expect((err as Error).message).toBe(
      'peak_positions (5 rows) do not match peak_basics (6 rows) row by row: make both from the same peaks',
    );
    const unsorted = RecordBatch.allocate(peaklets, 2);
    unsorted.time.set([T0 + 5000n, T0]);
    const classification = RecordBatch.allocate(peakletClassification, 2);
    classification.time.set(unsorted.time);
    expect(() =>
      peaksPlugin.compute(
        { peaklets: unsorted, peaklet_classification: classification },
        { s2_merge_gap_thresholds: [1.74, 5020, 4.85, 1890], s2_merge_max_duration: 50_000, n_top_channels: 253 },
        CHUNK,
      ),
    ).toThrow('peaklet 1 starts before peaklet 0: peaklets must be sorted by time');
  });
});
