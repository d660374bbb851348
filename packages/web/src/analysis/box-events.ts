import type { BoxReply } from '@dance/api';
import { h, nsToIso } from '../format.js';
import { routeHash } from '../route.js';

/** The event display of one event: `#/run/<run>/event/<event_number>`. */
function eventHash(run: string, eventNumber: string): string {
  return routeHash({ page: 'event', run, event: Number(eventNumber), params: new URLSearchParams() });
}

/** The events of a box selection, each opening the event display; says when the list is cut short. */
export function boxEvents(reply: BoxReply): HTMLElement {
  const [, , , xName, yName] = reply.columns;
  const shown = reply.rows.length;
  return h(
    'div',
    { id: 'box-events' },
    h(
      'p',
      { class: 'muted' },
      h('b', { id: 'box-total' }, reply.total),
      ` event(s) in the box${reply.truncated ? `; the first ${shown} in time are listed` : ''}`,
    ),
    h(
      'table',
      {},
      h('thead', {}, h('tr', {}, ...['run', 'time', 'event', xName, yName].map((c) => h('th', {}, c)))),
      h(
        'tbody',
        {},
        ...reply.rows.map(([run, time, number, x, y]) =>
          h(
            'tr',
            {},
            h('td', {}, run ?? '?'),
            h('td', {}, nsToIso(time)),
            h(
              'td',
              { class: 'num' },
              run !== null && number !== null ? h('a', { href: eventHash(run, number) }, number) : '–',
            ),
            h('td', { class: 'num' }, x.toPrecision(5)),
            h('td', { class: 'num' }, y.toPrecision(5)),
          ),
        ),
      ),
    ),
  );
}
