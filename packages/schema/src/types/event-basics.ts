import type { Dtype } from '../dtype.js';
import { defineRecord, type FieldSpec } from '../record.js';

/** The four peaks event_basics describes, by field prefix. */
export const EVENT_PEAKS = [
  ['s1', 'main S1'],
  ['alt_s1', 'alternative S1'],
  ['s2', 'main S2'],
  ['alt_s2', 'alternative S2'],
] as const;

/** The peak_basics fields copied for each of the four peaks (and `index`, its row in peaks). */
export const EVENT_PEAK_FIELDS: readonly (readonly [string, Dtype, string, string])[] = [
  ['index', 'i32', '', "Row of the {peak} in the run's peaks (and peak_basics); -1 when absent"],
  ['time', 'i64', 'ns', 'Start time of the {peak}; -1 when absent'],
  ['center_time', 'i64', 'ns', 'Area-weighted mean time of the {peak}; -1 when absent'],
  ['endtime', 'i64', 'ns', 'End time of the {peak}; -1 when absent'],
  ['area', 'f32', 'PE', 'Area of the {peak}; NaN when absent'],
  ['n_channels', 'i16', '', 'Channels with positive area in the {peak}; -1 when absent'],
  ['n_hits', 'i32', '', 'Hits in the {peak}; -1 when absent'],
  ['max_pmt', 'i16', '', 'Channel with the largest area in the {peak}; -1 when absent'],
  ['max_pmt_area', 'f32', 'PE', 'Area of that channel; NaN when absent'],
  ['range_50p_area', 'f32', 'ns', 'Width of the central 50 % of the {peak} area; NaN when absent'],
  ['range_90p_area', 'f32', 'ns', 'Width of the central 90 % of the {peak} area; NaN when absent'],
  ['rise_time', 'f32', 'ns', 'Time from 10 % to 50 % of the {peak} area; NaN when absent'],
  ['area_fraction_top', 'f32', '', 'Fraction of the {peak} area seen by the top array; NaN when absent'],
  ['tight_coincidence', 'i16', '', 'Channels with a hit maximum near the {peak} maximum; -1 when absent'],
];

const f = (name: string, dtype: Dtype, unit: string, description: string): FieldSpec => ({
  name,
  dtype,
  unit,
  description,
});

/** Per-event summary with straxen's event_basics names: main and alternative S1/S2, drift time, S2 positions. */
export const eventBasics = defineRecord({
  name: 'event_basics',
  version: 1,
  storage: 'table',
  description:
    'Per event: the main S2 (largest S2), main and alternative S1 (largest S1s before it with tight coincidence), alternative S2, their properties, drift time and S2 positions',
  fields: [
    f('time', 'i64', 'ns', 'Start of the event window since the Unix epoch'),
    f('endtime', 'i64', 'ns', 'End of the event window (exclusive)'),
    f('event_number', 'i64', '', 'Number of the event in the run, from 0 in time order'),
    f('n_peaks', 'i32', '', 'Peaks fully inside the event window'),
    f('drift_time', 'f32', 'ns', 'Main S2 center_time minus main S1 center_time; NaN without both'),
    ...EVENT_PEAKS.flatMap(([prefix, peak]) =>
      EVENT_PEAK_FIELDS.map(([name, dtype, unit, text]) =>
        f(`${prefix}_${name}`, dtype, unit, text.replace('{peak}', peak)),
      ),
    ),
    f('s2_x', 'f32', 'cm', 'Likelihood x of the main S2 (peak_positions); NaN when absent or not reconstructed'),
    f('s2_y', 'f32', 'cm', 'Likelihood y of the main S2 (peak_positions); NaN when absent or not reconstructed'),
    f('alt_s2_x', 'f32', 'cm', 'Likelihood x of the alternative S2; NaN when absent or not reconstructed'),
    f('alt_s2_y', 'f32', 'cm', 'Likelihood y of the alternative S2; NaN when absent or not reconstructed'),
    f(
      'alt_s1_interaction_drift_time',
      'f32',
      'ns',
      'Main S2 center_time minus alternative S1 center_time; NaN without both',
    ),
    f(
      'alt_s2_interaction_drift_time',
      'f32',
      'ns',
      'Alternative S2 center_time minus main S1 center_time; NaN without both',
    ),
  ],
});
