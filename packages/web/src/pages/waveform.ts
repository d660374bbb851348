import type { DetectorReply, ProductSummary, ProductsReply } from '@dance/api';
import { getJson, getWindow } from '../api.js';
import { h, nsToIso } from '../format.js';
import { type Route, withParams } from '../route.js';
import { binRecords, type Marker } from '../waveform/bin.js';
import {
  markerColumns,
  markersOf,
  patternPeaks,
  peakPatterns,
  pulseColumns,
  recordColumns,
} from '../waveform/columns.js';
import { drawMatrix, drawSum } from '../waveform/draw.js';
import { drawHitPattern } from '../waveform/hit-pattern.js';
import { WAVEFORM_TYPES } from './run.js';

/** Longest window the server sends in one request (ns), also the step when searching for the next peak. */
const MAX_WINDOW = 100_000_000;
const DEFAULT_WIDTH = 1_000_000;
const MIN_WIDTH = 1_000;
const BINS = 1000;

/**
 * A run's time window: the summed waveform with peaks shaded, the per-channel records matrix and
 * the peaks in view. Keys: ←/→ previous/next window, n/p next/previous S1 (N/P any peak), +/− zoom. The view is
 * the URL, so every view is a permalink. Returns the function that removes its key handler.
 */
export async function waveformPage(route: Route & { run: string }, root: HTMLElement): Promise<() => void> {
  const { products } = await getJson<ProductsReply>(`/api/runs/${encodeURIComponent(route.run)}/products`);
  const type = route.params.get('type');
  const lineage = route.params.get('lineage');
  const product =
    products.find((p) => p.type === type && (lineage === null || p.lineage === lineage)) ??
    WAVEFORM_TYPES.map((t) => products.find((p) => p.type === t)).find((p) => p !== undefined);
  if (!product?.start || !product.end) throw new Error(`run ${route.run} has no stored records to draw`);
  const peaks = products.find((p) => p.type === 'peaklets') ?? products.find((p) => p.type === 'truth_peaks');
  const runStart = BigInt(product.start);
  const runEnd = BigInt(product.end);
  const width = Math.min(MAX_WINDOW, Math.max(MIN_WIDTH, Number(route.params.get('width') ?? DEFAULT_WIDTH)));

  /**
   * The first (dir 1) or last (dir -1) peak starting at/after `from` (dir 1) or before it (dir -1),
   * only S1s when `s1Only`: an event starts with its S1, so that is how one steps through events.
   */
  const findPeak = async (from: bigint, dir: 1 | -1, s1Only: boolean): Promise<Marker | undefined> => {
    if (!peaks) return undefined;
    for (let at = from; dir > 0 ? at < runEnd : at > runStart; at += BigInt(dir * MAX_WINDOW)) {
      const [a, b] = dir > 0 ? [at, at + BigInt(MAX_WINDOW)] : [at - BigInt(MAX_WINDOW), at];
      const found = markersOf(await getWindow(peaks, a < 0n ? 0n : a, b, markerColumns(peaks.type))).filter(
        (m) => (dir > 0 ? m.start >= from : m.start < from) && m.start >= a && (!s1Only || m.type === 1),
      );
      if (found.length) return dir > 0 ? found[0] : found[found.length - 1];
    }
    return undefined;
  };
  const peakView = (m: Marker) => m.start - BigInt(Math.round(width / 10));

  let start: bigint;
  const startParam = route.params.get('start');
  if (startParam !== null && /^\d+$/.test(startParam)) start = BigInt(startParam);
  else {
    const first = (await findPeak(runStart, 1, true)) ?? (await findPeak(runStart, 1, false));
    start = first ? peakView(first) : runStart;
  }
  const end = start + BigInt(width);
  const view = { start, width, bins: BINS };

  // hit patterns load beside the waveform and are appended once it is drawn
  const patterns = peaks?.type === 'peaklets' ? hitPatterns(route.run, peaks, start, end) : undefined;
  const requested = performance.now();
  const [records, markers] = await Promise.all([
    getWindow(product, start, end, recordColumns(product.type)),
    peaks ? getWindow(peaks, start, end, markerColumns(peaks.type)).then(markersOf) : Promise.resolve([]),
  ]);
  const arrived = performance.now();
  const pulses = pulseColumns(records);
  let channels = 1;
  for (const c of pulses.channel) if (c + 1 > channels) channels = c + 1;
  const binned = binRecords(pulses, view, channels);

  const sumCanvas = h('canvas', {
    id: 'sum',
    width: 1100,
    height: 240,
    role: 'img',
    'aria-label': 'summed waveform',
  }) as HTMLCanvasElement;
  const matrixCanvas = h('canvas', {
    id: 'matrix',
    role: 'img',
    'aria-label': 'records matrix, channel by time',
    width: 1100,
    height: Math.min(560, Math.max(200, channels + 32)),
  }) as HTMLCanvasElement;
  const fact = (label: string, id: string, value: string | number) => h('span', {}, `${label} `, h('b', { id }, value));
  root.replaceChildren(
    h(
      'h2',
      {},
      h('a', { href: `#/run/${encodeURIComponent(route.run)}` }, `Run ${route.run}`),
      ` · ${product.type} `,
      h('code', {}, product.lineage),
    ),
    h(
      'p',
      { class: 'facts' },
      fact('from', 'window-start', nsToIso(start)),
      fact('width (µs)', 'window-width', width / 1000),
      fact('records', 'n-records', records.numRows),
      fact('channels with signal', 'n-channels', binned.activeChannels),
      fact('peaks', 'n-peaks', markers.length),
    ),
    h(
      'p',
      { class: 'muted' },
      h('kbd', {}, '←'),
      ' ',
      h('kbd', {}, '→'),
      ' previous / next window · ',
      h('kbd', {}, 'n'),
      ' ',
      h('kbd', {}, 'p'),
      ` next / previous S1 (with shift: any peak)${peaks ? ` (${peaks.type})` : ' (none stored)'} · `,
      h('kbd', {}, '+'),
      ' ',
      h('kbd', {}, '−'),
      ' zoom',
    ),
    h('h3', {}, 'Summed waveform'),
    sumCanvas,
    h('h3', {}, 'Records: channel × time'),
    matrixCanvas,
    peakTable(markers, start),
  );
  drawSum(sumCanvas, binned, view, markers);
  drawMatrix(matrixCanvas, binned, view);
  // what bench/web reads: time to fetch and decode the window, then to bin and draw it
  root.dataset.fetchMs = (arrived - requested).toFixed(1);
  root.dataset.renderMs = (performance.now() - arrived).toFixed(1);
  root.dataset.view = `${start}/${width}`;
  if (patterns) root.append(await patterns);

  const go = (changes: { start?: bigint; width?: number }) => {
    location.hash = withParams(route, {
      type: product.type,
      lineage: product.lineage,
      start: String(changes.start ?? start),
      width: String(changes.width ?? width),
    });
  };
  const onKey = async (e: KeyboardEvent) => {
    if (e.target instanceof HTMLInputElement) return;
    const center = start + BigInt(Math.round(width / 2));
    if (e.key === 'ArrowRight') go({ start: end });
    else if (e.key === 'ArrowLeft') go({ start: start - BigInt(width) });
    else if (e.key === '+' || e.key === '=')
      go({ start: center - BigInt(Math.round(width / 4)), width: Math.max(MIN_WIDTH, width / 2) });
    else if (e.key === '-')
      go({ start: center - BigInt(Math.min(MAX_WINDOW, width * 2) / 2), width: Math.min(MAX_WINDOW, width * 2) });
    else if (['n', 'p', 'N', 'P'].includes(e.key)) {
      const next = e.key.toLowerCase() === 'n';
      const from = next ? end : start;
      const s1Only = e.key === 'n' || e.key === 'p';
      // unclassified peaklets have no S1s: then n/p step through every peak
      const peak =
        (await findPeak(from, next ? 1 : -1, s1Only)) ??
        (s1Only ? await findPeak(from, next ? 1 : -1, false) : undefined);
      if (peak) go({ start: peakView(peak) });
    }
  };
  document.addEventListener('keydown', onKey);
  return () => document.removeEventListener('keydown', onKey);
}

function peakTable(markers: Marker[], start: bigint): HTMLElement {
  const label = (t: number) => (t === 1 ? 'S1' : t === 2 ? 'S2' : 'unknown');
  return h(
    'table',
    { id: 'peaks' },
    h('tr', {}, ...['type', 'start (µs in view)', 'length (µs)', 'area (PE)'].map((c) => h('th', {}, c))),
    ...markers.map((m) =>
      h(
        'tr',
        {},
        h('td', {}, label(m.type)),
        h('td', { class: 'num' }, (Number(m.start - start) / 1000).toFixed(3)),
        h('td', { class: 'num' }, (Number(m.end - m.start) / 1000).toFixed(3)),
        h('td', { class: 'num' }, m.area.toFixed(1)),
      ),
    ),
  );
}

/** Top and bottom hit patterns of the window's largest S1 and S2 peaklets, when the detector is known. */
async function hitPatterns(run: string, peaklets: ProductSummary, start: bigint, end: bigint): Promise<HTMLElement> {
  const section = h('section', { id: 'hit-patterns' }, h('h3', {}, 'Hit patterns'));
  let pmts: DetectorReply;
  try {
    pmts = await getJson<DetectorReply>(`/api/runs/${encodeURIComponent(run)}/detector`);
  } catch (err) {
    section.append(h('p', { class: 'muted' }, err instanceof Error ? err.message : String(err)));
    return section;
  }
  const chosen = patternPeaks(
    peakPatterns(await getWindow(peaklets, start, end, ['type', 'area', 'area_per_channel'])),
  );
  if (chosen.length === 0) section.append(h('p', { class: 'muted' }, 'no peaklets in this window'));
  chosen.forEach(({ label, peak }, i) => {
    const canvases = (['top', 'bottom'] as const).map((array) => {
      const canvas = h('canvas', {
        id: `hit-${array}-${i}`,
        width: 260,
        height: 260,
        role: 'img',
        'aria-label': `${label} ${array} array`,
      }) as HTMLCanvasElement;
      drawHitPattern(canvas, pmts, peak.perChannel, array);
      return canvas;
    });
    section.append(
      h('h4', {}, `${label}: ${peak.area.toFixed(1)} PE (${pmts.name}, dead PMTs grey)`),
      h('div', { class: 'facts' }, ...canvases),
    );
  });
  return section;
}
