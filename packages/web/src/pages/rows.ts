import type { ProductsReply, RowsReply } from '@dance/api';
import { getJson, productPath } from '../api.js';
import { h, nsToIso } from '../format.js';
import { type Route, routeHash, withParams } from '../route.js';
import { EVENT_TYPES } from './run.js';

const PAGE = 50;

/**
 * A table product (events, peak_basics, truth) a page at a time, filtered and paged on the server;
 * each row's time opens the waveform view there. Keys: PageDown/PageUp or j/k next/previous page.
 */
export async function rowsPage(route: Route & { run: string }, root: HTMLElement): Promise<() => void> {
  const { products } = await getJson<ProductsReply>(`/api/runs/${encodeURIComponent(route.run)}/products`);
  const type = route.params.get('type');
  const lineage = route.params.get('lineage');
  const product = products.find((p) => p.type === type && (lineage === null || p.lineage === lineage));
  if (!product)
    throw new Error(`run ${route.run} has no product ${type ?? '(no type given)'}${lineage ? `/${lineage}` : ''}`);
  const where = route.params.get('where') ?? '';
  const columns = route.params.get('columns') ?? '';
  const offset = Math.max(0, Number(route.params.get('offset') ?? 0) || 0);
  const query = new URLSearchParams({ offset: String(offset), limit: String(PAGE) });
  if (where) query.set('where', where);
  if (columns) query.set('columns', columns);
  const whereInput = h('input', {
    type: 'text',
    name: 'where',
    value: where,
    placeholder: 'type = 1 and area > 100',
  }) as HTMLInputElement;
  const columnsInput = h('input', {
    type: 'text',
    name: 'columns',
    value: columns,
    placeholder: 'all, or e.g. time,area,type',
  }) as HTMLInputElement;
  const form = h(
    'form',
    { id: 'rows-filter' },
    'where ',
    whereInput,
    ' columns ',
    columnsInput,
    h('button', { type: 'submit' }, 'Show'),
  );
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const chosen = columnsInput.value.replace(/\s+/g, '');
    location.hash = withParams(route, {
      where: whereInput.value || undefined,
      columns: chosen || undefined,
      offset: undefined,
    });
  });
  root.replaceChildren(
    h(
      'h2',
      {},
      h('a', { href: `#/run/${encodeURIComponent(route.run)}` }, `Run ${route.run}`),
      ` · ${product.type} `,
      h('code', {}, product.lineage),
    ),
    form,
  );
  const page = await getJson<RowsReply>(`${productPath(product)}/rows?${query}`);
  const waveforms = products.find((p) => p.type === 'records') ?? products.find((p) => p.type === 'raw_records');
  const timeCell = (value: string) => {
    if (!waveforms) return nsToIso(value);
    const params = new URLSearchParams({
      type: waveforms.type,
      lineage: waveforms.lineage,
      start: String(BigInt(value) - 100_000n),
    });
    return h('a', { href: routeHash({ page: 'waveform', run: route.run, params }) }, nsToIso(value));
  };
  const eventCell = (n: string) => {
    const params = new URLSearchParams({ lineage: product.lineage });
    return h('a', { href: routeHash({ page: 'event', run: route.run, event: Number(n), params }) }, n);
  };
  const go = (to: number) => {
    if (to >= 0 && to < page.total) location.hash = withParams(route, { offset: String(to) });
  };
  root.append(
    h(
      'p',
      { class: 'muted' },
      'rows ',
      h('b', { id: 'rows-range' }, page.rows.length ? `${offset + 1}–${offset + page.rows.length}` : '0'),
      ' of ',
      h('b', { id: 'rows-total' }, page.total),
      ' · ',
      h('kbd', {}, 'j'),
      ' ',
      h('kbd', {}, 'k'),
      ' next / previous page',
    ),
    h(
      'table',
      { id: 'rows' },
      h('thead', {}, h('tr', {}, ...page.columns.map((c) => h('th', {}, c)))),
      h(
        'tbody',
        {},
        ...page.rows.map((row) =>
          h(
            'tr',
            {},
            ...row.map((v, i) =>
              h(
                'td',
                { class: typeof v === 'number' ? 'num' : undefined },
                page.columns[i] === 'time' && typeof v === 'string'
                  ? timeCell(v)
                  : page.columns[i] === 'event_number' && EVENT_TYPES.includes(product.type)
                    ? eventCell(String(v))
                    : String(v),
              ),
            ),
          ),
        ),
      ),
    ),
  );
  const onKey = (e: KeyboardEvent) => {
    if (e.target instanceof HTMLInputElement) return;
    if (e.key === 'j' || e.key === 'PageDown') go(offset + PAGE);
    else if (e.key === 'k' || e.key === 'PageUp') go(Math.max(0, offset - PAGE));
  };
  document.addEventListener('keydown', onKey);
  return () => document.removeEventListener('keydown', onKey);
}
