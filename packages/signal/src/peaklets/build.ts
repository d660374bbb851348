import { ChunkClock } from '../chunk-clock.js';
import { giveBackColumns, lendColumn } from '../column-pool.js';
import { HIT_OFFSETS, type HitColumns, type HitOffsets } from '../hits.js';
import { type IntegrationOptions, setIntegrationBounds } from '../integration-bounds.js';
import { timeChannelOrder } from '../order.js';
import { recordLinks } from '../record-links.js';
import type { RecordColumns } from '../records.js';
import { samplesPerRecord } from '../records.js';
import { pickColumns, type Table, takeRows } from '../table.js';
import { type ClusterOptions, clusterHits } from './find-peaks.js';
import { straxenSplitThreshold } from './natural-breaks.js';
import { type PeakletColumns, type Peaks, toPeaklets } from './peak-columns.js';
import { shapeProperties } from './properties.js';
import { type SplitOptions, splitPeaks } from './split.js';
import { buildSumWaveforms, type WaveformSource } from './sum-waveform.js';
import { setTightCoincidence } from './tight-coincidence.js';

export interface PeakletOptions extends ClusterOptions {
  /** Gain per channel in PE per ADC×sample; its length is the number of channels. */
  toPe: ArrayLike<number>;
  /** Channels below this number form the top array (XENONnT: 253); 0 leaves area_fraction_top at 0. */
  nTopChannels?: number;
  /** ns of waveform kept around each hit in the sum waveform (straxen: 30 before, 200 after, past record ends). */
  integration?: IntegrationOptions;
  /** Natural-breaks splitting (straxen defaults; threshold defaults to straxen's); false to skip. */
  split?: Partial<SplitOptions> | false;
  /** ns before and after a peak's maximum sample for tight_coincidence (straxen: 50, 50); false to skip. */
  tightCoincidence?: readonly [number, number] | false;
}

/**
 * Peaklets from records and their hits, as straxen's Peaklets with strax's functions: hits sorted by
 * time, clustered (clusterHits); hits of rejected clusters dropped; the rest extended to their
 * integration bounds; sum waveforms, downsampling and properties; natural-breaks splitting.
 * Then tight_coincidence as straxen defines it. max_diff, min_diff and first/last_channel are not
 * computed yet (0, or −1 on split pieces, as strax's functions leave them).
 */
export function buildPeaklets(
  records: Table<RecordColumns>,
  hits: Table<HitColumns>,
  options: PeakletOptions,
): Table<PeakletColumns> {
  const dt = records.length === 0 ? 1 : records.columns.dt[0];
  const clock = ChunkClock.forSamples(records.columns.time, dt);
  const recordTime = clock.offsets(records.columns.time);
  const found: HitOffsets = {
    ...hits.columns,
    time: clock.offsets(hits.columns.time),
    max_time: clock.offsets(hits.columns.max_time),
  };
  const order = timeChannelOrder(found.time, found.channel, hits.length);
  const sorted = takeRows(CLUSTERED_HITS, found, order);
  const { peaks, peakOfHit } = clusterHits(sorted, hits.length, options.toPe, options);
  // Hits of rejected clusters (strax's lone hits) take no part in the sum waveforms.
  const joined = inPeaks(order, peakOfHit);
  const extended = takeRows(PEAKLET_HITS, found, joined);
  const n = extended.time.length;
  setIntegrationBounds(extended, n, recordTime, records.columns.length, options.integration);
  extendToIntegrationBounds(extended, n);
  // extending hits rarely reorders them: copy them only if it did
  const byTime = timeChannelOrder(extended.time, extended.channel, n);
  const hitsByTime = isIdentity(byTime) ? extended : takeRows(PEAKLET_HITS, extended, byTime);

  const c = records.columns;
  const spr = samplesPerRecord(records);
  const source: WaveformSource = {
    records: c,
    recordTime,
    samplesPerRecord: spr,
    dt,
    links: recordLinks(recordTime, c.dt, c.channel, c.record_i, spr),
    toPe: options.toPe,
    nTopChannels: options.nTopChannels ?? 0,
  };
  // shape properties row by row as each is stored; area_fraction_top comes with the channel areas
  const rebuild = (p: Peaks) => buildSumWaveforms(p, hitsByTime, n, source, (k) => shapeProperties(p.cols, k));
  rebuild(peaks);
  const result =
    options.split === false
      ? peaks
      : splitPeaks(peaks, dt, { threshold: straxenSplitThreshold, ...options.split }, rebuild);
  if (options.tightCoincidence !== false) {
    const [before, after] = options.tightCoincidence ?? [50, 50];
    const maxOrder = timeChannelOrder(extended.max_time, extended.channel, n);
    const byMax = takeRows(HIT_MAXIMA, extended, maxOrder);
    setTightCoincidence(result, byMax.max_time, byMax.channel, n, before, after);
    giveBackColumns({ ...byMax, maxOrder });
  }
  // scratch of this call, not views of the inputs or the output
  const scratch: object[] = [
    sorted,
    extended,
    hitsByTime,
    { recordTime, time: found.time, max_time: found.max_time, order, peakOfHit, joined, byTime },
    source.links,
  ];
  if (result.cols !== peaks.cols) scratch.push(peaks.cols); // splitting moved the rows to a larger table
  for (const columns of scratch) giveBackColumns(columns);
  const out = toPeaklets(result, clock);
  giveBackColumns({ time: result.cols.time, center_time: result.cols.center_time });
  return out;
}

/** The hit columns peaklet building uses. */
const PEAKLET_HITS = pickColumns(HIT_OFFSETS, [
  'time',
  'length',
  'dt',
  'channel',
  'area',
  'left',
  'left_integration',
  'right_integration',
  'record_i',
  'max_time',
]);
const HIT_MAXIMA = pickColumns(HIT_OFFSETS, ['max_time', 'channel']);

/** What clustering reads of each hit. */
const CLUSTERED_HITS = pickColumns(HIT_OFFSETS, ['time', 'length', 'dt', 'channel', 'area']);

/** Rows (of the unsorted hits) of the sorted hits that joined a peak, in sorted order. */
function inPeaks(order: Uint32Array, peakOfHit: Int32Array): Uint32Array {
  let n = 0;
  for (let i = 0; i < peakOfHit.length; i++) if (peakOfHit[i] >= 0) n++;
  const rows = lendColumn(Uint32Array, n);
  for (let i = 0, k = 0; i < peakOfHit.length; i++) if (peakOfHit[i] >= 0) rows[k++] = order[i];
  return rows;
}

function isIdentity(order: Uint32Array): boolean {
  for (let i = 0; i < order.length; i++) if (order[i] !== i) return false;
  return true;
}

/** Hit time and length become those of the integration window, as straxen does before summing. */
function extendToIntegrationBounds(
  hits: Pick<HitOffsets, 'time' | 'length' | 'dt' | 'left' | 'left_integration' | 'right_integration'>,
  n: number,
): void {
  const { time, length, dt, left, left_integration, right_integration } = hits;
  for (let i = 0; i < n; i++) {
    time[i] -= (left[i] - left_integration[i]) * dt[i];
    length[i] = right_integration[i] - left_integration[i];
  }
}
