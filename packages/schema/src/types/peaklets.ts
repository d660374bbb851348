import { defineRecord } from '../record.js';

/** Channels of the XENONnT-like TPC strax's peak_dtype is sized for. */
export const N_CHANNELS = 494;
/** Samples of a peak's (downsampled) sum waveform. */
export const PEAK_WAVEFORM_SAMPLES = 200;
/** Area-fraction widths stored per peak: central 0 %, 10 %, ..., 100 %. */
export const N_WIDTHS = 11;

/** Clusters of hits across channels with their sum waveform, laid out exactly as strax's peak_dtype(n_channels=494). */
export const peaklets = defineRecord({
  name: 'peaklets',
  version: 1,
  storage: 'waveform',
  description:
    'Hits of all channels clustered in time (gap < 700 ns, >= 2 channels), with the gain-weighted sum waveform and shape properties, split at natural breaks',
  fields: [
    { name: 'time', dtype: 'i64', unit: 'ns', description: 'Start time of the peaklet since the Unix epoch' },
    { name: 'length', dtype: 'i32', unit: 'samples', description: 'Number of samples of data in use' },
    { name: 'dt', dtype: 'i32', unit: 'ns', description: 'Width of one (possibly downsampled) sample' },
    { name: 'channel', dtype: 'i16', unit: '', description: 'Always -1: the sum over channels' },
    { name: 'type', dtype: 'i8', unit: '', description: 'Classification: 0 unknown, 1 S1, 2 S2' },
    { name: 'area', dtype: 'f32', unit: 'PE', description: 'Integral across channels' },
    { name: 'area_fraction_top', dtype: 'f32', unit: '', description: 'Fraction of the area seen by the top array' },
    { name: 'area_per_channel', dtype: 'f32', shape: N_CHANNELS, unit: 'PE', description: 'Integral per channel' },
    { name: 'n_hits', dtype: 'i32', unit: '', description: 'Number of hits clustered into the peaklet' },
    {
      name: 'data_top',
      dtype: 'f32',
      shape: PEAK_WAVEFORM_SAMPLES,
      unit: 'PE/sample',
      description: 'Sum waveform of the top array',
    },
    {
      name: 'data_start',
      dtype: 'f32',
      shape: PEAK_WAVEFORM_SAMPLES,
      unit: 'PE/sample',
      description: 'First samples of the sum waveform at full resolution',
    },
    {
      name: 'data',
      dtype: 'f32',
      shape: PEAK_WAVEFORM_SAMPLES,
      unit: 'PE/sample',
      description: 'Sum waveform, downsampled to fit',
    },
    { name: 'center_time', dtype: 'i64', unit: 'ns', description: 'Area-weighted mean time since the Unix epoch' },
    { name: 'median_time', dtype: 'f32', unit: 'ns', description: 'Time of 50 % area after the peaklet start' },
    {
      name: 'width',
      dtype: 'f32',
      shape: N_WIDTHS,
      unit: 'ns',
      description: 'Width holding the central 0, 10, ..., 100 % of the area',
    },
    {
      name: 'area_decile_from_midpoint',
      dtype: 'f32',
      shape: N_WIDTHS,
      unit: 'ns',
      description: 'Time of 0, 10, ..., 100 % area minus the time of 50 %',
    },
    {
      name: 'saturated_channel',
      dtype: 'i8',
      shape: N_CHANNELS,
      unit: '',
      description: '1 where the channel reaches ADC saturation',
    },
    { name: 'n_saturated_channels', dtype: 'i16', unit: '', description: 'Number of saturated channels' },
    {
      name: 'tight_coincidence',
      dtype: 'i16',
      unit: '',
      description: 'Channels with a hit maximum within ±50 ns of the peak maximum',
    },
    { name: 'max_gap', dtype: 'i32', unit: 'ns', description: 'Largest gap between hits inside the peaklet' },
    { name: 'max_goodness_of_split', dtype: 'f32', unit: '', description: 'Largest natural-breaks goodness of split' },
    { name: 'max_diff', dtype: 'i32', unit: 'ns', description: 'Largest time difference between hit maxima' },
    { name: 'min_diff', dtype: 'i32', unit: 'ns', description: 'Smallest time difference between hit maxima' },
    { name: 'first_channel', dtype: 'i16', unit: '', description: 'Channel of the earliest hit maximum' },
    { name: 'last_channel', dtype: 'i16', unit: '', description: 'Channel of the latest hit maximum' },
  ],
});
