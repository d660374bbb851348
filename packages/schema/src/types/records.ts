import { defineRecord } from '../record.js';
import { SAMPLES_PER_RECORD } from './raw-records.js';

/** Baselined, sign-flipped records, laid out exactly as strax's records (record_dtype(110)). */
export const records = defineRecord({
  name: 'records',
  version: 1,
  storage: 'waveform',
  description:
    'raw_records with the baseline subtracted and the sign flipped so pulses are positive: data = int(baseline) - raw data, zero past length',
  fields: [
    { name: 'time', dtype: 'i64', unit: 'ns', description: 'Start time of the record since the Unix epoch' },
    { name: 'length', dtype: 'i32', unit: 'samples', description: 'Number of valid samples in data' },
    { name: 'dt', dtype: 'i16', unit: 'ns', description: 'Sampling interval' },
    { name: 'channel', dtype: 'i16', unit: '', description: 'PMT channel number' },
    {
      name: 'pulse_length',
      dtype: 'i32',
      unit: 'samples',
      description: 'Length of the whole pulse this record belongs to',
    },
    { name: 'record_i', dtype: 'i16', unit: '', description: 'Index of this record within its pulse' },
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
