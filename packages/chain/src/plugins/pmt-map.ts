import type { OptionSpec, OptionValues } from '@dance/pipeline';
import { UserError } from '@dance/schema';

/** The PMT map and S2 light height, shared by name between position reconstruction and the S2 yield map. */
export const PMT_MAP_OPTIONS: readonly OptionSpec[] = [
  {
    name: 'n_top_channels',
    type: 'integer',
    tracked: true,
    description: 'channels below this number form the top array',
  },
  {
    name: 'pmt_x',
    type: 'numbers',
    tracked: true,
    description: 'x of each PMT centre, cm, by channel (top array first; at least n_top_channels)',
  },
  { name: 'pmt_y', type: 'numbers', tracked: true, description: 'y of each PMT centre, cm, by channel' },
  {
    name: 'dead_pmts',
    type: 'numbers',
    default: -1,
    tracked: true,
    description: 'channels that see no light: left out of the position fit, their light lost (-1: none)',
  },
  {
    name: 's2_light_height',
    type: 'number',
    tracked: true,
    description: 'height above the top PMTs at which S2 light is emitted in the light model, cm',
  },
];

/** PMT centres and liveness from the options; UserError when the lists do not cover the top array. */
export function pmtArrays(
  options: OptionValues,
  nTop: number,
): { x: Float64Array; y: Float64Array; live: Uint8Array; nTop: number } {
  const list = (name: string) => {
    const v = options[name] as number | readonly number[];
    const values = typeof v === 'number' ? [v] : v;
    if (values.length < nTop) {
      throw new UserError(`option '${name}' lists ${values.length} PMTs; the top array has n_top_channels=${nTop}`);
    }
    return Float64Array.from(values);
  };
  const x = list('pmt_x');
  const y = list('pmt_y');
  if (x.length !== y.length) throw new UserError(`options 'pmt_x' and 'pmt_y' list ${x.length} and ${y.length} PMTs`);
  const live = new Uint8Array(x.length).fill(1);
  const dead = options.dead_pmts as number | readonly number[];
  for (const ch of typeof dead === 'number' ? [dead] : dead) {
    if (ch === -1 || ch >= x.length) continue; // -1: none; channels without a position see no light anyway
    if (!Number.isInteger(ch) || ch < 0) throw new UserError(`option 'dead_pmts': ${ch} is not a channel number`);
    live[ch] = 0;
  }
  return { x, y, live, nTop };
}
