import { describe, expect, it } from 'vitest';
import { parseState, stateParams } from '../src/analysis/state.js';
import { parseRoute, routeHash } from '../src/route.js';

describe('Analysis page state in the URL', () => {
  it('round-trips a full state through the permalink, defaults left out', () => {
    const hash =
      '#/analysis?runs=source+%3D+%27kr83m%27&lineage=abc&cuts=cuts%2Fwimp.yaml&vetoes=dq.yaml&expr=log10%28cs2%29&bins=50&range=0%3A5&xrange=0%3A100&yrange=0%3A12000&box=20%3A40%3A0%3A3000';
    const route = parseRoute(hash);
    expect(route.page).toBe('analysis');
    const state = parseState(route.params);
    expect(state).toMatchObject({
      runs: "source = 'kr83m'",
      table: 'event_info',
      lineage: 'abc',
      cuts: 'cuts/wimp.yaml',
      vetoes: 'dq.yaml',
      expr: 'log10(cs2)',
      bins: 50,
      range: [0, 5],
      x: 'cs1',
      y: 'cs2',
      box: [20, 40, 0, 3000],
    });
    expect(routeHash({ page: 'analysis', params: stateParams(state) })).toBe(hash);
    expect(routeHash(parseRoute('#/analysis'))).toBe('#/analysis');
  });

  it('falls back to defaults on malformed numbers and ranges', () => {
    const state = parseState(new URLSearchParams('bins=-3&xbins=1e9&range=5&xrange=a:b&box=1:2:3&expr=%20'));
    expect(state).toMatchObject({ bins: 100, xbins: 100, expr: 'cs1', cuts: undefined });
    expect([state.range, state.xrange, state.box]).toEqual([undefined, undefined, undefined]);
    expect(stateParams(state).toString()).toBe('');
  });
});
