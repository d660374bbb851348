import { defineRecord } from '../record.js';

/** Samples per record, as strax's default raw_records dtype. */
export const SAMPLES_PER_RECORD = 110;

/** The fields that place a record in its pulse: shared by raw_records and records, as in strax. */
export const PULSE_FIELDS = [
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
] as const;

/** Digitizer pulses cut into fixed-length records, laid out exactly as strax's raw_records. */
export const rawRecords = defineRecord({
  name: 'raw_records',
  version: 1,
  storage: 'waveform',
  description:
    'Digitized pulses as the DAQ writes them: each pulse is cut into records of 110 samples; a pulse longer than that continues in records with record_i = 1, 2, ...',
  fields: [
    ...PULSE_FIELDS,
    { name: 'baseline', dtype: 'i16', unit: 'ADC', description: 'Baseline set by the digitizer (0 when not reported)' },
    {
      name: 'data',
      dtype: 'i16',
      shape: SAMPLES_PER_RECORD,
      unit: 'ADC',
      description: 'Waveform samples; unused samples past length are zero',
    },
  ],
});
