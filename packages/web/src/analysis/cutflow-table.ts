import type { CutFlowReply } from '@dance/api';
import { h } from '../format.js';

const pct = (x: number | null) => (x !== null && Number.isFinite(x) ? `${(100 * x).toFixed(2)}%` : '–');

/**
 * The cut flow as `dance cutflow` prints it: passed, efficiency, cumulative, N−1 passed and efficiency.
 * `nMinusOne(cut)` is the link to the histogram with every cut but that one.
 */
export function cutflowTable(reply: CutFlowReply, nMinusOne: (cut: string) => string): HTMLElement {
  const { cutflow, cuts } = reply;
  const expr = new Map(cuts.map((c) => [c.name, c.expr]));
  return h(
    'table',
    { id: 'cutflow' },
    h(
      'thead',
      {},
      h('tr', {}, ...['cut', 'passed', 'eff', 'cumulative', 'N−1 passed', 'N−1 eff'].map((c) => h('th', {}, c))),
    ),
    h(
      'tbody',
      {},
      h(
        'tr',
        { 'data-cut': '' },
        h('td', {}, 'all events'),
        h('td', { class: 'num' }, cutflow.total),
        h('td'),
        h('td'),
        h('td'),
        h('td'),
      ),
      ...cutflow.rows.map((r) =>
        h(
          'tr',
          { 'data-cut': r.cut },
          h('td', { title: expr.get(r.cut) }, r.cut),
          h('td', { class: 'num' }, r.passed),
          h('td', { class: 'num' }, pct(r.efficiency)),
          h('td', { class: 'num' }, pct(r.cumulative)),
          h(
            'td',
            { class: 'num' },
            h('a', { href: nMinusOne(r.cut), title: `histogram without ${r.cut}` }, r.passedOthers),
          ),
          h('td', { class: 'num' }, pct(r.nMinusOneEfficiency)),
        ),
      ),
    ),
  );
}
