import type uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { CutFile, ResultProvenance } from '@dance/api';
import { analysisApi, plotUrl } from '../analysis/api.js';
import { boxEvents } from '../analysis/box-events.js';
import { cutflowTable } from '../analysis/cutflow-table.js';
import { histPlot } from '../analysis/hist-plot.js';
import { type Box, planePlot } from '../analysis/plane-plot.js';
import { type AnalysisState, parseState, stateParams } from '../analysis/state.js';
import { h } from '../format.js';
import { type Route, routeHash } from '../route.js';

const PLOT_WIDTH = 600;

/**
 * The Analysis page: over a run selection and table (default event_info), with a workspace cut file
 * applied, a histogram of an expression, the cS1–cS2 plane and the cut flow, all computed by the
 * server's blinded analysis API (the blinded region never reaches the page). Dragging a box on the
 * plane lists its events, each linking to the event display. The whole state is in the URL.
 */
export async function analysisPage(route: Route, root: HTMLElement): Promise<() => void> {
  const { files } = await analysisApi.cutFiles();
  const state = parseState(route.params);
  if (state.cuts === undefined) {
    // the workspace's cut file by default, written into the URL so the permalink says which
    state.cuts = files.find((f) => !('error' in f))?.file ?? '';
    history.replaceState(null, '', hashOf(state));
  }
  const plots: uPlot[] = [];
  const histPanel = h('div', { id: 'analysis-hist', class: 'plot' });
  const planePanel = h('div', { id: 'analysis-plane', class: 'plot' });
  const flowPanel = h('div', { id: 'analysis-cutflow' });
  const boxPanel = h(
    'div',
    { id: 'analysis-box' },
    h('p', { class: 'muted' }, 'Drag a box on the plane to list its events.'),
  );
  const about = h('div', { id: 'analysis-about', class: 'muted' });
  root.replaceChildren(
    h('h2', {}, 'Analysis'),
    form(state, files),
    about,
    h(
      'div',
      { class: 'analysis' },
      h(
        'div',
        {},
        h(
          'h3',
          {},
          `${state.table}: ${state.expr} `,
          state.without
            ? h(
                'a',
                { id: 'n-minus-one', href: hashOf({ ...state, without: undefined }) },
                `N−1: all cuts but ${state.without} ✕`,
              )
            : null,
          ' ',
          downloads('hist', state),
        ),
        histPanel,
        h('h3', { id: 'analysis-plane-title' }, `${state.y} vs ${state.x} `, downloads('scatter', state)),
        planePanel,
      ),
      h('div', {}, h('h3', {}, 'Cut flow'), flowPanel, h('h3', {}, 'Selected events'), boxPanel),
    ),
  );

  const showBox = async (box: Box) => {
    boxPanel.replaceChildren(h('p', { class: 'muted' }, 'loading…'));
    try {
      boxPanel.replaceChildren(boxEvents(await analysisApi.eventsInBox(state, box)));
    } catch (err) {
      boxPanel.replaceChildren(failure(err, 'box-error'));
    }
  };
  const onBox = async (box: Box) => {
    state.box = box;
    history.replaceState(null, '', hashOf(state));
    await showBox(box);
    // as main.ts marks a rendered hash: the page now shows this permalink
    document.body.dataset.ready = location.hash;
  };

  const [flow, hist, plane] = await Promise.allSettled([
    analysisApi.cutflow(state),
    analysisApi.hist(state),
    analysisApi.scatter(state),
  ]);
  if (flow.status === 'fulfilled') {
    flowPanel.replaceChildren(cutflowTable(flow.value, (cut) => hashOf({ ...state, without: cut })));
    about.replaceChildren(describe(flow.value.provenance));
  } else flowPanel.replaceChildren(failure(flow.reason, 'cutflow-error'));
  if (hist.status === 'fulfilled') plots.push(histPlot(histPanel, hist.value.histogram, PLOT_WIDTH));
  else histPanel.replaceChildren(failure(hist.reason, 'hist-error'));
  if (plane.status === 'fulfilled')
    plots.push(planePlot(planePanel, plane.value.histogram, PLOT_WIDTH, state.box, (box) => void onBox(box)));
  else planePanel.replaceChildren(failure(plane.reason, 'plane-error'));
  if (state.box) await showBox(state.box);
  return () => {
    for (const p of plots) p.destroy();
  };
}

/** Links to the plot as SVG and PNG files with provenance embedded. */
function downloads(plot: 'hist' | 'scatter', state: AnalysisState): HTMLElement {
  const link = (format: 'svg' | 'png') =>
    h('a', { href: plotUrl(plot, state, format), download: '', class: `download-${format}` }, format.toUpperCase());
  return h('small', { class: 'downloads' }, link('svg'), ' ', link('png'));
}

function hashOf(state: AnalysisState): string {
  return routeHash({ page: 'analysis', params: stateParams(state) });
}

/** The selection form: submitting it makes a new permalink (the box is kept while the plane's axes are). */
function form(state: AnalysisState, files: CutFile[]): HTMLElement {
  const input = (name: string, value: string, size: number, placeholder = '') =>
    h('label', {}, `${name} `, h('input', { type: 'text', name, value, size, placeholder }));
  const range = (r?: [number, number]) => r?.join(':') ?? '';
  const cuts = h(
    'select',
    { name: 'cuts' },
    h('option', { value: '' }, '(no cuts)'),
    ...files.map((f) =>
      'error' in f
        ? h('option', { value: f.file, disabled: '', title: f.error }, `${f.file} (does not load)`)
        : h('option', { value: f.file }, `${f.file}: ${f.name} v${f.version}`),
    ),
  ) as HTMLSelectElement;
  cuts.value = state.cuts ?? '';
  const el = h(
    'form',
    { id: 'analysis-form' },
    input('runs', state.runs, 28, "source = 'kr83m'"),
    input('table', state.table, 10),
    input('lineage', state.lineage ?? '', 8, 'if several'),
    h('label', {}, 'cuts ', cuts),
    input('vetoes', state.vetoes ?? '', 12, 'dq/vetoes.yaml'),
    input('expr', state.expr, 14),
    input('bins', String(state.bins), 4),
    input('range', range(state.range), 10, 'lo:hi (auto)'),
    input('x', state.x, 8),
    input('xrange', range(state.xrange), 10, 'auto'),
    input('y', state.y, 8),
    input('yrange', range(state.yrange), 10, 'auto'),
    h('button', { type: 'submit' }, 'Plot'),
  ) as HTMLFormElement;
  el.addEventListener('submit', (e) => {
    e.preventDefault();
    const params = new URLSearchParams();
    for (const [k, v] of new FormData(el)) params.set(k, String(v));
    const next = parseState(params);
    next.cuts = String(new FormData(el).get('cuts') ?? '');
    next.xbins = state.xbins;
    next.ybins = state.ybins;
    if (next.x === state.x && next.y === state.y) next.box = state.box;
    if (next.expr === state.expr) next.without = state.without;
    location.hash = hashOf(next);
  });
  return el;
}

/** What the plots are made of, from the provenance: runs, products, cuts, blinded regions. */
function describe(p: ResultProvenance): HTMLElement {
  const lineages = [...new Set(p.products.map((x) => `${x.type}/${x.lineage}`))].join(', ');
  const cuts = p.cuts ? ` · cuts ${p.cuts.name} v${p.cuts.version} (lineage ${p.cuts.lineage})` : ' · no cuts';
  const blinded = p.blinding.blinded.map((b) => `${b.name} (${b.table}: ${b.where})`).join(', ');
  return h(
    'p',
    {},
    `runs ${p.runs.join(', ')} · ${lineages}${cuts}`,
    blinded
      ? h('span', { id: 'blinding', class: 'blinded' }, ` · blinded: ${blinded}, hidden from every plot and list`)
      : null,
  );
}

function failure(err: unknown, id: string): HTMLElement {
  return h('p', { class: 'error', id }, err instanceof Error ? err.message : String(err));
}
