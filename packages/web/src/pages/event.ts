import type { DetectorReply, EventReply, PeakRole } from '@dance/api';
import type { Table } from 'apache-arrow';
import { getJson, getWindow } from '../api.js';
import { getEvent, peakOf } from '../event/detail.js';
import { markArrayBoundary, markPositions, markRoles, type PositionMark } from '../event/marks.js';
import { patternOf } from '../event/patterns.js';
import { eventTables, peakTable, shown, truthTable } from '../event/tables.js';
import { S1_PAD_NS, S2_PAD_NS, zoomOn } from '../event/zoom.js';
import { h, nsToIso } from '../format.js';
import { type Route, routeHash } from '../route.js';
import { binRecords, type Marker, type PulseColumns } from '../waveform/bin.js';
import { pulseColumns, recordColumns } from '../waveform/columns.js';
import { drawMatrix, drawSum } from '../waveform/draw.js';
import { drawHitPattern } from '../waveform/hit-pattern.js';

const BINS = 1000;
/** PMT arrays per run: the same for every event of it. */
const detectors = new Map<string, Promise<DetectorReply | string>>();

/**
 * One event of a run (`#/run/<run>/event/<n>`): the summed waveform over its window with peaks
 * shaded and the main/alt S1 and S2 marked, zooms on the main S1 (ns) and S2 (µs), the channel ×
 * time records matrix (canvas, downsampled to 1000 time bins), top and bottom hit patterns of the
 * main S1 and S2 with the reconstructed and true positions, and the event, peak and truth tables.
 * Keys: n/→ next event, p/← previous. Returns the function that removes its key handler.
 */
export async function eventPage(route: Route & { page: 'event' }, root: HTMLElement): Promise<() => void> {
  const requested = performance.now();
  const detail = await getEvent(route.run, route.event, route.params.get('lineage'));
  const { records: recordsKey, patterns: patternsKey } = detail.window;
  const start = BigInt(detail.window.start);
  const end = BigInt(detail.window.end);
  const [records, patterns, pmts] = await Promise.all([
    recordsKey ? getWindow(recordsKey, start, end, recordColumns(recordsKey.type)) : undefined,
    patternsKey ? getWindow(patternsKey, start, end, ['type', 'area', 'area_per_channel']) : undefined,
    detectorOf(route.run),
  ]);
  const arrived = performance.now();

  const e = detail.event;
  const fact = (label: string, id: string, value: string) => h('span', {}, `${label} `, h('b', { id }, value));
  const optional = (name: string, label: string) =>
    name in e ? fact(label, name.replaceAll('_', '-'), shown(e[name])) : null;
  root.replaceChildren(
    h(
      'h2',
      {},
      h('a', { href: `#/run/${encodeURIComponent(route.run)}` }, `Run ${route.run}`),
      ` · event ${detail.event_number} of ${detail.total} · ${detail.product.type} `,
      h('code', {}, detail.product.lineage),
    ),
    h(
      'p',
      { class: 'facts' },
      fact('time', 'event-time', nsToIso(String(e.time))),
      fact('window (µs)', 'event-width', String(Number(end - start) / 1000)),
      fact('peaks', 'n-peaks', shown(e.n_peaks ?? detail.peaks.length)),
      optional('s1_area', 'S1 (PE)'),
      optional('s2_area', 'S2 (PE)'),
      optional('cs1', 'cS1 (PE)'),
      optional('cs2', 'cS2 (PE)'),
      optional('drift_time', 'drift time (ns)'),
      optional('s2_x', 'x (cm)'),
      optional('s2_y', 'y (cm)'),
    ),
    h(
      'p',
      { class: 'muted' },
      h('kbd', {}, 'n'),
      ' ',
      h('kbd', {}, '→'),
      ' next event · ',
      h('kbd', {}, 'p'),
      ' ',
      h('kbd', {}, '←'),
      ' previous event',
      detail.window.records ? ` · records: ${detail.window.records.type}` : ' · no records stored',
    ),
  );

  const markers: Marker[] = detail.peaks.map((p) => ({
    start: BigInt(p.time),
    end: BigInt(p.endtime),
    type: p.type,
    area: p.area,
  }));
  if (records) {
    const pulses = pulseColumns(records);
    const channels = typeof pmts === 'string' ? maxChannel(pulses) + 1 : pmts.channels;
    const view = { start, width: Number(end - start), bins: BINS };
    const binned = binRecords(pulses, view, channels);
    const sum = canvas('event-sum', 1100, 240, 'summed waveform of the event');
    drawSum(sum, binned, view, markers);
    markRoles(sum, view, detail.peaks);
    const matrix = canvas('event-matrix', 1100, Math.min(560, Math.max(200, channels + 32)), 'records matrix');
    drawMatrix(matrix, binned, view);
    if (typeof pmts !== 'string') markArrayBoundary(matrix, channels, pmts.topChannels);
    const dt = pulses.dt.length ? pulses.dt[0] : 10;
    root.append(
      h('h3', {}, 'Summed waveform'),
      sum,
      h(
        'div',
        { class: 'facts' },
        zoom(detail, 's1', pulses, channels, markers, dt),
        zoom(detail, 's2', pulses, channels, markers, dt),
      ),
      h('h3', {}, 'Records: channel × time'),
      matrix,
    );
  }
  root.append(hitPatterns(detail, patterns, pmts));
  root.append(
    h('h3', {}, 'Event'),
    h('div', { class: 'facts' }, ...eventTables(e)),
    h('h3', {}, 'Peaks in the window'),
    peakTable(detail.peaks, start),
  );
  if (detail.truth) root.append(h('h3', {}, 'Simulation truth'), truthTable(detail.truth, start));
  // what bench/web reads: time to fetch the event and its windows, then to bin and draw everything
  root.dataset.fetchMs = (arrived - requested).toFixed(1);
  root.dataset.renderMs = (performance.now() - arrived).toFixed(1);
  root.dataset.event = String(detail.event_number);

  const go = (n: number | null) => {
    if (n !== null) location.hash = routeHash({ ...route, event: n });
  };
  const onKey = (ev: KeyboardEvent) => {
    if (ev.target instanceof HTMLInputElement || ev.ctrlKey || ev.metaKey || ev.altKey) return;
    if (ev.key === 'n' || ev.key === 'ArrowRight') go(detail.next);
    else if (ev.key === 'p' || ev.key === 'ArrowLeft') go(detail.previous);
  };
  document.addEventListener('keydown', onKey);
  return () => document.removeEventListener('keydown', onKey);
}

function detectorOf(run: string): Promise<DetectorReply | string> {
  let pmts = detectors.get(run);
  if (!pmts) {
    pmts = getJson<DetectorReply>(`/api/runs/${encodeURIComponent(run)}/detector`).catch((err: Error) => err.message);
    detectors.set(run, pmts);
  }
  return pmts;
}

function canvas(id: string, width: number, height: number, label: string): HTMLCanvasElement {
  return h('canvas', { id, width, height, role: 'img', 'aria-label': label }) as HTMLCanvasElement;
}

function maxChannel(pulses: PulseColumns): number {
  let max = 0;
  for (const c of pulses.channel) if (c > max) max = c;
  return max;
}

/** A zoom on the main S1 or S2: the summed waveform around it at up to one bin per sample. */
function zoom(
  detail: EventReply,
  role: 's1' | 's2',
  pulses: PulseColumns,
  channels: number,
  markers: Marker[],
  dt: number,
): HTMLElement {
  const peak = peakOf(detail, role);
  const title = `Main ${role.toUpperCase()}`;
  if (!peak)
    return h('div', {}, h('h4', {}, title), h('p', { class: 'muted', id: `zoom-${role}` }, 'none in this event'));
  const view = zoomOn(peak, dt, role === 's1' ? S1_PAD_NS : S2_PAD_NS);
  const c = canvas(`zoom-${role}`, 540, 200, `${title} zoom`);
  drawSum(c, binRecords(pulses, view, channels), view, markers);
  markRoles(c, view, [peak]);
  return h('div', {}, h('h4', {}, `${title}: ${shown(peak.area)} PE`), c);
}

/** Top and bottom hit patterns of the main S1 and S2; the reconstructed and true positions on the S2's top. */
function hitPatterns(detail: EventReply, patterns: Table | undefined, pmts: DetectorReply | string): HTMLElement {
  const section = h('section', { id: 'hit-patterns' }, h('h3', {}, 'Hit patterns'));
  if (typeof pmts === 'string') {
    section.append(h('p', { class: 'muted' }, pmts));
    return section;
  }
  if (!patterns) {
    section.append(h('p', { class: 'muted' }, 'no peaks or peaklets stored: no per-PMT areas'));
    return section;
  }
  const marks: PositionMark[] = [];
  const x = detail.event.s2_x;
  const y = detail.event.s2_y;
  if (typeof x === 'number' && typeof y === 'number') marks.push({ x, y, kind: 'reconstructed' });
  for (const t of detail.truth?.interactions ?? []) {
    if (typeof t.x === 'number' && typeof t.y === 'number') marks.push({ x: t.x, y: t.y, kind: 'true' });
  }
  for (const role of ['s1', 's2'] satisfies PeakRole[]) {
    const peak = peakOf(detail, role);
    const perChannel = peak && patternOf(patterns, peak);
    if (!peak || !perChannel) {
      section.append(h('p', { class: 'muted' }, `no main ${role.toUpperCase()}`));
      continue;
    }
    const canvases = (['top', 'bottom'] as const).map((array) => {
      const c = canvas(`hit-${role}-${array}`, 260, 260, `main ${role.toUpperCase()} ${array} array`);
      drawHitPattern(c, pmts, perChannel, array);
      if (role === 's2' && array === 'top') markPositions(c, pmts.radius, marks);
      return c;
    });
    section.append(
      h('h4', {}, `Main ${role.toUpperCase()}: ${shown(peak.area)} PE (${pmts.name}, dead PMTs grey)`),
      h('div', { class: 'facts' }, ...canvases),
    );
  }
  section.append(
    h(
      'p',
      { class: 'muted' },
      'on the S2 top array: × reconstructed position (s2_x, s2_y), ○ true position (simulation)',
    ),
  );
  return section;
}
