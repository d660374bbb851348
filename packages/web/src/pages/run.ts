import type { ProductReply, ProductSummary, ProductsReply, ProvenanceReply, RunReply } from '@dance/api';
import { getJson, productPath } from '../api.js';
import { bytes, h, nsToIso, seconds } from '../format.js';
import { provenanceSvg } from '../prov-graph.js';
import { type Route, routeHash, withParams } from '../route.js';

/** Data types the waveform view can draw. */
export const WAVEFORM_TYPES = ['records', 'raw_records'];
/** Data types the event display shows, one row per event. */
export const EVENT_TYPES = ['event_info', 'event_basics'];

/** A run: its metadata, products with lineage, and for the chosen product its chunks, files, replicas and provenance. */
export async function runPage(route: Route & { run: string }, root: HTMLElement): Promise<void> {
  const run = await getJson<RunReply>(`/api/runs/${encodeURIComponent(route.run)}`);
  const { products } = await getJson<ProductsReply>(`/api/runs/${encodeURIComponent(run.id)}/products`);
  const facts: [string, string | number][] = [
    ['number', run.number],
    ['start', nsToIso(run.start)],
    ['end', run.end === null ? '' : nsToIso(run.end)],
    ['duration (s)', seconds(run.start, run.end)],
    ['mode', run.mode ?? ''],
    ['source', run.source ?? ''],
    ['detector', run.detector ?? ''],
    ['tags', run.tags.join(', ')],
    ['comments', run.comments],
    ...Object.entries(run.metadata).map(([k, v]): [string, string] => [
      k,
      typeof v === 'string' ? v : JSON.stringify(v),
    ]),
  ];
  root.replaceChildren(
    h('h2', {}, `Run ${run.id}`),
    h(
      'table',
      { id: 'metadata' },
      ...facts.map(([k, v]) => h('tr', {}, h('th', {}, k), h('td', { 'data-key': k }, v))),
    ),
    h('h3', {}, 'Products'),
    productTable(route, products),
  );
  const chosen = route.params.get('product');
  const product = products.find((p) => `${p.type}/${p.lineage}` === chosen) ?? products[0];
  if (product) root.append(await productSection(product));
}

/** Event tables open in the event display at their first event. */
function eventLink(p: ProductSummary): HTMLElement | string {
  if (!EVENT_TYPES.includes(p.type) || !p.rows) return '';
  const params = new URLSearchParams({ lineage: p.lineage });
  return h('a', { class: 'event-link', href: routeHash({ page: 'event', run: p.run, event: 0, params }) }, 'events');
}

function productTable(route: Route, products: ProductSummary[]): HTMLElement {
  const head = h(
    'tr',
    {},
    ...['type', 'lineage', 'rows', 'chunks', 'files', 'size', 'format', ''].map((c) => h('th', {}, c)),
  );
  const rows = products.map((p) => {
    const show = h('a', { href: withParams(route, { product: `${p.type}/${p.lineage}` }) }, p.type);
    const rows =
      p.format === 'parquet-zstd'
        ? h(
            'a',
            {
              class: 'rows-link',
              href: routeHash({
                page: 'rows',
                run: p.run,
                params: new URLSearchParams({ type: p.type, lineage: p.lineage }),
              }),
            },
            'rows',
          )
        : '';
    const waveform = WAVEFORM_TYPES.includes(p.type)
      ? h(
          'a',
          {
            class: 'waveform-link',
            href: routeHash({
              page: 'waveform',
              run: p.run,
              params: new URLSearchParams({ type: p.type, lineage: p.lineage }),
            }),
          },
          'waveforms',
        )
      : '';
    return h(
      'tr',
      { 'data-product': `${p.type}/${p.lineage}` },
      h('td', {}, show),
      h('td', {}, h('code', {}, p.lineage)),
      h('td', { class: 'num' }, p.rows ?? ''),
      h('td', { class: 'num' }, p.chunks ?? ''),
      h('td', { class: 'num' }, p.files),
      h('td', { class: 'num' }, bytes(p.bytes)),
      h('td', {}, `${p.format ?? 'not in the store'}${p.catalogued ? '' : ', not catalogued'}`),
      h('td', {}, waveform, rows, ' ', eventLink(p)),
    );
  });
  return h('table', { id: 'products' }, h('thead', {}, head), h('tbody', {}, ...rows));
}

async function productSection(p: ProductSummary): Promise<HTMLElement> {
  const detail = await getJson<ProductReply>(productPath(p));
  const provenance = await getJson<ProvenanceReply>(`${productPath(p)}/provenance`);
  const fileRows = detail.files.map((f) =>
    h(
      'tr',
      {},
      h('td', {}, h('code', {}, `${f.scope}:${f.name}`)),
      h('td', { class: 'num' }, bytes(f.size)),
      h(
        'td',
        {},
        f.replicas.map((r) => `${r.site} (${r.state}${r.path ? `, ${r.path}` : ''})`).join('; ') || 'none registered',
      ),
    ),
  );
  const chunkRows = detail.chunks.map((c) =>
    h(
      'tr',
      {},
      h('td', { class: 'num' }, c.index),
      h('td', {}, nsToIso(c.start)),
      h('td', {}, nsToIso(c.end)),
      h('td', { class: 'num' }, c.rows),
      h('td', { class: 'num' }, bytes(c.bytes)),
    ),
  );
  return h(
    'section',
    { id: 'product' },
    h('h3', {}, `${p.type} / ${p.lineage}`),
    h(
      'p',
      { class: 'muted' },
      detail.schema
        ? `schema ${detail.schema.name} v${detail.schema.version}: ${detail.schema.fields.map((f) => f.name).join(', ')}`
        : 'not in this workspace’s store',
    ),
    h('h4', {}, 'Provenance'),
    provenance.catalogued
      ? h('div', { id: 'provenance' }, provenanceSvg(provenance.graph))
      : h(
          'details',
          { id: 'provenance' },
          h('summary', {}, 'not catalogued yet; the store’s manifest records how it was made'),
          h('pre', {}, JSON.stringify(provenance.storeProvenance ?? null, null, 1)),
        ),
    h('h4', {}, 'Files and replicas'),
    h(
      'table',
      { id: 'files' },
      h('tr', {}, h('th', {}, 'file'), h('th', {}, 'size'), h('th', {}, 'replicas')),
      ...fileRows,
    ),
    h('h4', {}, 'Chunks'),
    h(
      'table',
      { id: 'chunks' },
      h('tr', {}, ...['#', 'start', 'end', 'rows', 'size'].map((c) => h('th', {}, c))),
      ...chunkRows,
    ),
  );
}
