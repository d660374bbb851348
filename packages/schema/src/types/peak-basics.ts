import { defineRecord } from '../record.js';

/** The small per-peak summary analyses read, with straxen's peak_basics field names. */
export const peakBasics = defineRecord({
  name: 'peak_basics',
  version: 2,
  storage: 'table',
  description: 'Per-peak summary (area, widths, rise time, channels, brightest PMT, S1/S2 type) without the waveforms',
  fields: [
    { name: 'time', dtype: 'i64', unit: 'ns', description: 'Start time of the peak since the Unix epoch' },
    { name: 'endtime', dtype: 'i64', unit: 'ns', description: 'End time of the peak (exclusive)' },
    { name: 'center_time', dtype: 'i64', unit: 'ns', description: 'Area-weighted mean time of the peak' },
    { name: 'area', dtype: 'f32', unit: 'PE', description: 'Integral across channels' },
    { name: 'n_hits', dtype: 'i32', unit: '', description: 'Hits clustered into the peak' },
    { name: 'n_channels', dtype: 'i16', unit: '', description: 'Channels with positive area' },
    { name: 'max_pmt', dtype: 'i16', unit: '', description: 'Channel with the largest area' },
    { name: 'max_pmt_area', dtype: 'f32', unit: 'PE', description: 'Area of that channel' },
    { name: 'range_50p_area', dtype: 'f32', unit: 'ns', description: 'Width of the central 50 % of the area' },
    { name: 'range_90p_area', dtype: 'f32', unit: 'ns', description: 'Width of the central 90 % of the area' },
    { name: 'area_fraction_top', dtype: 'f32', unit: '', description: 'Fraction of the area seen by the top array' },
    { name: 'length', dtype: 'i32', unit: 'samples', description: 'Samples of the stored waveform' },
    { name: 'dt', dtype: 'i32', unit: 'ns', description: 'Width of one stored sample' },
    { name: 'rise_time', dtype: 'f32', unit: 'ns', description: 'Time from 10 % to 50 % of the area' },
    {
      name: 'tight_coincidence',
      dtype: 'i16',
      unit: '',
      description: 'Channels with a hit maximum near the peak maximum',
    },
    { name: 'type', dtype: 'i8', unit: '', description: 'Classification: 0 unknown, 1 S1, 2 S2' },
    { name: 'merged', dtype: 'bool', unit: '', description: 'True when the peak was made by merging peaklets' },
  ],
});
