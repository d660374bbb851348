import type { Run, RunsReply } from '@dance/api';
import { getJson } from '../api.js';
import { h, nsToIso, seconds } from '../format.js';
import { type Route, withParams } from '../route.js';

/** The cells of a run row, by column; metadata columns are `meta.<key>`. */
function cell(run: Run, column: string): string | number {
  switch (column) {
    case 'id':
      return run.id;
    case 'number':
      return run.number;
    case 'start':
      return nsToIso(run.start);
    case 'duration':
      return seconds(run.start, run.end);
    case 'tags':
      return run.tags.join(', ');
    case 'mode':
    case 'source':
    case 'detector':
    case 'comments':
      return run[column] ?? '';
    default: {
      const value = run.metadata[column.slice('meta.'.length)];
      return typeof value === 'number' ? value : value === undefined ? '' : JSON.stringify(value);
    }
  }
}

/** Sorts numbers numerically and everything else as text; empty cells last. */
export function compareCells(a: string | number, b: string | number): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (a === '' || b === '') return a === '' ? (b === '' ? 0 : 1) : -1;
  return String(a).localeCompare(String(b), undefined, { numeric: true });
}

/** The server-side filters of the runs list: URL parameter = API parameter = form field. */
const FILTERS = [
  { name: 'where', placeholder: "source = 'kr83m' and drift_field > 100" },
  { name: 'search', placeholder: 'text in comments' },
  { name: 'tag', placeholder: 'calibration' },
];

/** The runs table: filter expression, comment search and tag run on the server, sorting in the page. */
export async function runsPage(route: Route, root: HTMLElement): Promise<void> {
  const sort = route.params.get('sort') ?? 'number';
  const descending = route.params.get('desc') === '1';
  const inputs = FILTERS.map(
    (f) =>
      h('input', {
        type: 'text',
        name: f.name,
        value: route.params.get(f.name) ?? '',
        placeholder: f.placeholder,
      }) as HTMLInputElement,
  );
  const form = h(
    'form',
    { id: 'run-filter' },
    ...inputs.flatMap((input) => [` ${input.name} `, input]),
    h('button', { type: 'submit' }, 'Filter'),
  );
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    location.hash = withParams(route, Object.fromEntries(inputs.map((i) => [i.name, i.value || undefined])));
  });
  root.replaceChildren(h('h2', {}, 'Runs'), form);
  const query = new URLSearchParams();
  for (const f of FILTERS) {
    const value = route.params.get(f.name);
    if (value) query.set(f.name, value);
  }
  const { runs } = await getJson<RunsReply>(`/api/runs?${query}`);
  const metaKeys = [...new Set(runs.flatMap((r) => Object.keys(r.metadata)))].sort();
  const columns = [
    'id',
    'number',
    'start',
    'duration',
    'mode',
    'source',
    'detector',
    'tags',
    'comments',
    ...metaKeys.map((k) => `meta.${k}`),
  ];
  const sorted = [...runs].sort((a, b) => compareCells(cell(a, sort), cell(b, sort)) * (descending ? -1 : 1));
  const header = h(
    'tr',
    {},
    ...columns.map((c) => {
      const th = h(
        'th',
        { 'data-sort': c, 'aria-sort': c === sort ? (descending ? 'descending' : 'ascending') : undefined },
        c.replace(/^meta\./, ''),
      );
      th.addEventListener('click', () => {
        location.hash = withParams(route, { sort: c, desc: c === sort && !descending ? '1' : undefined });
      });
      return th;
    }),
  );
  const rows = sorted.map((run) =>
    h(
      'tr',
      { 'data-run': run.id },
      ...columns.map((c) => {
        const value = cell(run, c);
        if (c === 'id') return h('td', {}, h('a', { href: `#/run/${encodeURIComponent(run.id)}` }, run.id));
        return h('td', { class: typeof value === 'number' ? 'num' : undefined }, value);
      }),
    ),
  );
  root.append(
    h('p', { class: 'muted' }, h('span', { id: 'run-count' }, runs.length), ` run${runs.length === 1 ? '' : 's'}`),
    h('table', { id: 'runs' }, h('thead', {}, header), h('tbody', {}, ...rows)),
  );
}
