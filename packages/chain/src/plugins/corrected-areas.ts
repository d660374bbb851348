import type { OptionSpec, OptionValues, Plugin } from '@dance/pipeline';
import { correctedAreas, RecordBatch, UserError } from '@dance/schema';
import { type CorrectionConditions, type CorrectionEvents, correctAreas, liveLightFraction } from '@dance/signal';
import { PMT_MAP_OPTIONS, pmtArrays } from './pmt-map.js';

/**
 * Options that are detector conditions: the CLI resolves each from the catalog condition of the same
 * name through a global tag (and records its exact version), so they have no default here.
 */
export const CONDITION_OPTIONS: readonly OptionSpec[] = [
  { name: 'electron_lifetime', type: 'number', tracked: true, description: 'electron lifetime in the liquid, ns' },
  { name: 'g1', type: 'number', tracked: true, description: 'S1 PE per emitted photon, volume average' },
  { name: 'g2', type: 'number', tracked: true, description: 'S2 PE per electron leaving the interaction' },
  {
    name: 'lce_depth_slope',
    type: 'number',
    tracked: true,
    description: 'S1 light collection: relative change per unit of depth/drift length, about mid-depth',
  },
  {
    name: 'lce_radial_slope',
    type: 'number',
    tracked: true,
    description: 'S1 light collection: relative change per unit of r²/R², about r²/R² = ½',
  },
  {
    name: 's2_xy_map',
    type: 'string',
    tracked: true,
    description:
      "S2 yield map over (x, y): 'flat' (1 everywhere) or 'light_model' (the share of S2 light reaching live PMTs under the solid-angle model)",
  },
];

/** event_basics → corrected_areas: cS1, cS2, their alternatives and e_ces from detector conditions. */
export const correctedAreasPlugin: Plugin = {
  name: 'corrected_areas',
  provides: correctedAreas,
  dependsOn: ['event_basics'],
  version: '1',
  code: [
    '@dance/chain/src/plugins/corrected-areas.ts',
    '@dance/chain/src/plugins/pmt-map.ts',
    '@dance/signal/src/corrections.ts',
    '@dance/signal/src/positions/light-model.ts',
  ],
  options: [
    ...CONDITION_OPTIONS,
    ...PMT_MAP_OPTIONS,
    {
      name: 's2_bottom_light_height',
      type: 'number',
      tracked: true,
      description: 'height above the bottom PMTs at which S2 light is emitted in the light model, cm',
    },
    {
      name: 's2_area_fraction_top',
      type: 'number',
      tracked: true,
      description: 'share of S2 light that goes to the top array in the light model',
    },
    {
      name: 's1_xyz_map',
      type: 'string',
      default: 'linear',
      tracked: true,
      description:
        "S1 light collection: 'linear' (the slopes alone) or 'light_model' (times the share of S1 light reaching live PMTs: dead PMTs' light restored)",
    },
    {
      name: 's1_area_fraction_top',
      type: 'numbers',
      default: -1,
      tracked: true,
      description:
        "share of S1 light that goes to the top array at the gate and at the cathode (two numbers), for s1_xyz_map 'light_model' (-1: not given)",
    },
    {
      name: 'max_drift_length',
      type: 'number',
      default: 148.6536,
      tracked: true,
      description: 'cathode-to-gate distance, cm (straxen: 148.6536)',
    },
    {
      name: 'electron_drift_velocity',
      type: 'number',
      default: 6.75e-5,
      tracked: true,
      description: 'electron drift velocity, cm/ns (straxen: 6.75e-5)',
    },
    { name: 'tpc_radius', type: 'number', default: 66.4, tracked: true, description: 'TPC radius, cm (straxen: 66.4)' },
  ],
  contextNs: () => 0,
  compute(inputs, options) {
    const e = inputs.event_basics;
    const out = correctAreas(e as unknown as CorrectionEvents, correctionConditions(options));
    return new RecordBatch(correctedAreas, e.length, {
      time: e.time.slice(),
      endtime: e.column('endtime').slice(),
      ...out,
    } as never);
  },
};

export function correctionConditions(o: OptionValues): CorrectionConditions {
  for (const name of ['electron_lifetime', 'g1', 'g2', 'max_drift_length', 'electron_drift_velocity', 'tpc_radius']) {
    if (!((o[name] as number) > 0)) throw new UserError(`option '${name}' must be > 0, got ${o[name]}`);
  }
  return {
    electronLifetime: o.electron_lifetime as number,
    g1: o.g1 as number,
    g2: o.g2 as number,
    lceDepthSlope: o.lce_depth_slope as number,
    lceRadialSlope: o.lce_radial_slope as number,
    driftLength: o.max_drift_length as number,
    radius: o.tpc_radius as number,
    driftVelocity: o.electron_drift_velocity as number,
    s1LiveShare: s1LiveShare(o),
    s2XyMap: s2YieldMap(o),
  };
}

/**
 * The S1 light-collection factor of dead PMTs the options name: undefined ('linear') or the live
 * share of the light from depth d under the light model, with the top array s2_light_height + d
 * above and the bottom one s2_bottom_light_height − d below, as the simulator draws S1 light.
 */
function s1LiveShare(o: OptionValues): ((x: number, y: number, depth: number) => number) | undefined {
  if (o.s1_xyz_map === 'linear') return undefined;
  if (o.s1_xyz_map !== 'light_model') {
    throw new UserError(
      `option 's1_xyz_map': unknown map ${JSON.stringify(o.s1_xyz_map)}; known: 'linear', 'light_model'`,
    );
  }
  const fractions = o.s1_area_fraction_top;
  if (!Array.isArray(fractions) || fractions.length !== 2 || !fractions.every((f) => f >= 0 && f <= 1)) {
    throw new UserError(
      `option 's1_area_fraction_top': s1_xyz_map 'light_model' needs two shares in [0, 1] (at the gate, at the cathode), got ${JSON.stringify(fractions)}`,
    );
  }
  const [atGate, atCathode] = fractions as number[];
  const pmts = pmtArrays(o, o.n_top_channels as number);
  const [top, bottom, length] = [o.s2_light_height, o.s2_bottom_light_height, o.max_drift_length] as number[];
  return (x, y, depth) =>
    liveLightFraction(pmts, x, y, top + depth, bottom - depth, atGate + ((atCathode - atGate) * depth) / length);
}

/** The S2 yield map the options name: undefined (flat) or the live share of the S2 light at (x, y). */
function s2YieldMap(o: OptionValues): ((x: number, y: number) => number) | undefined {
  if (o.s2_xy_map === 'flat') return undefined;
  if (o.s2_xy_map !== 'light_model') {
    throw new UserError(`option 's2_xy_map': unknown map ${JSON.stringify(o.s2_xy_map)}; known: 'flat', 'light_model'`);
  }
  const pmts = pmtArrays(o, o.n_top_channels as number);
  const [top, bottom, fraction] = [o.s2_light_height, o.s2_bottom_light_height, o.s2_area_fraction_top] as number[];
  return (x, y) => liveLightFraction(pmts, x, y, top, bottom, fraction);
}
