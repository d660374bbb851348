import type { OptionValues, Plugin } from '@dance/pipeline';
import { N_CHANNELS, peaklets, RecordBatch, UserError } from '@dance/schema';
import { buildPeaklets, findHits, giveBackColumns, type RecordColumns, type Table } from '@dance/signal';
import { HIT_OPTIONS, hitOptions } from './hit-options.js';

/** ns a hit's integration reaches past it in the sum waveform (straxen save_outside_hits), fixed in the kernel. */
const INTEGRATION_NS = 200;

/**
 * records → peaklets, as straxen's Peaklets: hits found again in the records (so peaklets never
 * depend on how a stored hits product was chunked), clustered across channels, sum waveforms with
 * gains, properties, natural-breaks splitting and tight coincidence.
 */
export const peakletsPlugin: Plugin = {
  name: 'peaklets',
  provides: peaklets,
  dependsOn: ['records'],
  version: '1',
  code: ['@dance/chain/src/plugins/peaklets.ts', '@dance/chain/src/plugins/hit-options.ts', '@dance/signal/src'],
  options: [
    ...HIT_OPTIONS,
    {
      name: 'to_pe',
      type: 'numbers',
      tracked: true,
      description: `gain in PE per ADC×sample, one value for every channel or one per channel (up to ${N_CHANNELS})`,
    },
    {
      name: 'n_top_channels',
      type: 'integer',
      tracked: true,
      description: 'channels below this number form the top array',
    },
    {
      name: 'peaklet_gap_threshold',
      type: 'number',
      default: 700,
      tracked: true,
      description: 'ns between hits that start a new peaklet',
    },
    {
      name: 'peak_left_extension',
      type: 'number',
      default: 30,
      tracked: true,
      description: 'ns added before the first hit',
    },
    {
      name: 'peak_right_extension',
      type: 'number',
      default: 200,
      tracked: true,
      description: 'ns added after the last hit',
    },
    { name: 'peak_min_pmts', type: 'integer', default: 2, tracked: true, description: 'channels a peaklet needs' },
    {
      name: 'peak_split',
      type: 'boolean',
      default: true,
      tracked: true,
      description: 'split peaklets at natural breaks',
    },
    {
      name: 'tight_coincidence_window',
      type: 'number',
      default: 50,
      tracked: true,
      description: 'ns before and after a peaklet maximum counted for tight_coincidence',
    },
  ],
  // no peaklet spans a gap wider than the gap threshold, and half the gap holds every extension
  contextNs: (o) =>
    Math.max(
      o.peaklet_gap_threshold as number,
      2 * Math.max(o.peak_left_extension as number, o.peak_right_extension as number, INTEGRATION_NS),
      2 * (o.tight_coincidence_window as number),
    ),
  compute(inputs, options) {
    const recs = inputs.records as unknown as Table<RecordColumns>;
    const found = findHits(recs, hitOptions(options));
    const window = options.tight_coincidence_window as number;
    const out = buildPeaklets(recs, found, {
      toPe: gains(options),
      nTopChannels: options.n_top_channels as number,
      gapThreshold: options.peaklet_gap_threshold as number,
      leftExtension: options.peak_left_extension as number,
      rightExtension: options.peak_right_extension as number,
      minChannels: options.peak_min_pmts as number,
      split: options.peak_split ? {} : false,
      tightCoincidence: [window, window],
    });
    giveBackColumns(found.columns);
    positiveZeros(out.columns.area_per_channel);
    return new RecordBatch(peaklets, out.length, out.columns as never);
  },
  release: (output) => giveBackColumns(output.columns),
};

/**
 * Turns −0 into +0. strax clears its per-channel areas by multiplying by zero, so a channel the
 * previous peak left negative reads −0 in the next peak: a value that depends on which peak came
 * before in the chunk, hence on chunking. Numerically nothing changes.
 */
function positiveZeros(values: Float32Array): void {
  for (let i = 0; i < values.length; i++) if (values[i] === 0) values[i] = 0;
}

/** to_pe as one gain per stored channel: a scalar fills all; a shorter list leaves absent channels at 0. */
export function gains(options: OptionValues): Float64Array {
  const toPe = options.to_pe as number | readonly number[];
  if (typeof toPe === 'number') return new Float64Array(N_CHANNELS).fill(toPe);
  if (toPe.length > N_CHANNELS) {
    throw new UserError(`option 'to_pe' lists ${toPe.length} channels; peaklets store at most ${N_CHANNELS}`);
  }
  const out = new Float64Array(N_CHANNELS);
  out.set(toPe);
  return out;
}
