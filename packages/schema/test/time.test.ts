import { describe, expect, it } from 'vitest';
import { isoToNs, nsToIso, timeOffsets } from '../src/index.js';

describe('time in ns since the epoch', () => {
  it('converts to and from ISO 8601 exactly, nanoseconds included', () => {
    expect(nsToIso(0n)).toBe('1970-01-01T00:00:00.000000000Z');
    expect(nsToIso(1_767_225_600_123_456_789n)).toBe('2026-01-01T00:00:00.123456789Z');
    expect(isoToNs('2026-01-01T00:00:00.123456789Z')).toBe(1_767_225_600_123_456_789n);
    expect(nsToIso(-1n)).toBe('1969-12-31T23:59:59.999999999Z');
    expect(isoToNs('1969-12-31T23:59:59.999999999Z')).toBe(-1n);
    expect(isoToNs('2026-01-01T01:00:00+01:00')).toBe(1_767_225_600_000_000_000n);
  });

  it('keeps values a float64 would round', () => {
    // 2^53 + 1 ns is not representable as a float64; it must survive as bigint.
    const t = 2n ** 53n + 1n;
    expect(BigInt(Number(t))).not.toBe(t); // a float silently holds 2^53 instead
    expect(isoToNs(nsToIso(t))).toBe(t);
    const max = 2n ** 63n - 1n; // the largest int64 time, in the year 2262
    expect(nsToIso(max)).toBe('2262-04-11T23:47:16.854775807Z');
    expect(isoToNs(nsToIso(max))).toBe(max);
    expect(nsToIso(-(2n ** 63n))).toBe('1677-09-21T00:12:43.145224192Z');
    expect(isoToNs(nsToIso(-(2n ** 63n)))).toBe(-(2n ** 63n));
  });

  it('gives exact float offsets from a chunk start', () => {
    const start = 1_767_225_600_000_000_000n;
    const off = timeOffsets(BigInt64Array.from([start, start + 1n, start + 2n ** 52n]), start);
    expect([...off]).toEqual([0, 1, 2 ** 52]);
  });

  it('rejects malformed ISO strings', () => {
    expect(() => isoToNs('yesterday')).toThrow("'yesterday' is not an ISO 8601 time");
    expect(() => isoToNs('2026-13-45T00:00:00Z')).toThrow('not a valid calendar time');
  });
});
