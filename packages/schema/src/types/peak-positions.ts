import { defineRecord } from '../record.js';

/** Where each peak's light came from in (x, y): one row per row of `peaks`, in the same order. */
export const peakPositions = defineRecord({
  name: 'peak_positions',
  version: 1,
  storage: 'table',
  description:
    "Position of each peak from its top-array hit pattern: area-weighted centroid and likelihood fit against the detector's light-collection model; NaN for non-S2 peaks and S2s with little top light",
  fields: [
    { name: 'time', dtype: 'i64', unit: 'ns', description: 'Start time of the peak since the Unix epoch' },
    { name: 'endtime', dtype: 'i64', unit: 'ns', description: 'End time of the peak (exclusive)' },
    {
      name: 'x_centroid',
      dtype: 'f32',
      unit: 'cm',
      description: 'Area-weighted mean x of the live top PMTs (pulled towards the centre); NaN when x is',
    },
    {
      name: 'y_centroid',
      dtype: 'f32',
      unit: 'cm',
      description: 'Area-weighted mean y of the live top PMTs; NaN when y is',
    },
    {
      name: 'x',
      dtype: 'f32',
      unit: 'cm',
      description:
        'Maximum-likelihood x of the top pattern (Poisson, dead PMTs excluded); NaN for non-S2s and when the top area is below min_reconstruction_area',
    },
    { name: 'y', dtype: 'f32', unit: 'cm', description: 'Maximum-likelihood y of the top pattern; NaN when x is' },
    {
      name: 'position_deviance',
      dtype: 'f32',
      unit: 'PE',
      description:
        'Poisson deviance 2Σ a·ln(a/μ) of the fit over live top PMTs: about (1 + gain variance) × live PMTs with light for a good fit; NaN when x is',
    },
  ],
});
