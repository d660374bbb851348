import { defineRecord } from '../record.js';

/** Intervals of a record above threshold, laid out exactly as strax's hit_dtype. */
export const hits = defineRecord({
  name: 'hits',
  version: 1,
  storage: 'table',
  description:
    'Maximal runs of record samples at or above the hit threshold, cut at record ends (a pulse crossing a record boundary gives two hits)',
  fields: [
    { name: 'time', dtype: 'i64', unit: 'ns', description: 'Time of the first sample of the hit since the Unix epoch' },
    { name: 'length', dtype: 'i32', unit: 'samples', description: 'Number of samples in the hit' },
    { name: 'dt', dtype: 'i16', unit: 'ns', description: 'Sampling interval' },
    { name: 'channel', dtype: 'i16', unit: '', description: 'PMT channel number' },
    {
      name: 'area',
      dtype: 'f32',
      unit: 'ADC×samples',
      description: 'Sum of the hit samples plus length times the fractional baseline',
    },
    { name: 'left', dtype: 'i16', unit: 'samples', description: 'Index in the record of the first hit sample' },
    { name: 'right', dtype: 'i16', unit: 'samples', description: 'Index in the record just past the hit (exclusive)' },
    {
      name: 'left_integration',
      dtype: 'i16',
      unit: 'samples',
      description: 'Index in the record where integration starts (may be negative)',
    },
    {
      name: 'right_integration',
      dtype: 'i16',
      unit: 'samples',
      description: 'Index in the record just past the integration region',
    },
    {
      name: 'record_i',
      dtype: 'i32',
      unit: '',
      description: 'Row of the record the hit was found in, counted over the whole run (strax counts within a chunk)',
    },
    { name: 'threshold', dtype: 'f32', unit: 'ADC', description: 'Threshold applied to find this hit' },
    { name: 'height', dtype: 'f32', unit: 'ADC', description: 'Maximum sample plus the fractional baseline' },
    {
      name: 'max_time',
      dtype: 'i64',
      unit: 'ns',
      description: 'Time of the first maximum sample since the Unix epoch',
    },
  ],
});
