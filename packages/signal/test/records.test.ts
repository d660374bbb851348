import { describe, expect, it } from 'vitest';
import {
  type RawRecordColumns,
  type RecordColumns,
  recordsFromRawRecords,
  roundHalfEven,
  timeChannelOrder,
} from '../src/index.js';
import { firstDifference, fixture, readNpyGz } from './npy.js';

const raw = readNpyGz<RawRecordColumns>(fixture('raw_records'));
const strax = readNpyGz<RecordColumns>(fixture('records'));

describe('records from raw_records (strax compatible)', () => {
  const ours = recordsFromRawRecords(raw);

  it('equals strax field by field', () => {
    expect(ours.length).toBe(strax.length);
    for (const name of Object.keys(strax.columns) as (keyof RecordColumns)[]) {
      const width = strax.columns[name].length / strax.length;
      expect(firstDifference(ours.columns[name], strax.columns[name], width), `first row differing in ${name}`).toBe(
        -1,
      );
    }
  });

  it('compares columns bit for bit (the check the strax comparisons use)', () => {
    expect(firstDifference(Float32Array.of(0, 1, 2, 3), Float32Array.of(0, 1, 2, 3), 2)).toBe(-1);
    expect(firstDifference(Float32Array.of(0, 1, 2, 3), Float32Array.of(0, 1, 2, 4), 2)).toBe(1);
    expect(firstDifference(Float32Array.of(0, -0), Float32Array.of(0, 0))).toBe(1);
  });

  it('rounds halves to even like Python', () => {
    expect([0.5, 1.5, 2.5, -0.5, 2.4999, 3.5].map(roundHalfEven)).toEqual([0, 2, 2, -0, 2, 4]);
  });
});

describe('timeChannelOrder', () => {
  it('orders by time, then channel, then row, nearly sorted or not', () => {
    const time = Float64Array.from([10, 0, 10, 5, 10]);
    const channel = Int16Array.from([3, 1, 2, 9, 2]);
    expect([...timeChannelOrder(time, channel, 5)]).toEqual([1, 3, 2, 4, 0]);
    const n = 5000;
    const shuffled = Float64Array.from({ length: n }, (_, i) => (i * 7919) % n);
    const order = timeChannelOrder(shuffled, new Int16Array(n), n);
    expect([...order].map((i) => shuffled[i])).toEqual([...Array(n).keys()]);
  });
});
