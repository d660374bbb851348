import { defineRecord } from '../record.js';
import { PULSE_FIELDS, SAMPLES_PER_RECORD } from './raw-records.js';

/** Baselined, sign-flipped records, laid out exactly as strax's records (record_dtype(110)). */
export const records = defineRecord({
  name: 'records',
  version: 1,
  storage: 'waveform',
  description:
    'raw_records with the baseline subtracted and the sign flipped so pulses are positive: data = int(baseline) - raw data, zero past length',
  fields: [
    ...PULSE_FIELDS,
    {
      name: 'area',
      dtype: 'i32',
      unit: 'ADC×samples',
      description: 'Integral of data plus the fractional baseline times length, rounded',
    },
    { name: 'reduction_level', dtype: 'u8', unit: '', description: 'Data reduction applied (strax ReductionLevel)' },
    {
      name: 'baseline',
      dtype: 'f32',
      unit: 'ADC',
      description: 'Baseline: mean of the first 40 samples of the pulse; data = int(baseline) - raw data',
    },
    {
      name: 'baseline_rms',
      dtype: 'f32',
      unit: 'ADC',
      description: 'Standard deviation of the first 40 samples of the pulse',
    },
    { name: 'amplitude_bit_shift', dtype: 'i16', unit: '', description: 'Multiply data by 2^this to get ADC counts' },
    {
      name: 'data',
      dtype: 'i16',
      shape: SAMPLES_PER_RECORD,
      unit: 'ADC',
      description: 'Waveform above the integer part of the baseline; zero past length',
    },
  ],
});
