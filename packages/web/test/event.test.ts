import type { EventPeak } from '@dance/api';
import { Field, FixedSizeList, Float32, makeData, makeVector, Table } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { patternOf } from '../src/event/patterns.js';
import { shown } from '../src/event/tables.js';
import { zoomOn } from '../src/event/zoom.js';
import { parseRoute, routeHash, withParams } from '../src/route.js';

const peak = (time: number, endtime: number): EventPeak => ({
  index: 0,
  role: 's1',
  time: String(time),
  endtime: String(endtime),
  center_time: String(time),
  type: 1,
  area: 1,
  n_channels: 1,
  area_fraction_top: 0,
  range_50p_area: 0,
  range_90p_area: 0,
  x: null,
  y: null,
});

describe('event routes', () => {
  it('round-trips the event display through the hash and refuses malformed event numbers', () => {
    const hash = '#/run/kr-001/event/12?lineage=abc';
    expect(parseRoute(hash)).toMatchObject({ page: 'event', run: 'kr-001', event: 12 });
    expect(routeHash(parseRoute(hash))).toBe(hash);
    expect(withParams(parseRoute(hash), { lineage: undefined })).toBe('#/run/kr-001/event/12');
    for (const bad of ['#/run/kr-001/event/x', '#/run/kr-001/event/-1', '#/run/kr-001/event/1e3', '#/run/kr-001/event'])
      expect(parseRoute(bad), bad).toMatchObject({ page: 'run', run: 'kr-001' });
  });
});

describe('zooms', () => {
  it('pads a short S1 by the minimum and gives one bin per sample', () => {
    expect(zoomOn(peak(1000, 1100), 10, 200)).toEqual({ start: 800n, width: 500, bins: 50 });
  });

  it('pads a long S2 by half its length and caps the bins', () => {
    expect(zoomOn(peak(1_000_000, 1_010_000), 10, 2000)).toEqual({ start: 995_000n, width: 20_000, bins: 1000 });
  });
});

describe('values in tables', () => {
  it('shows NaN (null) as a dash, floats to 6 digits, integers and int64 strings exactly', () => {
    expect(shown(null)).toBe('—');
    expect(shown(undefined)).toBe('—');
    expect(shown(457.5)).toBe('457.5');
    expect(shown(10004.123456789)).toBe('10004.1');
    expect(shown(0.000123456789)).toBe('0.000123457');
    expect(shown(-1)).toBe('-1');
    expect(shown('1767225600098788650')).toBe('1767225600098788650');
  });
});

describe('hit patterns of a peak', () => {
  // three rows of a pattern product over 3 channels: the peak at 100..200 holds the first two
  const time = BigInt64Array.from([100n, 150n, 200n]);
  const perChannel = Float32Array.from([1, 2, 3, 10, 20, 30, 100, 200, 300]);
  const list = new FixedSizeList(3, new Field('item', new Float32()));
  const table = new Table({
    time: makeVector(time),
    type: makeVector(Int8Array.from([2, 2, 2])),
    area: makeVector(Float32Array.from([6, 60, 600])),
    area_per_channel: makeVector(
      makeData({
        type: list,
        length: 3,
        nullCount: 0,
        child: makeData({ type: new Float32(), length: 9, nullCount: 0, data: perChannel }),
      }),
    ),
  });

  it('sums area_per_channel over the rows starting inside the peak', () => {
    expect(Array.from(patternOf(table, peak(100, 200)) ?? [])).toEqual([11, 22, 33]);
    expect(Array.from(patternOf(table, peak(200, 201)) ?? [])).toEqual([100, 200, 300]);
  });

  it('gives nothing when no row starts inside the peak', () => {
    expect(patternOf(table, peak(300, 400))).toBeUndefined();
  });
});
