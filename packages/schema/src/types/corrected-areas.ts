import { defineRecord } from '../record.js';

/** Event areas corrected for where the event happened, and the combined energy. */
export const correctedAreas = defineRecord({
  name: 'corrected_areas',
  version: 1,
  storage: 'table',
  description:
    'Per event: S1 corrected for light collection at its position, S2 for electron lifetime and S2 yield map, and the combined energy; NaN where a peak or position is absent',
  fields: [
    { name: 'time', dtype: 'i64', unit: 'ns', description: 'Start of the event window since the Unix epoch' },
    { name: 'endtime', dtype: 'i64', unit: 'ns', description: 'End of the event window (exclusive)' },
    {
      name: 'cs1',
      dtype: 'f32',
      unit: 'PE',
      description: 'Main S1 area / relative S1 light collection at (s2_x, s2_y, drift_time)',
    },
    {
      name: 'cs2',
      dtype: 'f32',
      unit: 'PE',
      description: 'Main S2 area × elife_correction / S2 yield map at (s2_x, s2_y)',
    },
    {
      name: 'alt_cs1',
      dtype: 'f32',
      unit: 'PE',
      description: 'Alternative S1 area corrected as cs1, at its interaction drift time',
    },
    {
      name: 'alt_cs2',
      dtype: 'f32',
      unit: 'PE',
      description: 'Alternative S2 area corrected as cs2, at its interaction drift time and (alt_s2_x, alt_s2_y)',
    },
    {
      name: 'elife_correction',
      dtype: 'f32',
      unit: '',
      description: 'exp(drift_time / electron lifetime): the factor applied to the main S2',
    },
    {
      name: 'e_ces',
      dtype: 'f32',
      unit: 'keV',
      description: 'Combined energy W·(cs1/g1 + cs2/g2), W = 13.7 eV',
    },
  ],
});
