import { describe, expect, it } from 'vitest';
import { axisTicks, dataRange, linearTicks, logTicks, tickLabel } from '../src/index.js';

describe('ticks', () => {
  it('puts about five round linear ticks inside the range, without float noise', () => {
    expect(linearTicks(0, 1)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
    expect(linearTicks(0.1, 0.7)).toEqual([0.2, 0.4, 0.6]);
    expect(linearTicks(-37, 1234)).toEqual([0, 500, 1000]);
    expect(linearTicks(-2.6, 2.6)).toEqual([-2, 0, 2]);
    expect(linearTicks(0, 1e-6)).toEqual([0, 2e-7, 4e-7, 6e-7, 8e-7, 1e-6]);
    expect(linearTicks(3, 3)).toEqual([3]);
    expect(linearTicks(0, Number.NaN)).toEqual([]);
  });

  it('puts powers of ten on a log axis, thinned over many decades, 1-2-5 over less than two', () => {
    expect(logTicks(0.5, 2e5)).toEqual([1, 10, 100, 1000, 1e4, 1e5]);
    expect(logTicks(1e-10, 1e10)).toEqual([1e-9, 1e-6, 1e-3, 1, 1e3, 1e6, 1e9]);
    expect(logTicks(3, 80)).toEqual([5, 10, 20, 50]);
    expect(logTicks(2.1, 2.9)).toEqual([2.2, 2.4, 2.6, 2.8]);
    expect(logTicks(0, 10)).toEqual([]);
    expect(axisTicks({ label: '', lo: 0.5, hi: 2e5, log: true })).toEqual(logTicks(0.5, 2e5));
  });

  it('labels ticks as plain decimals, exponents only for very large or small magnitudes', () => {
    expect([1e5, 2.5e-4, 0.3, 0, -1500, 1e-3].map(tickLabel)).toEqual(['1e+5', '2.5e-4', '0.3', '0', '-1500', '0.001']);
  });

  it('pads the data range by 5 % (in log space on a log axis) and survives no or one value', () => {
    expect(dataRange([0, 10, Number.NaN, Number.POSITIVE_INFINITY])).toEqual([-0.5, 10.5]);
    const [lo, hi] = dataRange([1, 100, 0, -5], true);
    expect([Math.log10(lo), Math.log10(hi)].map((v) => Number(v.toFixed(12)))).toEqual([-0.1, 2.1]);
    expect(dataRange([])).toEqual([0, 1]);
    expect(dataRange([], true)).toEqual([1, 10]);
    expect(dataRange([2])).toEqual([1, 3]);
  });
});
