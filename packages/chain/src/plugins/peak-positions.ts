import type { OptionValues, Plugin } from '@dance/pipeline';
import { peakPositions, RecordBatch, UserError } from '@dance/schema';
import { type PositionPeaks, reconstructPositions, type TopArray } from '@dance/signal';
import { PMT_MAP_OPTIONS, pmtArrays } from './pmt-map.js';

/**
 * peaks → peak_positions: centroid and likelihood (x, y) of each S2 from its top-array pattern,
 * against the solid-angle light model. The PMT geometry comes from options (the CLI fills them from
 * the run's detector), so a changed PMT map or dead PMT changes the lineage.
 */
export const peakPositionsPlugin: Plugin = {
  name: 'peak_positions',
  provides: peakPositions,
  dependsOn: ['peaks'],
  version: '1',
  code: [
    '@dance/chain/src/plugins/peak-positions.ts',
    '@dance/chain/src/plugins/pmt-map.ts',
    '@dance/signal/src/positions',
  ],
  options: [
    ...PMT_MAP_OPTIONS,
    {
      name: 'min_reconstruction_area',
      type: 'number',
      default: 10,
      tracked: true,
      description: 'PE of live top-array light an S2 needs for a position (straxen: 10)',
    },
  ],
  contextNs: () => 0,
  compute(inputs, options) {
    const p = inputs.peaks;
    const out = reconstructPositions(p as unknown as PositionPeaks, {
      array: topArray(options),
      nTopChannels: options.n_top_channels as number,
      minArea: options.min_reconstruction_area as number,
    });
    return new RecordBatch(peakPositions, p.length, { time: p.time.slice(), endtime: p.endTime(), ...out } as never);
  },
};

/** The top array the options describe; UserError when the PMT lists do not cover it. */
export function topArray(options: OptionValues): TopArray {
  const pmts = pmtArrays(options, options.n_top_channels as number);
  const lightHeight = options.s2_light_height as number;
  if (!(lightHeight > 0)) throw new UserError(`option 's2_light_height' must be > 0 cm, got ${lightHeight}`);
  const top = (a: Float64Array | Uint8Array) => a.subarray(0, pmts.nTop);
  return { x: top(pmts.x), y: top(pmts.y), live: top(pmts.live), lightHeight };
}
