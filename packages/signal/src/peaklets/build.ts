import { ChunkClock } from '../chunk-clock.js';
import { HIT_OFFSETS, type HitColumns, type HitOffsets } from '../hits.js';
import { type IntegrationOptions, setIntegrationBounds } from '../integration-bounds.js';
import { timeChannelOrder } from '../order.js';
import { recordLinks } from '../record-links.js';
import type { RecordColumns } from '../records.js';
import { samplesPerRecord } from '../records.js';
import { type Table, takeRows } from '../table.js';
import { type ClusterOptions, clusterHits } from './find-peaks.js';
import { straxenSplitThreshold } from './natural-breaks.js';
import { type PeakletColumns, type Peaks, toPeaklets } from './peak-columns.js';
import { computeProperties } from './properties.js';
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
  const sorted = takeRows(HIT_OFFSETS, found, timeChannelOrder(found.time, found.channel, hits.length));
  const { peaks, peakOfHit } = clusterHits(sorted, hits.length, options.toPe, options);

  const inPeaks: number[] = [];
  for (let i = 0; i < hits.length; i++) if (peakOfHit[i] >= 0) inPeaks.push(i);
  const extended = takeRows(HIT_OFFSETS, sorted, inPeaks);
  const n = inPeaks.length;
  setIntegrationBounds(extended, n, recordTime, records.columns.length, options.integration);
  for (let i = 0; i < n; i++) {
    extended.time[i] -= (extended.left[i] - extended.left_integration[i]) * extended.dt[i];
    extended.length[i] = extended.right_integration[i] - extended.left_integration[i];
  }
  const hitsByTime = takeRows(HIT_OFFSETS, extended, timeChannelOrder(extended.time, extended.channel, n));

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
  const rebuild = (p: Peaks) => {
    buildSumWaveforms(p, hitsByTime, n, source);
    computeProperties(p, source.nTopChannels);
  };
  rebuild(peaks);
  const result =
    options.split === false
      ? peaks
      : splitPeaks(peaks, dt, { threshold: straxenSplitThreshold, ...options.split }, rebuild);
  if (options.tightCoincidence !== false) {
    const [before, after] = options.tightCoincidence ?? [50, 50];
    const byMax = timeChannelOrder(extended.max_time, extended.channel, n);
    const maxTime = Float64Array.from(byMax, (i) => extended.max_time[i]);
    const channel = Int16Array.from(byMax, (i) => extended.channel[i]);
    setTightCoincidence(result, maxTime, channel, n, before, after);
  }
  return toPeaklets(result, clock);
}
