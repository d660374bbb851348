import { describe, expect, it } from 'vitest';
import { nsToIso } from '../src/format.js';
import { compareCells } from '../src/pages/runs.js';
import { parseRoute, routeHash, withParams } from '../src/route.js';

describe('routes as permalinks', () => {
  it('round-trips every page through the hash', () => {
    for (const hash of [
      '#/runs?where=a+%3E+1',
      '#/run/kr-001?product=raw_records%2Fabc',
      '#/run/kr-001/waveform?start=17&width=1000',
      '#/run/kr-001/rows?type=truth_peaks&offset=50',
    ]) {
      expect(routeHash(parseRoute(hash))).toBe(hash);
    }
    expect(parseRoute('')).toMatchObject({ page: 'runs' });
    expect(parseRoute('#/run/kr%2F1/waveform')).toMatchObject({ page: 'waveform', run: 'kr/1' });
  });

  it('replaces and removes parameters', () => {
    const route = parseRoute('#/runs?sort=id&desc=1');
    expect(withParams(route, { desc: undefined, where: "source = 'kr'" })).toBe(
      '#/runs?sort=id&where=source+%3D+%27kr%27',
    );
  });
});

describe('cells', () => {
  it('sorts numbers numerically, text naturally and empty cells last', () => {
    expect([10, 9, 100].sort(compareCells)).toEqual([9, 10, 100]);
    expect(['kr-10', '', 'kr-9'].sort(compareCells)).toEqual(['kr-9', 'kr-10', '']);
  });

  it('writes int64 ns as ISO 8601 with the sub-millisecond digits', () => {
    expect(nsToIso('1767225600000000000')).toBe('2026-01-01T00:00:00.000Z');
    expect(nsToIso(1767225600009357215n)).toBe('2026-01-01T00:00:00.009357215Z');
  });
});
