import type { OptionValues, Plugin } from '@dance/pipeline';
import { peakPositions, RecordBatch, UserError } from '@dance/schema';
import { type PositionPeaks, reconstructPositions, type TopArray } from '@dance/signal';

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
  code: ['@dance/chain/src/plugins/peak-positions.ts', '@dance/signal/src/positions'],
  options: [
    {
      name: 'n_top_channels',
      type: 'integer',
      tracked: true,
      description: 'channels below this number form the top array',
    },
    { name: 'pmt_x', type: 'numbers', tracked: true, description: 'x of each top PMT centre, cm, by channel' },
    { name: 'pmt_y', type: 'numbers', tracked: true, description: 'y of each top PMT centre, cm, by channel' },
    {
      name: 'dead_pmts',
      type: 'numbers',
      default: -1,
      tracked: true,
      description: 'channels left out of the position fit (-1: none)',
    },
    {
      name: 's2_light_height',
      type: 'number',
      tracked: true,
      description: 'height above the top PMTs at which S2 light is emitted in the light model, cm',
    },
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
  const nTop = options.n_top_channels as number;
  const list = (name: string) => {
    const v = options[name] as number | readonly number[];
    const values = typeof v === 'number' ? [v] : v;
    if (values.length < nTop) {
      throw new UserError(`option '${name}' lists ${values.length} PMTs; the top array has n_top_channels=${nTop}`);
    }
    return Float64Array.from(values.slice(0, nTop));
  };
  const live = new Uint8Array(nTop).fill(1);
  const dead = options.dead_pmts as number | readonly number[];
  for (const ch of typeof dead === 'number' ? [dead] : dead) {
    if (ch === -1 || ch >= nTop) continue; // -1: none; bottom PMTs play no part in the fit
    if (!Number.isInteger(ch) || ch < 0) throw new UserError(`option 'dead_pmts': ${ch} is not a channel number`);
    live[ch] = 0;
  }
  const lightHeight = options.s2_light_height as number;
  if (!(lightHeight > 0)) throw new UserError(`option 's2_light_height' must be > 0 cm, got ${lightHeight}`);
  return { x: list('pmt_x'), y: list('pmt_y'), live, lightHeight };
}
